/**
 * Per-dossier lockout of the public check digits (the last 4 digits of the applicant's phone or ID number),
 * against guessing them through the public look-up (`GET /api/public/dossiers/{code}?check=`) or the web
 * rating (`POST /api/public/dossiers/{code}/ratings`). The per-IP rate limit alone lets a botnet try the
 * 10,000 values; this counts wrong values per DOSSIER, whoever sends them.
 *
 * Rule: `CHECK_MAX_FAILURES` (5) wrong values within `CHECK_WINDOW_MS` (15 minutes, sliding) across both
 * routes lock the dossier's check until the oldest of them leaves the window: any check for that dossier is
 * then refused with 429 `check_locked` (and `Retry-After` in seconds) BEFORE it is compared, so a locked
 * answer never tells whether the value would have been right. The look-up without `check` (no personal
 * data) is not affected. Stored in `dossier_check_attempts` (works across processes); a per-dossier
 * transaction-scoped advisory lock makes concurrent guesses count one after the other.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { AppError } from '../../kernel/errors.ts';
import { dossierCheckAttempts } from '../../db/schema.ts';
import { queryRows, type Tx } from '../../db/engine.ts';
import { checkDigitsMatch } from './queries.ts';

export const CHECK_MAX_FAILURES = 5;
export const CHECK_WINDOW_MS = 15 * 60_000;

/** 429 `check_locked`; `retryAfterSeconds` is also sent as the `Retry-After` header by the routes. */
export class CheckLockedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    const min = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(
      429,
      'check_locked',
      `Mã kiểm tra của hồ sơ này đã bị nhập sai quá nhiều lần; vui lòng thử lại sau ${min} phút.`,
      `Too many wrong check values for this dossier; try again in ${min} minute(s).`,
      'check',
    );
  }
}

/**
 * Compares `check` with the applicant's digits under the lockout, in the caller's transaction (which must
 * commit even when the value is wrong: the failure row is the point).
 * @returns true when the value matches; false when wrong (a failure row was written)
 * @throws CheckLockedError (429) when the dossier's check is locked — the value is then not compared
 */
export async function verifyCheckDigits(
  tx: Tx,
  dossierId: string,
  applicant: { phone?: string; idNumber?: string },
  check: string,
  source: 'lookup' | 'rating',
  now = new Date(),
): Promise<boolean> {
  // one checker per dossier at a time (all processes): concurrent guesses cannot slip past the count
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'dossier-check:' + dossierId}))`);
  const since = new Date(now.getTime() - CHECK_WINDOW_MS);
  const [st] = await queryRows<{ n: number; oldest_ms: number | null }>(
    tx,
    sql`SELECT count(*)::int AS n, (extract(epoch FROM min(at)) * 1000)::float8 AS oldest_ms
        FROM (SELECT at FROM dossier_check_attempts
              WHERE dossier_id = ${dossierId} AND at > ${since.toISOString()}::timestamptz
              ORDER BY at DESC LIMIT ${CHECK_MAX_FAILURES}) last`,
  );
  if (Number(st?.n ?? 0) >= CHECK_MAX_FAILURES) {
    const until = Number(st!.oldest_ms) + CHECK_WINDOW_MS;
    throw new CheckLockedError(Math.max(1, Math.ceil((until - now.getTime()) / 1000)));
  }
  if (checkDigitsMatch(applicant, check)) return true;
  await tx.execute(
    sql`DELETE FROM dossier_check_attempts
        WHERE dossier_id = ${dossierId} AND at <= ${since.toISOString()}::timestamptz`,
  );
  await tx.insert(dossierCheckAttempts).values({ id: randomUUID(), dossierId, source, at: now });
  return false;
}
