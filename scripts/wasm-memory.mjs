// Bytes of every WebAssembly.Memory alive in a page, found through the heap
// over the Chrome DevTools Protocol: the module exposes nothing for it.
// Shared by the benchmark and the end-to-end tests.

/** @param {import('playwright-core').CDPSession} cdp a session attached to the page */
export async function wasmMemoryBytes(cdp) {
  const proto = await cdp.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
  const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
  const sum = await cdp.send('Runtime.callFunctionOn', {
    objectId: objects.objectId, returnByValue: true,
    functionDeclaration: 'function () { return this.reduce((n, m) => n + m.buffer.byteLength, 0); }',
  });
  return sum.result.value;
}
