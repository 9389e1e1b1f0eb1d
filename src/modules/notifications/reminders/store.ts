/**
 * Reading and writing reminder rules (`reminder_rules`). The built-in rules (./rules.ts DEFAULT_RULES) are
 * seeded idempotently at start (`seedDefaultRules`: INSERT … ON CONFLICT DO NOTHING — an admin's change to a
 * built-in rule is kept). Every change is audited (`audit_events`, entity 'reminder_rule') with its reason.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/engine.ts';
import { reminderRules } from '../../../db/schema.ts';
import { recordAudit } from '../../../kernel/audit/index.ts';
import type { Principal } from '../../../kernel/auth/roles.ts';
import { conflict, notFound } from '../../../kernel/errors.ts';
import type { ItemType } from '../types.ts';
import { DEFAULT_RULES, parseDefinition, type ReminderRule, type RuleDefinition } from './rules.ts';

/**
 * Inserts the built-in rules that are missing and refreshes the built-in rules no admin has changed
 * (`updated_by` IS NULL: the shipped text and definition of a newer release); a rule an admin changed is
 * never overwritten. Returns how many were inserted.
 */
export async function seedDefaultRules(tx: Tx): Promise<number> {
  let n = 0;
  for (const r of DEFAULT_RULES) {
    const def = parseDefinition(r.definition);
    await tx
      .update(reminderRules)
      .set({ nameVi: r.name.vi, nameEn: r.name.en, definition: def, source: def.source })
      .where(
        and(
          eq(reminderRules.id, r.id),
          eq(reminderRules.builtIn, true),
          isNull(reminderRules.updatedBy),
          sql`(${reminderRules.definition} IS DISTINCT FROM ${JSON.stringify(def)}::jsonb
            OR ${reminderRules.nameVi} <> ${r.name.vi} OR ${reminderRules.nameEn} <> ${r.name.en})`,
        ),
      );
    const res = await tx
      .insert(reminderRules)
      .values({
        id: r.id,
        itemType: r.itemType,
        nameVi: r.name.vi,
        nameEn: r.name.en,
        definition: def,
        enabled: true,
        source: def.source,
        builtIn: true,
      })
      .onConflictDoNothing()
      .returning({ id: reminderRules.id });
    n += res.length;
  }
  return n;
}

type Row = typeof reminderRules.$inferSelect;

const toRule = (r: Row): ReminderRule => ({
  id: r.id,
  itemType: r.itemType as ItemType,
  name: { vi: r.nameVi, en: r.nameEn },
  definition: parseDefinition(r.definition),
  enabled: r.enabled,
  builtIn: r.builtIn,
  updatedAt: r.updatedAt ? r.updatedAt.toISOString() : null,
});

/** Rules in a stable order (built-in first, then by id); seeds the defaults first when the table is empty. */
export async function loadRules(tx: Tx, opts: { enabledOnly?: boolean } = {}): Promise<ReminderRule[]> {
  let rows = await tx
    .select()
    .from(reminderRules)
    .orderBy(sql`built_in DESC`, asc(reminderRules.id));
  if (!rows.length) {
    await seedDefaultRules(tx);
    rows = await tx
      .select()
      .from(reminderRules)
      .orderBy(sql`built_in DESC`, asc(reminderRules.id));
  }
  const out = rows.map(toRule);
  return opts.enabledOnly ? out.filter((r) => r.enabled) : out;
}

export interface RuleWithMeta extends ReminderRule {
  updatedAt: string;
}

export async function getRule(tx: Tx, id: string): Promise<(ReminderRule & { row: Row }) | null> {
  const [r] = await tx.select().from(reminderRules).where(eq(reminderRules.id, id));
  return r ? { ...toRule(r), row: r } : null;
}

export interface RuleInput {
  name: { vi: string; en: string };
  definition: RuleDefinition;
  enabled: boolean;
}

/**
 * Changes a rule (admin): validated definition, audited with the reason. `expectedUpdatedAt`: the rule's
 * `updatedAt` as the caller read it (ISO instant); when given and the row changed since → 409 `stale`.
 * @throws 404, 409 item_type_fixed, 409 stale
 */
export async function updateRule(
  tx: Tx,
  actor: Principal,
  id: string,
  input: RuleInput,
  reason: string,
  expectedUpdatedAt?: string,
): Promise<ReminderRule> {
  const [locked] = await tx
    .select({ id: reminderRules.id })
    .from(reminderRules)
    .where(eq(reminderRules.id, id))
    .for('update');
  const prev = locked ? await getRule(tx, id) : null;
  if (!prev) throw notFound('quy tắc nhắc việc / reminder rule', 'id');
  if (expectedUpdatedAt !== undefined) {
    const t = Date.parse(expectedUpdatedAt);
    if (!Number.isFinite(t) || t !== prev.row.updatedAt.getTime())
      throw conflict(
        'stale',
        'Quy tắc đã được người khác sửa sau khi bạn mở; hãy tải lại.',
        'The rule changed since you loaded it; reload.',
        'updatedAt',
      );
  }
  if (input.definition.itemType !== prev.itemType)
    throw conflict(
      'item_type_fixed',
      'Không đổi được loại đối tượng của một quy tắc; hãy tạo quy tắc mới.',
      'The item type of a rule cannot change; create a new rule.',
      'definition.itemType',
    );
  const now = new Date();
  await tx
    .update(reminderRules)
    .set({
      nameVi: input.name.vi,
      nameEn: input.name.en,
      definition: input.definition,
      enabled: input.enabled,
      source: input.definition.source,
      updatedBy: actor.id,
      updatedAt: now,
    })
    .where(eq(reminderRules.id, id));
  await recordAudit(tx, {
    actor,
    entityType: 'reminder_rule',
    entityId: id,
    action: 'update',
    reason,
    data: {
      before: { name: prev.name, definition: prev.definition, enabled: prev.enabled },
      after: { name: input.name, definition: input.definition, enabled: input.enabled },
    },
  });
  return { ...toRule(prev.row), ...input, updatedAt: now.toISOString() };
}

/** Creates a rule (admin), audited. @throws 409 rule_exists */
export async function createRule(
  tx: Tx,
  actor: Principal,
  id: string,
  input: RuleInput,
  reason: string,
): Promise<ReminderRule> {
  const res = await tx
    .insert(reminderRules)
    .values({
      id,
      itemType: input.definition.itemType,
      nameVi: input.name.vi,
      nameEn: input.name.en,
      definition: input.definition,
      enabled: input.enabled,
      source: input.definition.source,
      builtIn: false,
      updatedBy: actor.id,
    })
    .onConflictDoNothing()
    .returning({ id: reminderRules.id });
  if (!res.length)
    throw conflict('rule_exists', `Đã có quy tắc mã ${id}.`, `A rule with id ${id} exists already.`, 'id');
  await recordAudit(tx, {
    actor,
    entityType: 'reminder_rule',
    entityId: id,
    action: 'create',
    reason,
    data: { name: input.name, definition: input.definition, enabled: input.enabled },
  });
  return { id, itemType: input.definition.itemType, ...input, builtIn: false };
}
