/**
 * Background work of this process: the queue's workers and schedules (docs/queue.md).
 *
 * `buildApp` opens the queue when `config.queue` is true (`KIENTAO_QUEUE`, default 1) and then calls
 * {@link startBackground}, which runs every registration below once, in order. A registration defines its
 * queues (`queue.define`), registers this process's worker for each (`queue.work`) and its cron schedules
 * (`queue.schedule`, time zone Asia/Ho_Chi_Minh by default). Handlers must be idempotent (delivery is
 * at-least-once). The queue is stopped gracefully in the app's `onClose`, before the database closes.
 *
 * TO ADD ONE: import your `register…Workers(sctx: BackgroundContext): Promise<void>` and add it to
 * `registrations` — one line each.
 */
import type { Queue } from '../kernel/queue/types.ts';
import type { ServerContext } from './context.ts';
import { registerReminderWorkers } from '../modules/notifications/reminders/workers.ts';
import { registerOutboxWorkers } from '../modules/notifications/workers.ts';
import { registerDigestWorkers } from '../modules/notifications/digest.ts';

/** What a registration gets: the server context with the queue open. */
export type BackgroundContext = ServerContext & { queue: Queue };

export type BackgroundRegistration = (sctx: BackgroundContext) => Promise<void>;

/** The registrations, run in this order at start (one line per module). */
export const registrations: BackgroundRegistration[] = [
  registerOutboxWorkers,
  registerDigestWorkers,
  registerReminderWorkers,
];

/** Runs every registration; no-op when this process runs no queue (`sctx.queue` null). */
export async function startBackground(sctx: ServerContext): Promise<void> {
  if (!sctx.queue) return;
  // the same object (not a copy): what a module reads from it later is what the routes see
  for (const register of registrations) await register(sctx as BackgroundContext);
}
