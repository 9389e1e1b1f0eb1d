/**
 * Reminder rules and the preview (issue 7 §2, §6).
 *
 * - `GET /api/reminders/preview?date=YYYY-MM-DD[&itemType=task|dossier|petition][&ruleId=][&limit=500]`
 *   (admin, office_leader, office_specialist) → `{ date, working, reminders: [{ itemType, itemId, itemRef,
 *   title, dueDate, recipient, recipientName, rule, ruleName, step, stepKind, channel, reason: {vi,en} }],
 *   total, truncated }` — who would be reminded on date D and why, computed from the enabled rules with the
 *   very predicate of the scheduling pass (./scan.ts); one row per item × step × recipient × channel; EMPTY
 *   on a non-working day unless a rule has `nonWorkingDays`. `limit` ≤ 5000 (default 500); `total` counts
 *   every row. A date outside the calendar → 400 OUT_OF_RANGE (path `date`). The items are taken in their
 *   CURRENT state projected onto D ("what would be sent on D if nothing changes"), not rebuilt as they were
 *   on a past D. Due dates are compared as is (a Saturday deadline is "due" on the Friday before, overdue on
 *   Monday; ./sources.ts). E-mail rows reach only recipients with an address.
 * - `GET /api/reminder-rules` (same roles) → `{ items: [rule] }`.
 * - `POST /api/reminder-rules` (admin) `{ id, name: {vi,en}, definition, enabled?, reason }` → 201 rule;
 *   409 `rule_exists`.
 * - `PUT /api/reminder-rules/:id` (admin) `{ name, definition, enabled, reason, updatedAt? }` → rule; the
 *   definition is validated (400 with the field path, e.g. `definition.escalation.1.afterWorkingDays`);
 *   audited in `audit_events` (entity 'reminder_rule') with the reason; 404 unknown id; 409 `item_type_fixed`;
 *   409 `stale` when `updatedAt` (the value GET returned) is given and the rule changed since.
 * - POST/PUT: the role is checked before the body (another role → 403); `recipients.roles` must be distinct
 *   roles of the item's agency (./rules.ts RECIPIENT_ROLES); a top-level `itemType` must match the definition.
 * - `POST /api/reminders/run` (admin) `{ date }` → `{ date, working, reminders, items, inserted, dispatched,
 *   failed }`: runs the pass for the date and dispatches every undispatched reminder now. `reminders` /
 *   `items`: the date's reminders rows and their items; `inserted`: rows this run added (0 on a re-run);
 *   `dispatched`: reminders turned into notices (in-app rows and outbox rows queued) — NOT messages sent
 *   (the outbox sends e-mail/SMS/Zalo later; failures show in GET /api/outbox?state=failed); `failed`:
 *   reminders whose notify() failed (left for the next run).
 */
import { z } from 'zod';
import type { App, ServerContext } from '../../../server/context.ts';
import { requireRole } from '../../../kernel/auth/http.ts';
import { IsoDateSchema } from '../../../kernel/schemas.ts';
import { ROLES } from '../../../kernel/auth/roles.ts';
import { ITEM_TYPES, NOTIFY_CHANNELS } from '../types.ts';
import {
  ESCALATION_TARGETS,
  RuleDefinitionSchema,
  stepKindOf,
  stepReason,
  type ReminderRule,
} from './rules.ts';
import { previewHits, runReminderPass } from './scan.ts';
import { calendarParams } from './sources.ts';
import { dispatchReminders, recipientNames } from './dispatch.ts';
import { createRule, loadRules, seedDefaultRules, updateRule } from './store.ts';

const READ_ROLES = ['admin', 'office_leader', 'office_specialist'] as const;
const ADMIN = ['admin'] as const;

const Name = z
  .object({ vi: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) })
  .strict();
const Reason = z.string().trim().min(3).max(1000);

const DefinitionOut = z.object({
  itemType: z.enum(ITEM_TYPES),
  clock: z.string(),
  before: z.array(z.number()),
  onDue: z.boolean(),
  after: z.object({ everyWorkingDays: z.number() }).nullable(),
  escalation: z.array(z.object({ afterWorkingDays: z.number(), to: z.enum(ESCALATION_TARGETS) })),
  recipients: z.object({ roles: z.array(z.enum(ROLES)) }),
  channels: z.array(z.enum(NOTIFY_CHANNELS)),
  nonWorkingDays: z.boolean(),
  source: z.string(),
});
const RuleOut = z.object({
  id: z.string(),
  itemType: z.enum(ITEM_TYPES),
  name: z.object({ vi: z.string(), en: z.string() }),
  /** the same name, flat (the web client's shape) */
  nameVi: z.string(),
  nameEn: z.string(),
  definition: DefinitionOut,
  enabled: z.boolean(),
  builtIn: z.boolean(),
  source: z.string(),
  updatedAt: z.string().nullable(),
});
const ruleOut = (r: ReminderRule) => ({
  id: r.id,
  itemType: r.itemType,
  name: r.name,
  nameVi: r.name.vi,
  nameEn: r.name.en,
  definition: r.definition,
  enabled: r.enabled,
  builtIn: r.builtIn,
  source: r.definition.source,
  updatedAt: r.updatedAt ?? null,
});

/**
 * The name of a rule in a body: `name: {vi, en}` or the flat `nameVi` + `nameEn` (either form). Of the other
 * fields the web client sends back: `itemType` must equal `definition.itemType` (else 400, path `itemType`);
 * `updatedAt` (PUT: the value GET returned) is the version check — a rule changed since → 409 `stale`;
 * `source` and `builtIn` are ignored (the source is `definition.source`).
 */
const ruleBody = {
  name: Name.optional(),
  nameVi: z.string().trim().min(1).max(200).optional(),
  nameEn: z.string().trim().min(1).max(200).optional(),
  definition: RuleDefinitionSchema,
  reason: Reason,
  itemType: z.enum(ITEM_TYPES).optional(),
  source: z.string().nullable().optional(),
  updatedAt: z.string().nullable().optional(),
  builtIn: z.boolean().optional(),
};
const needName = (
  b: {
    name?: unknown;
    nameVi?: string;
    nameEn?: string;
    itemType?: string;
    definition: { itemType: string };
  },
  ctx: z.RefinementCtx,
) => {
  if (!b.name && !(b.nameVi && b.nameEn))
    ctx.addIssue({
      code: 'custom',
      path: ['name'],
      message: 'Cần tên quy tắc (vi, en) | name {vi, en} is required',
    });
  // the top-level itemType (sent back by the web client) must agree with the definition's
  if (b.itemType !== undefined && b.itemType !== b.definition.itemType)
    ctx.addIssue({
      code: 'custom',
      path: ['itemType'],
      message: 'Loại đối tượng khác với definition.itemType | itemType differs from definition.itemType',
    });
};
const PutBody = z
  .object({ ...ruleBody, enabled: z.boolean() })
  .strict()
  .superRefine(needName);
const PostBody = z
  .object({
    ...ruleBody,
    id: z
      .string()
      .regex(
        /^[a-z][a-z0-9_.-]{2,79}$/,
        'Mã: chữ thường, số, . _ - (3–80) | Id: lower case, digits, . _ - (3–80)',
      ),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine(needName);
const nameOf = (b: { name?: { vi: string; en: string }; nameVi?: string; nameEn?: string }) =>
  b.name ?? { vi: b.nameVi!, en: b.nameEn! };

const PreviewRow = z.object({
  itemType: z.enum(ITEM_TYPES),
  itemId: z.string(),
  itemRef: z.string().nullable(),
  title: z.string(),
  dueDate: z.string(),
  recipient: z.string(),
  recipientName: z.string(),
  rule: z.string(),
  ruleName: z.object({ vi: z.string(), en: z.string() }),
  step: z.string(),
  stepKind: z.string(),
  channel: z.enum(NOTIFY_CHANNELS),
  reason: z.object({ vi: z.string(), en: z.string() }),
});

export async function reminderRoutes(app: App, sctx: ServerContext) {
  const db = sctx.database.db;
  // the built-in rules, idempotently (an admin's change to one is kept)
  await db.transaction((tx) => seedDefaultRules(tx));

  app.get(
    '/api/reminders/preview',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Xem trước: ai được nhắc vào ngày D và vì sao / Reminder preview for a date',
        querystring: z
          .object({
            date: IsoDateSchema,
            itemType: z.enum(ITEM_TYPES).optional(),
            ruleId: z.string().min(1).max(80).optional(),
            limit: z.coerce.number().int().min(1).max(5000).default(500),
          })
          .strict(),
        response: {
          200: z.object({
            date: z.string(),
            working: z.boolean(),
            reminders: z.array(PreviewRow),
            total: z.number(),
            truncated: z.boolean(),
          }),
        },
      },
    },
    async (req) => {
      requireRole(req, READ_ROLES);
      const q = req.query;
      const cal = await sctx.calendar.current();
      const rules = (await loadRules(db, { enabledOnly: true })).filter(
        (r) => (!q.itemType || r.itemType === q.itemType) && (!q.ruleId || r.id === q.ruleId),
      );
      const byId = new Map(rules.map((r) => [r.id, r]));
      // hits are fanned out per channel: ask for enough hits to fill `limit` rows
      const { hits, totals } = await previewHits(db, cal, q.date, rules, q.limit);
      const names = await recipientNames(db, [...new Set(hits.map((h) => h.recipient))]);
      const rows: z.infer<typeof PreviewRow>[] = [];
      for (const h of hits) {
        const rule = byId.get(h.ruleId)!;
        for (const channel of rule.definition.channels) {
          if (rows.length >= q.limit) break;
          rows.push({
            itemType: rule.itemType,
            itemId: h.itemId,
            itemRef: h.ref,
            title: h.title,
            dueDate: h.dueDate,
            recipient: h.recipient,
            recipientName: names.get(h.recipient) ?? h.recipient,
            rule: rule.id,
            ruleName: rule.name,
            step: h.step,
            stepKind: stepKindOf(h.step),
            channel,
            reason: stepReason(rule.definition, h.step, h.k, { dueDate: h.dueDate, date: q.date }),
          });
        }
      }
      let total = 0;
      for (const [id, n] of totals) total += n * (byId.get(id)?.definition.channels.length ?? 1);
      return {
        date: q.date,
        working: calendarParams(cal, q.date).working,
        reminders: rows,
        total,
        truncated: total > rows.length,
      };
    },
  );

  app.get(
    '/api/reminder-rules',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Quy tắc nhắc việc / Reminder rules',
        response: { 200: z.object({ items: z.array(RuleOut) }) },
      },
    },
    async (req) => {
      requireRole(req, READ_ROLES);
      return { items: (await loadRules(db)).map(ruleOut) };
    },
  );

  app.post(
    '/api/reminder-rules',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Thêm quy tắc nhắc việc / Create a reminder rule',
        body: PostBody,
        response: { 201: RuleOut },
      },
      // the role is checked before the body is validated: another role gets 403, never a 400
      preValidation: async (req) => {
        requireRole(req, ADMIN);
      },
    },
    async (req, reply) => {
      const p = requireRole(req, ADMIN);
      const b = req.body;
      const r = await db.transaction((tx) =>
        createRule(tx, p, b.id, { name: nameOf(b), definition: b.definition, enabled: b.enabled }, b.reason),
      );
      return reply.code(201).send(ruleOut(r));
    },
  );

  app.put(
    '/api/reminder-rules/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Sửa quy tắc nhắc việc / Change a reminder rule',
        params: z.object({ id: z.string().min(1).max(80) }),
        body: PutBody,
        response: { 200: RuleOut },
      },
      // the role is checked before the body is validated: another role gets 403, never a 400
      preValidation: async (req) => {
        requireRole(req, ADMIN);
      },
    },
    async (req) => {
      const p = requireRole(req, ADMIN);
      const b = req.body;
      const r = await db.transaction((tx) =>
        updateRule(
          tx,
          p,
          req.params.id,
          { name: nameOf(b), definition: b.definition, enabled: b.enabled },
          b.reason,
          b.updatedAt ?? undefined,
        ),
      );
      return ruleOut(r);
    },
  );

  app.post(
    '/api/reminders/run',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Chạy lượt nhắc việc ngay / Run the reminder pass now',
        body: z.object({ date: IsoDateSchema }).strict(),
        response: {
          200: z.object({
            date: z.string(),
            working: z.boolean(),
            reminders: z.number(),
            items: z.number(),
            inserted: z.number(),
            dispatched: z.number(),
            failed: z.number(),
          }),
        },
      },
    },
    async (req) => {
      requireRole(req, ADMIN);
      const cal = await sctx.calendar.current();
      const pass = await runReminderPass(db, cal, req.body.date);
      const d = await dispatchReminders(db, cal, {
        onError: (e, id) => req.log.error({ err: e, reminder: id }, 'reminder dispatch failed'),
      });
      return {
        date: pass.date,
        working: pass.working,
        reminders: pass.reminders,
        items: pass.items,
        inserted: pass.inserted,
        dispatched: d.dispatched,
        failed: d.failed,
      };
    },
  );
}
