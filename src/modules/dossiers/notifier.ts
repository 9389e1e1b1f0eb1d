/**
 * Messages to citizens (SMS / e-mail): verification codes for online filing, notices. No SMS or mail
 * gateway is reachable here: `LogNotifier` writes every message to `sent_messages` (tests read codes there).
 * When the server runs on demo data (`config.demo`), the log notifier also prints each message on the
 * server's stdout — one line `[demo] SMS 090****567: <text>` — so a person trying the demo finds the
 * verification code of an online filing in the window that runs the server (no SMS is really sent).
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/engine.ts';
import { sentMessages } from '../../db/schema.ts';
import { maskRecipient } from '../notifications/channels/mask.ts';

export interface OutgoingMessage {
  /** 'sms' | 'email' */
  channel: 'sms' | 'email';
  recipient: string;
  subject?: string | null;
  body: string;
  /** what it is about, e.g. `verification:<id>` or `dossier:<code>` */
  ref?: string | null;
}

export interface Notifier {
  send(tx: Tx, msg: OutgoingMessage): Promise<void>;
}

/** A recipient masked for a log line (shared with the notifications module's channels). */
export { maskRecipient };

/** The one stdout line of a message sent in demo mode: channel, masked recipient, text (no newlines). */
export function demoLine(msg: OutgoingMessage): string {
  const text = [msg.subject, msg.body].filter(Boolean).join(' — ').replace(/\s+/g, ' ');
  return `[demo] ${msg.channel === 'sms' ? 'SMS' : 'E-mail'} ${maskRecipient(msg.recipient)}: ${text}`;
}

export class LogNotifier implements Notifier {
  /**
   * `print`: where a demo server echoes each message (one line, `demoLine`); none outside demo mode.
   */
  constructor(private readonly print?: (line: string) => void) {}

  async send(tx: Tx, msg: OutgoingMessage): Promise<void> {
    await tx.insert(sentMessages).values({
      id: randomUUID(),
      channel: msg.channel,
      recipient: msg.recipient,
      subject: msg.subject ?? null,
      body: msg.body,
      ref: msg.ref ?? null,
    });
    this.print?.(demoLine(msg));
  }
}

export const defaultNotifier: Notifier = new LogNotifier();

/** The notifier of a server: demo data → also printed on stdout; otherwise `sent_messages` only. */
export function notifierFor(demo: boolean): Notifier {
  return demo ? new LogNotifier((line) => process.stdout.write(`${line}\n`)) : defaultNotifier;
}
