/**
 * CPU-heavy document building off the HTTP event loop (issue 6 point 10): `runInWorker(module, fn, input)`
 * runs `fn(input, { onProgress })` — an export of a TypeScript module of this project that returns bytes — in
 * a `node:worker_threads` worker (worker.mjs), relaying its progress.
 *
 * - Workers are long-lived and reused (a pool of at most `KIENTAO_WORKERS`, default 2 = the job concurrency):
 *   starting one and loading the renderer costs seconds on a busy machine (measured 5–7 s at load 15 on
 *   2 cores, ~0.5 s idle); a warm worker renders the 9-month report in well under a second. Idle workers are
 *   `unref`ed, so they never keep the process alive.
 * - The worker registers tsx's loader itself, so it runs under `node --import tsx` (tests, dev) and from the
 *   esbuild bundle (`npm start`, where tsx is a runtime dependency) alike.
 * - Aborting `signal` terminates the worker doing that task at once (a new one starts for the next task).
 * - The input crosses the thread boundary by structured clone; the result bytes are transferred, not copied.
 */
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../../paths.ts';
import { AppError } from '../errors.ts';

const WORKER = fromRoot('src', 'kernel', 'jobs', 'worker.mjs');
const MAX = Math.max(1, Number(process.env.KIENTAO_WORKERS) || 2);

export interface WorkerOptions {
  onProgress?(pct: number): void;
  signal?: AbortSignal;
}

interface Message {
  id?: number;
  type: string;
  pct?: number;
  data?: Uint8Array;
  name?: string;
  message?: string;
  code?: string;
  status?: number;
}

interface Task {
  id: number;
  module: string;
  fn: string;
  input: unknown;
  onMessage(m: Message): void;
  onFail(e: Error): void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

const slots: Slot[] = [];
const waiting: Task[] = [];
let nextId = 1;

function spawnSlot(): Slot {
  const worker = new Worker(WORKER, { execArgv: [] });
  const slot: Slot = { worker, task: null };
  worker.unref();
  worker.on('message', (m: Message) => {
    if (m.type === 'ready' || !slot.task || m.id !== slot.task.id) return;
    const task = slot.task;
    if (m.type === 'done' || m.type === 'error') {
      slot.task = null;
      worker.unref();
      task.onMessage(m);
      dispatch();
    } else task.onMessage(m);
  });
  const gone = (e: Error) => {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    const task = slot.task;
    slot.task = null;
    task?.onFail(e);
    dispatch();
  };
  worker.on('error', gone);
  worker.on('exit', (code) => gone(new Error(`worker exited with code ${code}`)));
  slots.push(slot);
  return slot;
}

function dispatch() {
  while (waiting.length) {
    const slot = slots.find((s) => !s.task) ?? (slots.length < MAX ? spawnSlot() : null);
    if (!slot) return;
    const task = waiting.shift()!;
    slot.task = task;
    slot.worker.ref();
    slot.worker.postMessage({ id: task.id, module: task.module, fn: task.fn, input: task.input });
  }
}

/** Terminates the worker running task `id` (abort); a queued task is just dropped. */
function abortTask(id: number) {
  const i = waiting.findIndex((t) => t.id === id);
  if (i >= 0) {
    waiting.splice(i, 1);
    return;
  }
  const slot = slots.find((s) => s.task?.id === id);
  if (slot) {
    slots.splice(slots.indexOf(slot), 1);
    slot.task = null;
    void slot.worker.terminate();
    dispatch();
  }
}

const abortError = () => Object.assign(new Error('aborted'), { name: 'AbortError' });

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
      reject(abortError());
      return;
    }
    const id = nextId++;
    let settled = false;
    const settle = (e: Error | null, v?: Buffer) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      if (e) reject(e);
      else resolve(v!);
    };
    const onAbort = () => {
      abortTask(id);
      settle(abortError());
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    waiting.push({
      id,
      module: pathToFileURL(fromRoot(modulePath)).href,
      fn,
      input,
      onFail: (e) => settle(e),
      onMessage: (m) => {
        if (m.type === 'progress') opts.onProgress?.(m.pct ?? 0);
        else if (m.type === 'done')
          settle(null, Buffer.from(m.data!.buffer, m.data!.byteOffset, m.data!.byteLength));
        else if (m.type === 'error')
          settle(
            m.status && m.code
              ? new AppError(m.status, m.code, m.message ?? '', m.message ?? '')
              : Object.assign(new Error(m.message), { name: m.name ?? 'Error' }),
          );
      },
    });
    dispatch();
  });
}

/** Starts the workers ahead of the first task (optional; the first export is then fast too). */
export function warmWorkers(n = 1): void {
  while (slots.length < Math.min(n, MAX)) spawnSlot();
}
