/**
 * Fee payments (phí, lệ phí; ND 61/2018 Art 17). No payment gateway is reachable here: the service records
 * every payment through the `PaymentGateway` interface; `LogPaymentGateway` writes `dossier_payments`
 * (provider 'log', status 'paid') and numbers receipts per receiving body per year
 * (`BL-<body>-<YYYY>-000001`, atomic `number_counters` upsert, unique under concurrency).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import { dossierPayments } from '../../db/schema.ts';
import { toHcmDate } from '../../kernel/calendar/index.ts';

export interface PaymentRequest {
  dossierId: string;
  receivingBodyCode: string;
  /** VND */
  amount: number;
  /** a receipt number typed by the cashier (paper receipt); null = generate one */
  receiptNumber: string | null;
  stage: 'intake' | 'before_return';
  at: Date;
  createdBy: string | null;
}

export interface PaymentRecord {
  id: string;
  receiptNumber: string;
  status: 'paid';
  provider: string;
  providerRef: string | null;
}

export interface PaymentGateway {
  /** Records a payment inside the caller's transaction. */
  collect(tx: Tx, req: PaymentRequest): Promise<PaymentRecord>;
}

/** The prefix of a body's receipt series for a year. */
export const receiptPrefix = (body: string, year: string) => `BL-${body}-${year}`;

/** Reserves `n` consecutive numbers of a counter series atomically; returns the first. */
export async function reserveNumbers(tx: Tx, prefix: string, n: number): Promise<number> {
  const [row] = await queryRows<{ last: number }>(
    tx,
    sql`INSERT INTO number_counters (prefix, last) VALUES (${prefix}, ${n})
        ON CONFLICT (prefix) DO UPDATE SET last = number_counters.last + ${n} RETURNING last`,
  );
  return Number(row!.last) - n + 1;
}

export class LogPaymentGateway implements PaymentGateway {
  async collect(tx: Tx, req: PaymentRequest): Promise<PaymentRecord> {
    let receipt = req.receiptNumber;
    if (!receipt) {
      const year = toHcmDate(req.at).slice(0, 4);
      const prefix = receiptPrefix(req.receivingBodyCode, year);
      const n = await reserveNumbers(tx, prefix, 1);
      receipt = `${prefix}-${String(n).padStart(6, '0')}`;
    }
    const id = randomUUID();
    await tx.insert(dossierPayments).values({
      id,
      dossierId: req.dossierId,
      amount: req.amount,
      status: 'paid',
      receiptNumber: receipt,
      provider: 'log',
      providerRef: `log:${id}`,
      stage: req.stage,
      at: req.at,
      createdBy: req.createdBy,
    });
    return { id, receiptNumber: receipt, status: 'paid', provider: 'log', providerRef: `log:${id}` };
  }
}

export const defaultPaymentGateway: PaymentGateway = new LogPaymentGateway();
