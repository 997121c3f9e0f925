window.__order = (window.__order || '') + 'a';
