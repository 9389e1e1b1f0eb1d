/**
 * Petitions over HTTP (issue 5 items 2, 3, 5, 7; docs/petitions.md). Session required; role AND scope are
 * checked on the server: reception_officer and reception_leader (Ban Tiếp công dân, VP-BTCD) all
 * petitions; petition_handler only those held by its agency (`handling_agency_code`; others are 404);
 * office_leader reads; admin takes every action but sees a denouncer's identity only with a grant.
 *
 * - `POST /api/petitions` `{ receivedAt?, channel, kind, signers: [{ name, idNumber, address, phone }],
 *   content, respondent?, level?, remoteArea?, complex?, multiSite?, receptionId?, representativeIndex? }`
 *   → 201 `{ id, code, deadlines: [{ clock, startDate, dueDate, limit: { value, unit }, source }],
 *   duplicateCandidates: [{ id, code, score, reason }] }`.
 * - `GET /api/petitions?status&kind&agency&eligibility&from&to&q&overdue&page&pageSize` → `{ items, total, page, pageSize }`.
 * - `GET /api/petitions/meta` → statuses, kinds, channels, transitions (the machine as data), reasons, rule versions.
 * - `GET /api/petitions/overdue?agency=&asOf=` → overdue clocks per body.
 * - `GET /api/petitions/{id}` → detail (events, deadlines, children, duplicates, allowedActions; identity redacted).
 * - `POST /api/petitions/{id}/actions` `{ action, version, … }` → the detail (409 `stale` on an old version).
 * - `GET /api/petitions/{id}/identity?reason=` → the identities (confidential: only with a grant); every look logged.
 * - `GET|POST /api/petitions/{id}/identity-grants`, `POST …/identity-grants/{grantId}/revoke` (reception_leader, admin).
 * - `GET /api/petitions/{id}/identity-log` (reception_leader, admin) → who looked, when, why (never the identity).
 */
import type { App, ServerContext } from '../../server/context.ts';
import { requireRole } from '../../kernel/auth/http.ts';
import { badRequest } from '../../kernel/errors.ts';
import { isoHcm, listPetitions, overduePetitions, petitionDetail } from './queries.ts';
import {
  ActionBody,
  GrantBody,
  GrantParams,
  IdentityQuery,
  IdParams,
  IntakeBody,
  ListQuery,
  OverdueQuery,
  RevokeBody,
} from './schemas.ts';
import { canSeePetition, receivePetition, takePetitionAction, visiblePetition } from './service.ts';
import {
  assertGrantManager,
  grantIdentity,
  identityLog,
  identityRefused,
  listGrants,
  readIdentities,
  revokeIdentityGrant,
} from './identity.ts';
import {
  CHANNELS,
  ELIGIBILITY_REASONS,
  INTAKE_ROLES,
  KIND_LABELS,
  KINDS,
  OUTCOMES,
  PETITION_READ_ROLES,
  PETITION_STATUSES,
  PETITION_TRANSITIONS,
  ROLE_SCOPE,
  STATUS_LABELS,
} from './rules.ts';
import { PETITION_RULE_VERSIONS } from './clocks.ts';
import { withAgencyNames } from './agencies.ts';

/** The petition machine and rules as data (for the UI and the docs). */
export function petitionMeta() {
  return {
    statuses: PETITION_STATUSES.map((s) => ({ status: s, label: STATUS_LABELS[s] })),
    kinds: KINDS.map((k) => ({ kind: k, label: KIND_LABELS[k] })),
    channels: CHANNELS,
    outcomes: OUTCOMES,
    transitions: PETITION_TRANSITIONS,
    roleScope: ROLE_SCOPE,
    eligibilityReasons: ELIGIBILITY_REASONS,
    ruleVersions: PETITION_RULE_VERSIONS,
  };
}

export async function petitionRoutes(app: App, ctx: ServerContext): Promise<void> {
  const { database, calendar } = ctx;
  const db = database.db;

  app.post(
    '/api/petitions',
    { schema: { tags: ['petitions'], summary: 'Tiếp nhận đơn / Receive a petition', body: IntakeBody } },
    async (req, reply) => {
      const actor = requireRole(req, INTAKE_ROLES);
      const out = await db.transaction(async (tx) => {
        const cal = await calendar.forDeadline(tx);
        const r = await receivePetition(tx, { cal }, req.body, actor);
        return { id: r.id, code: r.code, deadlines: r.deadlines, duplicateCandidates: r.duplicateCandidates };
      });
      return reply.code(201).send(out);
    },
  );

  app.get(
    '/api/petitions',
    { schema: { tags: ['petitions'], summary: 'Danh sách đơn / Petition list', querystring: ListQuery } },
    async (req) => {
      const p = requireRole(req, PETITION_READ_ROLES);
      const q = req.query;
      if (q.from && q.to && q.from > q.to)
        throw badRequest('from_after_to', 'Từ ngày sau đến ngày.', '`from` is after `to`.', 'from');
      return listPetitions(db, p, {
        ...q,
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      });
    },
  );

  app.get(
    '/api/petitions/meta',
    {
      schema: { tags: ['petitions'], summary: 'Trạng thái, thao tác, thời hạn / Statuses, actions, clocks' },
    },
    async (req) => {
      requireRole(req, PETITION_READ_ROLES);
      return petitionMeta();
    },
  );

  app.get(
    '/api/petitions/overdue',
    {
      schema: {
        tags: ['petitions'],
        summary: 'Đơn quá hạn theo cơ quan / Overdue per body',
        querystring: OverdueQuery,
      },
    },
    async (req) => {
      const p = requireRole(req, PETITION_READ_ROLES);
      return overduePetitions(db, p, req.query);
    },
  );

  app.get(
    '/api/petitions/:id',
    { schema: { tags: ['petitions'], summary: 'Chi tiết đơn / Petition detail', params: IdParams } },
    async (req) => {
      const p = requireRole(req, PETITION_READ_ROLES);
      return db.transaction(async (tx) =>
        withAgencyNames(tx, await petitionDetail(tx, p, await visiblePetition(tx, p, req.params.id))),
      );
    },
  );

  app.post(
    '/api/petitions/:id/actions',
    {
      schema: {
        tags: ['petitions'],
        summary: 'Thao tác trên đơn / Take an action',
        params: IdParams,
        body: ActionBody,
      },
    },
    async (req) => {
      const p = requireRole(req, PETITION_READ_ROLES);
      return db.transaction(async (tx) => {
        const cal = await calendar.forDeadline(tx);
        const row = await takePetitionAction(tx, { cal }, req.params.id, req.body, p);
        return withAgencyNames(tx, await petitionDetail(tx, p, row));
      });
    },
  );

  app.get(
    '/api/petitions/:id/identity',
    {
      schema: {
        tags: ['petitions'],
        summary: 'Xem danh tính người ký đơn (cần quyền, ghi nhật ký) / Signers’ identities (grant, logged)',
        params: IdParams,
        querystring: IdentityQuery,
      },
    },
    async (req, reply) => {
      const p = requireRole(req, PETITION_READ_ROLES);
      const out = await db.transaction(async (tx) => {
        const row = await visiblePetition(tx, p, req.params.id);
        return readIdentities(tx, p, row, req.query.reason ?? '');
      });
      // a refused look is logged (committed above) and answered 403
      if (!out.granted) throw identityRefused();
      reply.header('cache-control', 'no-store');
      return { confidential: out.confidential, identities: out.identities };
    },
  );

  app.get(
    '/api/petitions/:id/identity-grants',
    { schema: { tags: ['petitions'], summary: 'Quyền xem danh tính / Identity grants', params: IdParams } },
    async (req) => {
      const p = requireRole(req, ['reception_leader']);
      assertGrantManager(p);
      return db.transaction(async (tx) => {
        const row = await visiblePetition(tx, p, req.params.id);
        const items = await listGrants(tx, row.id);
        return {
          items: items.map((g) => ({ ...g, grantedAt: isoHcm(g.grantedAt), revokedAt: isoHcm(g.revokedAt) })),
        };
      });
    },
  );

  app.post(
    '/api/petitions/:id/identity-grants',
    {
      schema: {
        tags: ['petitions'],
        summary: 'Cấp quyền xem danh tính / Grant identity access',
        params: IdParams,
        body: GrantBody,
      },
    },
    async (req, reply) => {
      const p = requireRole(req, ['reception_leader']);
      assertGrantManager(p);
      const g = await db.transaction(async (tx) => {
        const row = await visiblePetition(tx, p, req.params.id);
        return grantIdentity(tx, p, row.id, req.body, (grantee) => canSeePetition(grantee, row));
      });
      return reply.code(201).send({
        id: g.id,
        userId: g.userId,
        reason: g.reason,
        grantedAt: isoHcm(g.grantedAt),
      });
    },
  );

  app.post(
    '/api/petitions/:id/identity-grants/:grantId/revoke',
    {
      schema: {
        tags: ['petitions'],
        summary: 'Thu hồi quyền xem danh tính / Revoke identity access',
        params: GrantParams,
        body: RevokeBody,
      },
    },
    async (req) => {
      const p = requireRole(req, ['reception_leader']);
      assertGrantManager(p);
      const g = await db.transaction(async (tx) => {
        const row = await visiblePetition(tx, p, req.params.id);
        return revokeIdentityGrant(tx, p, row.id, req.params.grantId, req.body?.reason ?? null);
      });
      return { id: g.id, revokedAt: isoHcm(g.revokedAt) };
    },
  );

  app.get(
    '/api/petitions/:id/identity-log',
    {
      schema: {
        tags: ['petitions'],
        summary: 'Nhật ký xem danh tính / Identity access log',
        params: IdParams,
      },
    },
    async (req) => {
      const p = requireRole(req, ['reception_leader']);
      assertGrantManager(p);
      return db.transaction(async (tx) => {
        const row = await visiblePetition(tx, p, req.params.id);
        const items = await identityLog(tx, row.id);
        return { items: items.map((x) => ({ ...x, at: isoHcm(x.at) })) };
      });
    },
  );
}
