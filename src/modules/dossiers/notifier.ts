/**
 * Messages to citizens (SMS / e-mail): verification codes for online filing, notices. No SMS or mail
 * gateway is reachable here: `LogNotifier` writes every message to `sent_messages` (tests read codes there).
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/engine.ts';
import { sentMessages } from '../../db/schema.ts';

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

export class LogNotifier implements Notifier {
  async send(tx: Tx, msg: OutgoingMessage): Promise<void> {
    await tx.insert(sentMessages).values({
      id: randomUUID(),
      channel: msg.channel,
      recipient: msg.recipient,
      subject: msg.subject ?? null,
      body: msg.body,
      ref: msg.ref ?? null,
    });
  }
}

export const defaultNotifier: Notifier = new LogNotifier();
