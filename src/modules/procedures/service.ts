/**
 * Procedure catalogue commands and look-ups (REFERENCE §2 "Procedure", §3; ND 63/2010/NĐ-CP Art 13–15).
 * A procedure has versions in force on [validFrom, validTo]; a dossier keeps the version in force on the
 * day it was received (REFERENCE §0: "a case keeps the version in force when received").
 */
import { and, desc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { procedures, procedureVersions } from '../../db/schema.ts';
import type { LimitChannel, ProcedureData, TimeLimitEntry } from './types.ts';

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
