window.__order = (window.__order || '') + 'c';
