/**
 * The outbox's background work (registered in src/server/workers.ts): queue `outbox.dispatch`, run by a
 * cron sweep every minute (Asia/Ho_Chi_Minh) and by in-process nudges right after `notify()` / a resend
 * writes rows. Each run releases expired leases and drains every due row (./dispatcher.ts).
 *
 * Channel adapters come from the configuration (./channels/index.ts: `KIENTAO_SMTP_URL`,
 * `KIENTAO_SMS_ADAPTER`, `KIENTAO_ZALO_ADAPTER`). On shutdown the dispatcher stops cleanly (the in-flight batch
 * is sent and recorded, no new batch starts) before the queue and the database close.
 */
import type { BackgroundContext } from '../../server/workers.ts';
import type { ServerContext } from '../../server/context.ts';
import { closeChannelAdapters, createChannelAdapters } from './channels/index.ts';
import { OutboxDispatcher } from './dispatcher.ts';
import { configureNotify } from './notify.ts';

export const OUTBOX_QUEUE = 'outbox.dispatch';

const dispatchers = new WeakMap<ServerContext, OutboxDispatcher>();

/** The dispatcher this server runs (tests), or undefined when its queue is off. */
export function outboxDispatcherOf(sctx: ServerContext): OutboxDispatcher | undefined {
  return dispatchers.get(sctx);
}

/** Defines the queue, its worker and the sweep schedule; starts delivering what is due. */
export async function registerOutboxWorkers(sctx: BackgroundContext): Promise<void> {
  const { queue, config } = sctx;
  configureNotify({ publicUrl: config.publicUrl });
  const quiet = config.logLevel === 'silent';
  const adapters = createChannelAdapters(config, (line) => {
    if (!quiet) process.stdout.write(`${line}\n`);
  });
  const dispatcher = new OutboxDispatcher(sctx.database.db, adapters, {
    warn: (m, d) => {
      if (!quiet) console.warn(m, d ?? '');
    },
  });
  dispatchers.set(sctx, dispatcher);
  await queue.define({ name: OUTBOX_QUEUE, retryLimit: 1, retryDelaySeconds: 30, expireInSeconds: 15 * 60 });
  await queue.work(OUTBOX_QUEUE, async () => {
    await dispatcher.drain({ recover: true });
  });
  await queue.schedule(OUTBOX_QUEUE, '* * * * *', {});
  // clean stop before the queue (and then the database) closes: finish the in-flight batch, send no new one
  const stopQueue = queue.stop.bind(queue);
  queue.stop = async (opts) => {
    await dispatcher.stop();
    await closeChannelAdapters(adapters);
    return stopQueue(opts);
  };
  dispatcher.nudge();
}
