/**
 * The SMTP adapter (e-mail through nodemailer's pooled transport; config `KIENTAO_SMTP_URL`, sender
 * `KIENTAO_MAIL_FROM`). Each outbox row is one message to one recipient with the stable
 * `Message-ID: <row id@host of the sender>`, so a resend after a crash repeats the same message.
 *
 * Errors: a 5xx answer to the recipient or to the message (EENVELOPE / EMESSAGE with a 5xx code, e.g.
 * `550 mailbox unavailable`) is permanent (`PermanentSendError`: the row fails at once); connection errors,
 * time-outs, 4xx answers and authentication failures (a configuration to fix) are retried with back-off.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { ChannelAdapter, OutgoingMessage, SendOutcome } from '../types.ts';
import { PermanentSendError } from '../types.ts';
import { scrubAddresses } from './mask.ts';

/** The domain of a sender address such as `Kiến Tạo <no-reply@kientao.local>` (default `kientao.local`). */
export function senderHost(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from.trim());
  return m ? m[1]!.toLowerCase() : 'kientao.local';
}

/** The Message-ID of an outbox row: `<id@host>`. */
export const messageIdFor = (rowId: string, from: string) => `<${rowId}@${senderHost(from)}>`;

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * Maps a nodemailer error to a permanent failure or rethrows it as retryable (see the module header). The text
 * has every e-mail address and phone number (and `address`, the recipient, in any spelling) scrubbed out:
 * servers repeat the recipient in their replies (`550 5.1.1 <x@y>: Recipient address rejected`).
 */
export function classifySmtpError(e: unknown, address?: string | null): Error {
  const err = e as SmtpError;
  const code = err?.responseCode;
  const text = scrubAddresses(err?.response || err?.message || String(e), address).slice(0, 500);
  if (code && code >= 500 && code < 600 && (err.code === 'EENVELOPE' || err.code === 'EMESSAGE'))
    return new PermanentSendError(`SMTP ${code}: ${text}`, `smtp_${code}`);
  const r = new Error(`${err?.code ?? 'SMTP'}${code ? ` ${code}` : ''}: ${text}`);
  return r;
}

export interface SmtpAdapterOptions {
  url: string;
  from: string;
  /** pooled connections (default 5) */
  maxConnections?: number;
  /** connection / greeting / socket time-outs in ms (default 15 s / 15 s / 30 s) */
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
}

export class SmtpAdapter implements ChannelAdapter {
  readonly channel = 'email' as const;
  readonly name = 'smtp';
  private readonly transport: Transporter;
  constructor(private readonly opts: SmtpAdapterOptions) {
    const u = new URL(opts.url);
    const secure = u.protocol === 'smtps:';
    this.transport = nodemailer.createTransport({
      pool: true,
      host: u.hostname,
      port: Number(u.port) || (secure ? 465 : 587),
      secure,
      auth: u.username
        ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
        : undefined,
      ignoreTLS: u.searchParams.get('ignoreTLS') === 'true',
      requireTLS: u.searchParams.get('requireTLS') === 'true',
      tls:
        u.searchParams.get('tlsRejectUnauthorized') === 'false' ? { rejectUnauthorized: false } : undefined,
      maxConnections: opts.maxConnections ?? 5,
      maxMessages: 1000,
      connectionTimeout: opts.connectionTimeoutMs ?? 15_000,
      greetingTimeout: opts.connectionTimeoutMs ?? 15_000,
      socketTimeout: opts.socketTimeoutMs ?? 30_000,
    });
  }

  async send(msg: OutgoingMessage): Promise<SendOutcome> {
    try {
      const info = await this.transport.sendMail({
        from: this.opts.from,
        to: msg.address,
        subject: msg.subject ?? '',
        text: msg.text,
        html: msg.html ?? undefined,
        messageId: messageIdFor(msg.id, this.opts.from),
        headers: { 'X-KienTao-Outbox-Id': msg.id },
      });
      if (info.rejected?.length)
        throw new PermanentSendError(`SMTP rejected ${info.rejected.length} recipient(s)`);
      return { providerMessageId: info.messageId };
    } catch (e) {
      if (e instanceof PermanentSendError) throw e;
      throw classifySmtpError(e, msg.address);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
