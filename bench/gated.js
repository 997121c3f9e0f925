// The one consent-gated script of every bench page: records when it ran.
if (window.__gatedAt === undefined) window.__gatedAt = performance.now();
window.__gatedRuns = (window.__gatedRuns || 0) + 1;
