/**
 * Procedure catalogue commands and look-ups (REFERENCE §2 "Procedure", §3; ND 63/2010/NĐ-CP Art 13–15).
 * A procedure has versions in force on [validFrom, validTo]; a dossier keeps the version in force on the
 * day it was received (REFERENCE §0: "a case keeps the version in force when received").
 */
import { and, desc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { procedures, procedureVersions } from '../../db/schema.ts';
import type { LimitChannel, LimitUnit, ProcedureData, TimeLimitEntry } from './types.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { notFound } from '../../kernel/errors.ts';
import { recordAudit } from '../../kernel/audit/index.ts';
import { toHcmDate } from '../../kernel/calendar/dates.ts';
import { CatalogueBatch } from './catalogue.ts';
import { UNIT_LABELS } from './mapping.ts';

export interface ProcedureVersionRef {
  versionId: string;
  version: number;
  validFrom: string;
  validTo: string | null;
  status: string;
  needsReview: boolean;
  data: ProcedureData;
}

/**
 * The version of procedure `code` in force on `date` (`YYYY-MM-DD`, Asia/Ho_Chi_Minh), or null when the
 * code is unknown or no version is in force that day (not yet published, or repealed before it).
 */
export async function procedureVersionAt(
  tx: Tx,
  code: string,
  date: string,
): Promise<ProcedureVersionRef | null> {
  const rows = await tx
    .select({
      versionId: procedureVersions.id,
      version: procedureVersions.version,
      validFrom: procedureVersions.validFrom,
      validTo: procedureVersions.validTo,
      needsReview: procedureVersions.needsReview,
      data: procedureVersions.data,
      status: procedures.status,
    })
    .from(procedureVersions)
    .innerJoin(procedures, eq(procedures.code, procedureVersions.procedureCode))
    .where(
      and(
        eq(procedureVersions.procedureCode, code),
        lte(procedureVersions.validFrom, date),
        or(isNull(procedureVersions.validTo), gte(procedureVersions.validTo, date)),
      ),
    )
    .orderBy(desc(procedureVersions.version))
    .limit(1);
  const r = rows[0];
  return r ? { ...r, data: r.data as ProcedureData } : null;
}

/** The time limit of a catalogue record for a channel, or null when the record has none for it. */
export function timeLimitFor(data: ProcedureData, channel: LimitChannel): TimeLimitEntry | null {
  return data.timeLimits.find((t) => t.channel === channel) ?? null;
}

/** A limit set by a reviewer: the channel, the value and unit, as the legal text fixes them. */
export interface ReviewedLimit {
  channel: LimitChannel;
  value: number;
  unit: LimitUnit;
}

/**
 * Sets time limits from the legal text that fixes them (issue 4 §1: a limit without a stated unit is never
 * guessed, it is reviewed). Creates a new version of `code` from `validFrom` (default: today,
 * Asia/Ho_Chi_Minh) whose entries for the given channels carry `review: { source, reviewedBy, reviewedAt }`
 * and `needsReview: false`; other channels stay as they were. Audited (`procedure` / `review`).
 * 404 unknown code; 409 when no version is in force on `validFrom` or one already starts that day.
 */
export async function reviewProcedure(
  tx: Tx,
  actor: Principal | null,
  code: string,
  input: { timeLimits: ReviewedLimit[]; source: string; validFrom?: string },
): Promise<ProcedureVersionRef> {
  const [p] = await tx.select({ code: procedures.code }).from(procedures).where(eq(procedures.code, code));
  if (!p) throw notFound('thủ tục / procedure', 'code');
  const validFrom = input.validFrom ?? toHcmDate(new Date());
  const batch = await CatalogueBatch.load(tx, [code]);
  const review = {
    source: input.source,
    reviewedBy: actor?.username ?? 'system',
    reviewedAt: new Date().toISOString(),
  };
  const v = batch.newVersion(code, validFrom, (data) => applyReview(data, input.timeLimits, review), {
    createdBy: actor?.id ?? null,
  });
  await batch.flush();
  await recordAudit(tx, {
    actor,
    entityType: 'procedure',
    entityId: code,
    action: 'review',
    data: { version: v.version, validFrom, timeLimits: input.timeLimits, source: input.source },
  });
  const ref = await procedureVersionAt(tx, code, validFrom);
  return ref!;
}

/** The record with the reviewed limits set (an entry is added for a channel the record lacked). */
export function applyReview(
  data: ProcedureData,
  limits: ReviewedLimit[],
  review: NonNullable<TimeLimitEntry['review']>,
): ProcedureData {
  for (const l of limits) {
    const text = `${l.value} ${UNIT_LABELS[l.unit]}`;
    const e = data.timeLimits.find((t) => t.channel === l.channel);
    if (e) {
      e.value = l.value;
      e.unit = l.unit;
      e.needsReview = false;
      e.review = review;
      e.text ??= text;
    } else {
      data.timeLimits.push({
        channel: l.channel,
        value: l.value,
        unit: l.unit,
        text,
        needsReview: false,
        review,
      });
    }
  }
  return data;
}
