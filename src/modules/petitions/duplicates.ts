/**
 * Duplicate suggestions at intake (issue 5 item 4; REFERENCE §4: a petition with the same content from the
 * same person that was already handled is ineligible, reason `duplicate`). First working version.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import { searchKey } from '../../kernel/text.ts';

export interface DuplicateSigner {
  name?: string | null;
  idNumber?: string | null;
  address?: string | null;
}

export interface DuplicateQuery {
  signers: DuplicateSigner[];
  content: string;
  /** the petition itself (when re-checking a stored one) */
  excludeId?: string;
  /** at most this many candidates (default 10) */
  limit?: number;
}

export interface DuplicateCandidate {
  id: string;
  code: string;
  /** 0–1 */
  score: number;
  /** `same_id_number` | `same_name_address` | `similar_content:0.72` */
  reason: string;
}

/** ID number normalised for matching: digits and letters only, upper case. */
export function normaliseIdNumber(s: string | null | undefined): string | null {
  if (!s) return null;
  const v = s
    .normalize('NFKC')
    .replace(/[^0-9A-Za-z]/g, '')
    .toUpperCase();
  return v || null;
}

/** The person key stored in `party_identities.person_key`: folded name + '|' + folded address. */
export function personKey(
  name: string | null | undefined,
  address: string | null | undefined,
): string | null {
  const n = searchKey(name);
  const a = searchKey(address);
  if (!n || !a) return null;
  return `${n}|${a}`;
}

/** The content key stored in `petitions.content_key`. */
export function contentKey(content: string): string {
  return searchKey(content);
}

/** Suggests existing petitions that may be duplicates of a new one (best first). */
export async function findDuplicateCandidates(tx: Tx, q: DuplicateQuery): Promise<DuplicateCandidate[]> {
  const limit = q.limit ?? 10;
  const out = new Map<string, DuplicateCandidate>();
  const ids = q.signers.map((s) => normaliseIdNumber(s.idNumber)).filter((x): x is string => !!x);
  const keys = q.signers.map((s) => personKey(s.name, s.address)).filter((x): x is string => !!x);
  const exclude = q.excludeId ?? '00000000-0000-0000-0000-000000000000';
  if (ids.length) {
    const rows = await queryRows<{ id: string; code: string }>(
      tx,
      sql`SELECT DISTINCT p.id, p.code FROM party_identities i JOIN petitions p ON p.id = i.subject_id
          WHERE i.subject_type = 'petition' AND i.id_number IN (${sql.join(ids, sql`, `)}) AND p.id <> ${exclude}
          LIMIT ${limit}`,
    );
    for (const r of rows) out.set(r.id, { id: r.id, code: r.code, score: 0.9, reason: 'same_person' });
  }
  if (keys.length) {
    const rows = await queryRows<{ id: string; code: string }>(
      tx,
      sql`SELECT DISTINCT p.id, p.code FROM party_identities i JOIN petitions p ON p.id = i.subject_id
          WHERE i.subject_type = 'petition' AND i.person_key IN (${sql.join(keys, sql`, `)}) AND p.id <> ${exclude}
          LIMIT ${limit}`,
    );
    for (const r of rows)
      if (!out.has(r.id)) out.set(r.id, { id: r.id, code: r.code, score: 0.8, reason: 'same_person' });
  }
  const ck = contentKey(q.content);
  if (ck.length >= 10) {
    const rows = await queryRows<{ id: string; code: string; sim: number }>(
      tx,
      sql`SELECT p.id, p.code, similarity(p.content_key, ${ck})::float8 AS sim FROM petitions p
          WHERE p.content_key % ${ck} AND p.id <> ${exclude}
          ORDER BY sim DESC LIMIT ${limit}`,
    );
    for (const r of rows) {
      const prev = out.get(r.id);
      const sim = Math.round(r.sim * 100) / 100;
      if (!prev || prev.score < sim)
        out.set(r.id, { id: r.id, code: r.code, score: sim, reason: `similar_content:${sim.toFixed(2)}` });
    }
  }
  return [...out.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}
