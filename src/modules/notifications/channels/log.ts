/**
 * The log adapter (default for SMS and Zalo, and for e-mail when no SMTP server is configured): writes one
 * line per message to the server log — channel, the fully masked address (`***`, `***@***`: the adapter does not
 * know whose address it is, and a petition citizen's may not be shown even partly, review F3), message id,
 * subject (no body: it may hold item titles) — and answers "accepted" (the row goes `sent`). The message id
 * leads to the row in the outbox. No external service is reachable here.
 */
import type { ChannelAdapter, OutboxChannel, OutgoingMessage, SendOutcome } from '../types.ts';
import { maskFully } from './mask.ts';

export type LogLine = (line: string) => void;

/** The one log line of a message sent through the log adapter. */
export function logAdapterLine(msg: OutgoingMessage): string {
  const what = msg.subject ?? `${msg.text.length} chars`;
  return `[outbox:${msg.channel}] ${maskFully(msg.address)} <${msg.id}> ${what.replace(/\s+/g, ' ')}`;
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
