// The one consent-gated script of every bench page: records when it ran and
// tells the benchmark (a CDP binding, when present).
if (window.__gatedAt === undefined) {
  window.__gatedAt = performance.now();
  if (typeof window.__benchGated === 'function') window.__benchGated(String(window.__gatedAt));
}
window.__gatedRuns = (window.__gatedRuns || 0) + 1;
