/* Test stand-in for an optional script: counts its runs. */
window.__gatedRuns = (window.__gatedRuns || 0) + 1;
