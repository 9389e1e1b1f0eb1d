/**
 * Duplicate suggestions for the reception desk and the petition page (issue 5 items 4, 9), over
 * `findDuplicateCandidates` (duplicates.ts: same ID number, same folded name + address, similar content by
 * pg_trgm; score 0–1 and a reason).
 *
 * - `POST /api/petitions/duplicate-candidates` `{ signers: [{ name?, idNumber?, address? }], content,
 *   excludeId?, limit? }` → `{ items: [ { id, code, score, reason, kind, status, receivedDate, content } ] }`:
 *   what the desk types, before anything is stored (debounced by the UI).
 * - `GET /api/petitions/{id}/duplicate-candidates` → the same for a stored petition (its own signers and
 *   content, read on the server; itself, its confirmed original and its confirmed duplicates left out).
 *
 * - `GET /api/petitions/{id}/identity-grantees` (reception_leader, admin) → `{ items: [ { id, username,
 *   displayName, agencyCode, roles } ] }`: the users who may be granted the signers' identities of this
 *   petition — active users who may read the case (need to know), the asking leader left out (four eyes:
 *   nobody grants themselves; Luật Tố cáo 2018 Art 8 cl.3, Art 56). The grant itself is
 *   `POST /api/petitions/{id}/identity-grants` (routes.ts).
 *
 * Who: the intake roles (reception officer and leader, petition handler) and admin. Only petitions the user
 * may see are suggested; a suggestion shows the petition's number, kind, status, date and a 200-character
 * content snippet with every confidential identity cut out — never a signer.
 */
import { z } from 'zod';
import { and, eq, inArray, or } from 'drizzle-orm';
import type { App, ServerContext } from '../../server/context.ts';
import type { Tx } from '../../db/engine.ts';
import { petitions, users } from '../../db/schema.ts';
import { toPrincipal } from '../../kernel/auth/service.ts';
import { requireRole } from '../../kernel/auth/http.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { findDuplicateCandidates, type DuplicateCandidate, type DuplicateSigner } from './duplicates.ts';
import { assertGrantManager, identitiesOf, redactText } from './identity.ts';
import { INTAKE_ROLES } from './rules.ts';
import { canSeePetition, visiblePetition } from './service.ts';

const Opt = (max: number) => z.string().trim().max(max).nullable().optional();
const Query = z
  .object({
    signers: z
      .array(z.object({ name: Opt(200), idNumber: Opt(24), address: Opt(500) }).strict())
      .max(50)
      .default([]),
    content: z.string().max(20000).default(''),
    excludeId: z.uuid().optional(),
    limit: z.number().int().min(1).max(20).optional(),
  })
  .strict();

export interface CandidateOut extends DuplicateCandidate {
  kind: string;
  status: string;
  receivedDate: string;
  content: string;
}

/** Candidates the principal may see, with identity-free facts for the list. */
async function enrich(
  tx: Tx,
  p: Principal,
  found: DuplicateCandidate[],
  skip: ReadonlySet<string>,
): Promise<CandidateOut[]> {
  const ids = found.map((c) => c.id).filter((id) => !skip.has(id));
  if (!ids.length) return [];
  const rows = await tx.select().from(petitions).where(inArray(petitions.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const idents = await identitiesOf(tx, ids);
  const out: CandidateOut[] = [];
  for (const c of found) {
    const r = byId.get(c.id);
    if (!r || skip.has(c.id) || !canSeePetition(p, r)) continue;
    const text = redactText(r.content, idents.get(r.id) ?? []) ?? '';
    out.push({
      ...c,
      kind: r.kind,
      status: r.status,
      receivedDate: r.receivedDate,
      content: text.length > 200 ? `${text.slice(0, 200)}…` : text,
    });
  }
  return out;
}

export async function petitionDeskRoutes(app: App, ctx: ServerContext): Promise<void> {
  const db = ctx.database.db;

  app.post(
    '/api/petitions/duplicate-candidates',
    {
      schema: {
        tags: ['petitions'],
        summary: 'Gợi ý đơn trùng khi nhập / Duplicate suggestions while typing',
        description:
          'Same ID number, same name + address (folded), similar content (pg_trgm, diacritics-blind); score 0–1 ' +
          'with the reason. Only petitions the user may see; no signer in the answer.',
        body: Query,
      },
    },
    async (req) => {
      const p = requireRole(req, INTAKE_ROLES);
      const b = req.body;
      const signers: DuplicateSigner[] = b.signers.map((s) => ({
        name: s.name ?? null,
        idNumber: s.idNumber ?? null,
        address: s.address ?? null,
      }));
      return db.transaction(async (tx) => {
        const found = await findDuplicateCandidates(tx, {
          signers,
          content: b.content,
          excludeId: b.excludeId,
          limit: b.limit ?? 8,
        });
        return { items: await enrich(tx, p, found, new Set(b.excludeId ? [b.excludeId] : [])) };
      });
    },
  );

  app.get(
    '/api/petitions/:id/duplicate-candidates',
    {
      schema: {
        tags: ['petitions'],
        summary: 'Gợi ý đơn trùng của một đơn / Duplicate suggestions for a stored petition',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (req) => {
      const p = requireRole(req, INTAKE_ROLES);
      return db.transaction(async (tx) => {
        const row = await visiblePetition(tx, p, req.params.id);
        const signers = ((await identitiesOf(tx, [row.id])).get(row.id) ?? []).map((r) => ({
          name: r.name,
          idNumber: r.idNumber,
          address: r.address,
        }));
        const found = await findDuplicateCandidates(tx, {
          signers,
          content: row.content,
          excludeId: row.id,
          limit: 8,
        });
        // itself, its original and the petitions already confirmed as its duplicates are not suggestions
        const linked = await tx
          .select({ id: petitions.id })
          .from(petitions)
          .where(
            and(
              or(
                eq(petitions.duplicateOfId, row.id),
                row.duplicateOfId ? eq(petitions.id, row.duplicateOfId) : eq(petitions.id, row.id),
              ),
            ),
          );
        const skip = new Set([row.id, ...linked.map((l) => l.id)]);
        return { items: await enrich(tx, p, found, skip) };
      });
    },
  );

  app.get(
    '/api/petitions/:id/identity-grantees',
    {
      schema: {
        tags: ['petitions'],
        summary: 'Người có thể được cấp quyền xem danh tính / Users who may be granted identity access',
        description:
          'Active users who may read the case, the asking leader excluded (four eyes). Names only, no identity.',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (req) => {
      const p = requireRole(req, ['reception_leader']);
      assertGrantManager(p);
      return db.transaction(async (tx) => {
        const row = await visiblePetition(tx, p, req.params.id);
        const all = await tx.select().from(users).orderBy(users.displayName);
        const items = all
          .filter((u) => !u.disabled && u.id !== p.id && canSeePetition(toPrincipal(u), row))
          .map((u) => ({
            id: u.id,
            username: u.username,
            displayName: u.displayName,
            agencyCode: u.agencyCode,
            roles: u.roles as string[],
          }));
        return { items };
      });
    },
  );
}
