/**
 * The log adapter (default for SMS and Zalo, and for e-mail when no SMTP server is configured): writes one
 * masked line per message to the server log — channel, masked address, message id, subject (no body: it may
 * hold item titles) — and answers "accepted" (the row goes `sent`). No external service is reachable here.
 */
import type { ChannelAdapter, OutboxChannel, OutgoingMessage, SendOutcome } from '../types.ts';
import { maskRecipient } from './mask.ts';

export type LogLine = (line: string) => void;

/** The one log line of a message sent through the log adapter. */
export function logAdapterLine(msg: OutgoingMessage): string {
  const what = msg.subject ?? `${msg.text.length} chars`;
  return `[outbox:${msg.channel}] ${maskRecipient(msg.address)} <${msg.id}> ${what.replace(/\s+/g, ' ')}`;
}

export class LogAdapter implements ChannelAdapter {
  readonly name = 'log';
  /** every line written, newest last (at most 1,000; tests read it) */
  readonly lines: string[] = [];
  constructor(
    readonly channel: OutboxChannel,
    private readonly write: LogLine = (l) => console.log(l),
  ) {}

  async send(msg: OutgoingMessage): Promise<SendOutcome> {
    const line = logAdapterLine(msg);
    this.lines.push(line);
    if (this.lines.length > 1000) this.lines.shift();
    this.write(line);
    return { providerMessageId: `log:${msg.id}` };
  }
}
