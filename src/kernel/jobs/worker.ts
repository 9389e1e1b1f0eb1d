/**
 * CPU-heavy document building off the HTTP event loop (issue 6 point 10): `runInWorker(module, fn, input)`
 * runs `fn(input, { onProgress })` — an export of a TypeScript module of this project that returns bytes — in
 * a fresh `node:worker_threads` worker (worker.mjs), relaying its progress. The worker registers tsx's loader
 * itself, so it runs under `node --import tsx` (tests, dev) and from the esbuild bundle (`npm start`, where
 * tsx is a runtime dependency) alike. Aborting `signal` terminates the worker at once. The input crosses the
 * thread boundary by structured clone; the result bytes are transferred, not copied.
 *
 * Cost: starting a worker and loading the renderer takes ~0.3–1 s (the loader compiles on first use and
 * caches); this is paid per job, in the background, never on the event loop.
 */
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../../paths.ts';
import { AppError } from '../errors.ts';

const WORKER = fromRoot('src', 'kernel', 'jobs', 'worker.mjs');

export interface WorkerOptions {
  onProgress?(pct: number): void;
  signal?: AbortSignal;
}

/**
 * Runs export `fn` of `modulePath` (relative to the project root, e.g.
 * `src/modules/reports/periodic/docx.ts`) in a worker thread; resolves with the bytes it returns.
 */
export function runInWorker(
  modulePath: string,
  fn: string,
  input: unknown,
  opts: WorkerOptions = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      return;
    }
    const worker = new Worker(WORKER, {
      execArgv: [],
      workerData: { module: pathToFileURL(fromRoot(modulePath)).href, fn, input },
    });
    let settled = false;
    const settle = (e: Error | null, v?: Buffer) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (e) reject(e);
      else resolve(v!);
    };
    const onAbort = () => settle(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on(
      'message',
      (m: {
        type: string;
        pct?: number;
        data?: Uint8Array;
        name?: string;
        message?: string;
        code?: string;
        status?: number;
      }) => {
        if (m.type === 'progress') opts.onProgress?.(m.pct ?? 0);
        else if (m.type === 'done')
          settle(null, Buffer.from(m.data!.buffer, m.data!.byteOffset, m.data!.byteLength));
        else if (m.type === 'error') {
          const e =
            m.status && m.code
              ? new AppError(m.status, m.code, m.message ?? '', m.message ?? '')
              : Object.assign(new Error(m.message), { name: m.name ?? 'Error' });
          settle(e);
        }
      },
    );
    worker.on('error', (e) => settle(e));
    worker.on('exit', (code) => settle(new Error(`worker exited with code ${code} before answering`)));
  });
}
