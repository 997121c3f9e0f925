/* Declared in the registry (twice, as ?first and ?second) under the
   statistics category: counts the runs of each. */
(function () {
  var key = document.currentScript.src.split('?')[1];
  var runs = window.__registryRuns = window.__registryRuns || {};
  runs[key] = (runs[key] || 0) + 1;
})();
