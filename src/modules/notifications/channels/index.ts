/**
 * The channel adapters of a server (issue 7 §3): e-mail through SMTP (`KIENTAO_SMTP_URL`, else the log
 * adapter), SMS (`KIENTAO_SMS_ADAPTER`) and Zalo (`KIENTAO_ZALO_ADAPTER`) through an adapter by name — `log`
 * (default) writes one masked line to the server log. A real gateway plugs in as a class implementing
 * `ChannelAdapter` registered under a name (see docs/notifications.md):
 *
 *   registerChannelAdapter('sms', 'viettel', (config) => new ViettelSmsAdapter(process.env.VIETTEL_SMS_KEY!));
 *   // then KIENTAO_SMS_ADAPTER=viettel
 *
 * An unknown adapter name is a configuration error: `createChannelAdapters` throws at start-up.
 */
import type { Config } from '../../../config.ts';
import type { ChannelAdapter, OutboxChannel } from '../types.ts';
import { LogAdapter, type LogLine } from './log.ts';
import { SmtpAdapter } from './smtp.ts';

export type ChannelAdapters = Record<OutboxChannel, ChannelAdapter>;
export type AdapterFactory = (config: Config, log: LogLine) => ChannelAdapter;

const factories = new Map<string, AdapterFactory>();

/** Registers a gateway adapter under `channel:name` (call before the server starts its workers). */
export function registerChannelAdapter(channel: OutboxChannel, name: string, factory: AdapterFactory): void {
  factories.set(`${channel}:${name}`, factory);
}

function byName(channel: OutboxChannel, name: string, config: Config, log: LogLine): ChannelAdapter {
  if (name === 'log') return new LogAdapter(channel, log);
  const f = factories.get(`${channel}:${name}`);
  if (!f)
    throw new Error(
      `unknown ${channel} adapter '${name}' (KIENTAO_${channel.toUpperCase()}_ADAPTER); known: log${[
        ...factories.keys(),
      ]
        .filter((k) => k.startsWith(`${channel}:`))
        .map((k) => `, ${k.slice(channel.length + 1)}`)
        .join('')}`,
    );
  const a = f(config, log);
  if (a.channel !== channel) throw new Error(`adapter '${name}' is for ${a.channel}, not ${channel}`);
  return a;
}

/** The adapters a server uses, from its configuration. `log` receives the log adapters' lines. */
export function createChannelAdapters(
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'smsAdapter' | 'zaloAdapter'> & Partial<Config>,
  log: LogLine = (l) => console.log(l),
): ChannelAdapters {
  const cfg = config as Config;
  return {
    email: config.smtpUrl
      ? new SmtpAdapter({ url: config.smtpUrl, from: config.mailFrom })
      : new LogAdapter('email', log),
    sms: byName('sms', config.smsAdapter, cfg, log),
    zalo: byName('zalo', config.zaloAdapter, cfg, log),
  };
}

/** Closes every adapter (pooled SMTP connections). */
export async function closeChannelAdapters(a: ChannelAdapters): Promise<void> {
  await Promise.all(Object.values(a).map((x) => x.close?.()));
}
