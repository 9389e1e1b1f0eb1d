/**
 * Duplicate suggestions for feedback requests (Open311 / 311 cases): short texts of one category, where the
 * place decides ("parking enforcement" at 292 K St and at 618 E Sixth St are two matters, however similar the
 * words). A candidate is an earlier request of the same service code, received within `windowDays` calendar
 * days (default 7) before it, at the same place: the same folded address, or coordinates within
 * `radiusM` metres (default 30). Its score is 0.6 for the place + 0.4 × the content similarity of the
 * descriptions (same measure as petitions, {@link contentSimilarity}); reason `same_place`.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../../db/engine.ts';
import { searchKey } from '../../../kernel/text.ts';
import { contentKey, contentSimilarity } from '../duplicates.ts';

export interface SimilarRequestQuery {
  serviceCode: string;
  description?: string | null;
  address?: string | null;
  lat?: number | null;
  long?: number | null;
  requestedAt: Date;
  /** the request itself */
  excludeCode?: string;
  windowDays?: number;
  radiusM?: number;
  limit?: number;
}

export interface SimilarRequest {
  code: string;
  score: number;
  reason: 'same_place';
  distanceM: number | null;
}

/** Distance in metres between two points (equirectangular; exact enough under a few kilometres). */
export function distanceM(lat1: number, long1: number, lat2: number, long2: number): number {
  const rad = Math.PI / 180;
  const x = (long2 - long1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
  const y = (lat2 - lat1) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/** Earlier requests of the same service at the same place within the window, best first. */
export async function findSimilarServiceRequests(tx: Tx, q: SimilarRequestQuery): Promise<SimilarRequest[]> {
  const windowMs = (q.windowDays ?? 7) * 86_400_000;
  const radius = q.radiusM ?? 30;
  const rows = await queryRows<{
    code: string;
    description: string | null;
    address_string: string | null;
    lat: number | null;
    long: number | null;
  }>(
    tx,
    sql`SELECT code, description, address_string, lat, long FROM service_requests
        WHERE service_code = ${q.serviceCode}
          AND requested_at >= ${new Date(q.requestedAt.getTime() - windowMs).toISOString()}::timestamptz
          AND requested_at <= ${q.requestedAt.toISOString()}::timestamptz
          AND code <> ${q.excludeCode ?? ''}
        ORDER BY requested_at DESC LIMIT 500`,
  );
  const addr = searchKey(q.address);
  const key = contentKey(q.description ?? '');
  const out: SimilarRequest[] = [];
  for (const r of rows) {
    const d =
      q.lat != null && q.long != null && r.lat != null && r.long != null
        ? distanceM(q.lat, q.long, Number(r.lat), Number(r.long))
        : null;
    const samePlace = (!!addr && addr === searchKey(r.address_string)) || (d !== null && d <= radius);
    if (!samePlace) continue;
    const c = key ? contentSimilarity(key, contentKey(r.description ?? '')) : 0;
    out.push({
      code: r.code,
      score: Math.round((0.6 + 0.4 * c) * 100) / 100,
      reason: 'same_place',
      distanceM: d === null ? null : Math.round(d),
    });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, q.limit ?? 10);
}
