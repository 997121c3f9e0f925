// A page's deferred bundle: records when it ran and whether the consent
// module was ready by then.
window.__lateAt = performance.now();
window.__readyBeforeLate = window.__readyAt !== undefined;
