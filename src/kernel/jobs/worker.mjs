// The worker-thread side of `runInWorker` (worker.ts): loads the TypeScript sources through tsx's loader
// (so it works both under `node --import tsx` and from the esbuild bundle), imports `workerData.module`,
// calls its export `workerData.fn(input, { onProgress })` and posts back `{ type: 'progress', pct }`
// messages and finally `{ type: 'done', data }` (the bytes, transferred) or `{ type: 'error', … }`.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
try {
  const mod = await import(workerData.module);
  const fn = mod[workerData.fn];
  if (typeof fn !== 'function') throw new Error(`${workerData.fn} is not exported by ${workerData.module}`);
  const out = await fn(workerData.input, {
    onProgress: (pct) => parentPort.postMessage({ type: 'progress', pct }),
  });
  const data = new Uint8Array(out); // a copy we own, so its buffer can be transferred
  parentPort.postMessage({ type: 'done', data }, [data.buffer]);
} catch (e) {
  parentPort.postMessage({
    type: 'error',
    name: e?.name ?? 'Error',
    message: String(e?.message ?? e),
    code: e?.code ?? null,
    status: e?.status ?? null,
  });
}
