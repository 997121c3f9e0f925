// Main-thread time from a Chromium trace, for the benchmark.
//
// CDP's `ScriptDuration` leaves out work done in promise callbacks (a 30 ms
// busy loop in `Promise.then` reads as 0 ms), and most consent modules start
// in one. A trace sees everything the renderer's main thread ran: this module
// takes the union of its script events (tasks that run JavaScript, microtask
// checkpoints, WebAssembly compilation) in a time window and reports the
// style, layout and paint nested inside them apart.

/** Categories to record (`browser.startTracing(page, { categories })`). */
export const TRACE_CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'v8.wasm',
  'disabled-by-default-v8.compile', 'blink.user_timing',
];

/** Events that are script: running, compiling or parsing JavaScript or WebAssembly. */
const SCRIPT = new Set([
  'EvaluateScript', 'FunctionCall', 'RunMicrotasks', 'v8.callFunction', 'v8.run', 'v8.compile',
  'v8.compileModule', 'v8.evaluateModule', 'v8.produceModuleCache', 'v8.produceCache',
  'TimerFire', 'FireAnimationFrame', 'FireIdleCallback', 'EventDispatch', 'ParseAuthorStyleSheet',
  'V8.CompileCode', 'V8.ScriptCompiler', 'v8.parseOnBackground', 'v8.newInstance',
]);
const isScript = (e) => SCRIPT.has(e.name) || e.name.startsWith('wasm.') || e.name.startsWith('v8.wasm');
/** Rendering work: style, layout, paint. */
const RENDERING = new Set(['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'RecalculateStyles']);

/** Sorted, merged [start, end) intervals. */
export function union(intervals) {
  const s = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Total length of the intersection of two merged interval lists. */
export function overlap(xs, ys) {
  let i = 0, j = 0, total = 0;
  while (i < xs.length && j < ys.length) {
    const a = Math.max(xs[i][0], ys[j][0]);
    const b = Math.min(xs[i][1], ys[j][1]);
    if (b > a) total += b - a;
    if (xs[i][1] < ys[j][1]) i++; else j++;
  }
  return total;
}

const length = (xs) => xs.reduce((t, [a, b]) => t + (b - a), 0);
const clip = (xs, from, to) => xs.map(([a, b]) => [Math.max(a, from), Math.min(b, to)]).filter(([a, b]) => b > a);

/** Complete events (`X`, and `B`/`E` pairs) of one thread as [name, start, end] in µs. */
function spans(events, pid, tid) {
  const out = [];
  const open = [];
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid) continue;
    if (e.ph === 'X') out.push([e.name, e.ts, e.ts + (e.dur || 0)]);
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b) out.push([b.name, b.ts, e.ts]);
    }
  }
  return out;
}

/**
 * The main-thread figures of one page load.
 *
 * `trace` is the parsed JSON of a trace; `pagePath` a part of the page's URL
 * that identifies its navigation; `untilMs` the end of the window in
 * milliseconds after navigation start (the page's `performance.now()`).
 * Returns `{ scriptMs, renderingInScriptMs, renderingMs, wasmCompileMs, lazyFunctions }`.
 */
export function mainThread(trace, pagePath, untilMs) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const nav = events.filter((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame
    && String(e.args.data.documentLoaderURL || '').includes(pagePath));
  if (!nav.length) throw new Error(`trace: no navigationStart for ${pagePath}`);
  const start = nav[nav.length - 1];
  const from = start.ts;
  const to = from + untilMs * 1000;
  const all = spans(events, start.pid, start.tid);
  const script = clip(union(all.filter(([n]) => isScript({ name: n })).map(([, a, b]) => [a, b])), from, to);
  const rendering = clip(union(all.filter(([n]) => RENDERING.has(n)).map(([, a, b]) => [a, b])), from, to);
  const nested = overlap(script, rendering);
  const wasm = all.filter(([n, a]) => n.startsWith('wasm.') && a >= from && a < to);
  const compile = clip(union(wasm.filter(([n]) => /compile/i.test(n)).map(([, a, b]) => [a, b])), from, to);
  return {
    scriptMs: (length(script) - nested) / 1000,
    renderingInScriptMs: nested / 1000,
    renderingMs: length(rendering) / 1000,
    wasmCompileMs: length(compile) / 1000,
    lazyFunctions: wasm.filter(([n]) => n === 'wasm.CompileLazy').length,
  };
}
