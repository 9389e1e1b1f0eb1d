// The worker-thread side of `runInWorker` (worker.ts). A long-lived worker: it registers tsx's loader once
// (so it runs both under `node --import tsx` and from the esbuild bundle), then serves tasks one at a time:
// `{ id, module, fn, input }` → imports `module` (cached after the first task), calls its export
// `fn(input, { onProgress })` and posts `{ id, type: 'progress', pct }` messages, then
// `{ id, type: 'done', data }` (the bytes, transferred) or `{ id, type: 'error', … }`.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
parentPort.on('message', async (task) => {
  const { id } = task;
  try {
    const mod = await import(task.module);
    const fn = mod[task.fn];
    if (typeof fn !== 'function') throw new Error(`${task.fn} is not exported by ${task.module}`);
    const out = await fn(task.input, {
      onProgress: (pct) => parentPort.postMessage({ id, type: 'progress', pct }),
    });
    const data = new Uint8Array(out); // a copy we own, so its buffer can be transferred
    parentPort.postMessage({ id, type: 'done', data }, [data.buffer]);
  } catch (e) {
    parentPort.postMessage({
      id,
      type: 'error',
      name: e?.name ?? 'Error',
      message: String(e?.message ?? e),
      code: e?.code ?? null,
      status: e?.status ?? null,
    });
  }
});
parentPort.postMessage({ type: 'ready' });
