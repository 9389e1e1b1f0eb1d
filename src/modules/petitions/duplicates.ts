/**
 * Duplicate suggestions at intake (issue 5 item 4). A petition that repeats one already received — the same
 * person writing again about the same matter, or others raising the same matter — is a duplicate (đơn trùng
 * lặp; ineligible with reason `duplicate`, TT 05/2021/TT-TTCP Art 6–7; a denunciation with the same content
 * is forwarded only once, Art 14). Staff confirm the link (action `confirm_duplicate`); this module only
 * suggests, best first, with a score 0–1 and a reason.
 *
 * Two ways to find candidates, both through indexes:
 * - **the same person**: an ID number equal after normalisation (`party_identities.id_number`), or the same
 *   folded name + address (`party_identities.person_key`, see {@link personKey});
 * - **similar content**: the content key ({@link contentKey}: the text folded case- and diacritics-blind with
 *   `searchKey`, so "quyết định" = "quyet dinh" — folded in JS, which needs no `unaccent` — punctuation and the
 *   words every petition uses, "kính gửi", "đề nghị xem xét giải quyết", "tôi", "của"…, removed) is cut into
 *   terms in the database: every pair of adjacent syllables (a Vietnamese word is mostly two syllables) and
 *   every number, hashed (`kientao_content_terms`, kept in `petitions.content_terms` by a trigger, GIN
 *   index). A query keeps its rarest terms — the ones PostgreSQL's statistics do not list among the most
 *   common elements, then the least common ones — until their expected postings reach a budget
 *   ({@link TERM_BUDGET}); petitions sharing the most of them are rescored. Word pairs are selective where
 *   letter trigrams are not: Vietnamese syllables are short, and the `pg_trgm` trigram sets of two unrelated
 *   petitions overlap by 30 % or more for one pair in six (measured on the labelled set), so a trigram index
 *   scan at 1,000,000 petitions takes seconds (docs/petitions-duplicates.md).
 *
 * Scoring ({@link contentSimilarity}): the mean of the trigram similarity (Jaccard of trigram sets, as
 * `pg_trgm.similarity`) and the word overlap (shared words / words of the shorter text); numbers written in
 * both texts (parcel and map sheet numbers, decision numbers, amounts) must agree: none shared ×0.6, else
 * ×(0.8 + 0.2·share). The same person multiplies the content score by 1.5 (capped at 1): a person writing
 * again in other words is the commonest duplicate, while the same person raising another matter stays low.
 * At {@link DUPLICATE_THRESHOLD} (0.6) the labelled set of test/data/petition-duplicates.json gives
 * precision and recall printed by test/api/petition-duplicates.test.ts (see docs/petitions-duplicates.md).
 *
 * Confidential identities (denouncers) are never matched by person (the match itself would reveal who filed);
 * such petitions come up only by their content; a reason never says which field matched, never a name or number.
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
  /** the petition itself (when it is already stored) */
  excludeId?: string;
  /** at most this many candidates (default 10, at most 50) */
  limit?: number;
}

export interface DuplicateCandidate {
  /** the earlier petition (the original when that one was itself a confirmed duplicate) */
  id: string;
  code: string;
  /** 0–1; ≥ {@link DUPLICATE_THRESHOLD} = likely the same matter */
  score: number;
  /**
   * `same_id_number` | `same_name_address` | `same_person` (when the matching identity is confidential) |
   * `similar_content:0.72` (content similarity, 2 decimals, when no person matched)
   */
  reason: string;
}

/** Score from which a candidate is shown as a likely duplicate (precision/recall measured at it). */
export const DUPLICATE_THRESHOLD = 0.6;
/** Expected postings (petitions) the rarest query terms may cover; bounds the work of one look-up. */
export const TERM_BUDGET = 1000;
/** Petitions sharing the most selected terms that are rescored. */
const CONTENT_CANDIDATES = 60;
/** At most this many petitions holding a selected term are ranked (bounds a look-up on skewed data). */
const CONTENT_SCAN_CAP = 2000;
/** How long the common-term statistics are reused (ms). */
const STATS_TTL_MS = 5 * 60_000;

const UUID_NIL = '00000000-0000-0000-0000-000000000000';

/** ID number normalised for matching: letters and digits only, upper case (CCCD/CMND/passport). */
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

// Phrases of petition boilerplate (folded) and function words, removed from content keys.
const PHRASES = [
  'kinh gui',
  'kinh de nghi',
  'de nghi',
  'xem xet',
  'giai quyet',
  'khieu nai',
  'to cao',
  'kien nghi',
  'phan anh',
  'ban tiep cong dan',
  'uy ban nhan dan',
  'gia dinh toi',
  'toi ten la',
  'tru tai',
  'dia chi',
  'dong thoi',
  'den nay',
  'hien nay',
  'co quan chuc nang',
  'co tham quyen',
  'tran trong cam on',
  'xin chan thanh cam on',
];
const STOP = new Set(
  (
    'toi chung cua va la cac nhung mot cho duoc bi da dang se thi ma nay voi tai tu trong ve viec don ' +
    'nhieu rat cung co khi neu vi nen theo hien ong ba'
  ).split(' '),
);

/**
 * The content key stored in `petitions.content_key` (and compared at intake): folded (lower case, no
 * diacritics, đ → d), punctuation → space, boilerplate phrases and function words removed.
 */
export function contentKey(content: string): string {
  let k = ` ${searchKey(content).replace(/[^a-z0-9]+/g, ' ')} `;
  for (const p of PHRASES) k = k.split(` ${p} `).join('  ');
  return k
    .split(' ')
    .filter((w) => w && !STOP.has(w))
    .join(' ');
}

/** Trigrams of a key the way pg_trgm makes them (each word padded with two spaces before, one after). */
function trigrams(key: string): Set<string> {
  const out = new Set<string>();
  for (const w of key.split(' ')) {
    if (!w) continue;
    const x = `  ${w} `;
    for (let i = 0; i + 3 <= x.length; i++) out.add(x.slice(i, i + 3));
  }
  return out;
}

function shared(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
}

/**
 * Content similarity of two content keys, 0–1 (see the module note): mean of trigram Jaccard and word
 * overlap, adjusted by the agreement of the numbers both texts contain.
 */
export function contentSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  const ta = trigrams(a);
  const tb = trigrams(b);
  const st = shared(ta, tb);
  const trg = st / (ta.size + tb.size - st || 1);
  const wa = new Set(a.split(' '));
  const wb = new Set(b.split(' '));
  const overlap = shared(wa, wb) / (Math.min(wa.size, wb.size) || 1);
  let s = 0.5 * trg + 0.5 * overlap;
  const na = new Set([...wa].filter((w) => /\d/.test(w)));
  const nb = new Set([...wb].filter((w) => /\d/.test(w)));
  if (na.size && nb.size) {
    const sn = shared(na, nb);
    s *= sn === 0 ? 0.6 : 0.8 + (0.2 * sn) / (na.size + nb.size - sn);
  }
  return Math.min(1, s);
}

/** Combined score: content similarity, raised for the same person. */
export function duplicateScore(content: number, samePerson: boolean): number {
  return samePerson ? Math.min(1, content * 1.5) : content;
}

interface TermStats {
  at: number;
  /** term → fraction of petitions holding it (most common elements only) */
  freq: Map<number, number>;
  /** frequency below which a term is not listed (the least listed one) */
  floor: number;
  rows: number;
}
let statsCache: TermStats | null = null;

/**
 * PostgreSQL's statistics of `petitions.content_terms` (most common elements and their frequencies, from
 * ANALYZE), kept for {@link STATS_TTL_MS}. Without statistics (a new or small database) every term counts
 * as rare, which only costs time on a large table.
 */
async function termStats(t: Tx): Promise<TermStats> {
  const hit = statsCache;
  if (hit && Date.now() - hit.at < STATS_TTL_MS) return hit;
  const [r] = await queryRows<{ e: string | null; f: string | number[] | null; n: number | null }>(
    t,
    sql`SELECT s.most_common_elems::text AS e, s.most_common_elem_freqs AS f,
          (SELECT c.reltuples FROM pg_class c WHERE c.oid = 'petitions'::regclass)::float8 AS n
        FROM pg_stats s
        WHERE s.schemaname = current_schema() AND s.tablename = 'petitions' AND s.attname = 'content_terms'`,
  );
  const freq = new Map<number, number>();
  let floor = 0;
  if (r?.e && r.f) {
    const elems = r.e.replace(/[{}]/g, '').split(',').map(Number);
    const fs = (typeof r.f === 'string' ? r.f.replace(/[{}]/g, '').split(',') : r.f).map(Number);
    elems.forEach((e, i) => freq.set(e, fs[i]!));
    floor = fs[elems.length] ?? 0; // after the element frequencies: min, max, null fraction
  }
  const out = { at: Date.now(), freq, floor, rows: Math.max(Number(r?.n ?? 0), 0) };
  statsCache = out;
  return out;
}

/** The rarest terms whose expected postings stay within the budget (at least 3 when there are). */
export function selectTerms(terms: number[], stats: Omit<TermStats, 'at'>, budget = TERM_BUDGET): number[] {
  // a term the statistics do not list is at most as common as the least listed one: count it that common
  const unlisted = stats.floor * stats.rows;
  const est = (x: number) => {
    const f = stats.freq.get(x);
    return f === undefined ? unlisted : f * stats.rows;
  };
  const sorted = [...new Set(terms)].sort((a, b) => est(a) - est(b));
  const out: number[] = [];
  let total = 0;
  for (const x of sorted) {
    const e = est(x);
    if (out.length >= 3 && total + e > budget) break;
    out.push(x);
    total += e;
  }
  return out;
}

interface Row {
  id: string;
  code: string;
  content_key: string;
  by_id?: boolean;
  by_name?: boolean;
  conf?: boolean;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Suggests stored petitions that may be duplicates of a new one, best first (score 0–1, reason).
 * Reads only; uses the given transaction. Petitions in status `split` (their children stand for them) are
 * not suggested; a confirmed duplicate is suggested as its original.
 */
export async function findDuplicateCandidates(tx: Tx, q: DuplicateQuery): Promise<DuplicateCandidate[]> {
  const limit = Math.min(Math.max(q.limit ?? 10, 1), 50);
  const ids = [
    ...new Set(q.signers.map((s) => normaliseIdNumber(s.idNumber)).filter((x): x is string => !!x)),
  ];
  const keys = [
    ...new Set(q.signers.map((s) => personKey(s.name, s.address)).filter((x): x is string => !!x)),
  ];
  const exclude = q.excludeId ?? UUID_NIL;
  const key = contentKey(q.content ?? '');

  const t = tx;
  const persons: Row[] = [];
  if (ids.length || keys.length) {
    const idList = ids.length
      ? sql.join(
          ids.map((x) => sql`${x}`),
          sql`, `,
        )
      : sql`NULL`;
    const keyList = keys.length
      ? sql.join(
          keys.map((x) => sql`${x}`),
          sql`, `,
        )
      : sql`NULL`;
    persons.push(
      ...(await queryRows<Row>(
        t,
        sql`SELECT o.id, o.code, o.content_key, m.by_id, m.by_name, (m.conf OR p.confidential) AS conf
            FROM (SELECT i.subject_id,
                    bool_or(i.id_number IN (${idList})) AS by_id,
                    bool_or(i.person_key IN (${keyList})) AS by_name,
                    bool_or(i.confidential) AS conf
                  FROM party_identities i
                  WHERE i.subject_type = 'petition'
                    AND (i.id_number IN (${idList}) OR i.person_key IN (${keyList}))
                  GROUP BY i.subject_id) m
            JOIN petitions p ON p.id = m.subject_id
            JOIN petitions o ON o.id = coalesce(p.duplicate_of_id, p.id)
            WHERE p.id <> ${exclude} AND o.id <> ${exclude} AND o.status <> 'split'
            ORDER BY p.received_at DESC
            LIMIT 50`,
      )),
    );
  }
  let similar: Row[] = [];
  const [tk] = key
    ? await queryRows<{ terms: string | number[] }>(
        t,
        sql`SELECT kientao_content_terms(${key})::text AS terms`,
      )
    : [];
  const terms = String(tk?.terms ?? '{}')
    .replace(/[{}]/g, '')
    .split(',')
    .filter(Boolean)
    .map(Number);
  if (terms.length) {
    const selected = selectTerms(terms, await termStats(t));
    const list = sql`${`{${selected.join(',')}}`}::integer[]`;
    similar = await queryRows<Row>(
      t,
      sql`SELECT o.id, o.code, o.content_key
          FROM (SELECT h.id, h.duplicate_of_id,
                  (SELECT count(*) FROM unnest(h.content_terms) x WHERE x = ANY (${list})) AS shared
                FROM (SELECT p.id, p.duplicate_of_id, p.content_terms, p.received_at FROM petitions p
                      WHERE p.content_terms && ${list} AND p.id <> ${exclude}
                      LIMIT ${CONTENT_SCAN_CAP}) h
                ORDER BY shared DESC, h.received_at DESC
                LIMIT ${CONTENT_CANDIDATES}) c
          JOIN petitions o ON o.id = coalesce(c.duplicate_of_id, c.id)
          WHERE o.id <> ${exclude} AND o.status <> 'split'`,
    );
  }
  const best = new Map<string, DuplicateCandidate>();
  const consider = (r: Row, person: boolean) => {
    const c = contentSimilarity(key, r.content_key);
    const score = round2(duplicateScore(c, person));
    let reason = `similar_content:${round2(c).toFixed(2)}`;
    if (person) reason = r.conf ? 'same_person' : r.by_id ? 'same_id_number' : 'same_name_address';
    const prev = best.get(r.id);
    if (!prev || prev.score < score) best.set(r.id, { id: r.id, code: r.code, score, reason });
  };
  // a confidential match by person is never suggested: "same person" would itself confirm who filed a
  // denunciation (Luật Tố cáo 2018 Art 8 cl.3) — such a petition can still come up by its content alone
  for (const r of persons) if (!r.conf) consider(r, true);
  for (const r of similar) consider(r, false);
  return [...best.values()].sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : 1)).slice(0, limit);
}
