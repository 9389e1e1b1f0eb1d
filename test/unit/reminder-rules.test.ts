/**
 * Reminder rules as DATA (issue 7 §2): the shipped rules validate, say what the issue asks, and the schema
 * refuses bad definitions with the field path; the steps derived from a rule (k → step) are checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  DEFAULT_RULES,
  RuleDefinitionSchema,
  STEP_KINDS,
  parseDefinition,
  ruleSteps,
  stepKindOf,
  stepReason,
  type ReminderRule,
} from '../../src/modules/notifications/reminders/rules.ts';
import { stepsOn } from '../../src/modules/notifications/reminders/scan.ts';
import type { CalendarParams } from '../../src/modules/notifications/reminders/sources.ts';

const rule = (id: string) => {
  const r = DEFAULT_RULES.find((x) => x.id === id);
  assert.ok(r, id);
  return parseDefinition(r.definition);
};

test('every shipped rule validates, with a legal (or own) source and a known clock', () => {
  assert.deepEqual(
    DEFAULT_RULES.map((r) => r.id),
    [
      'task.deadline',
      'task.receipt',
      'dossier.step',
      'dossier.apology',
      'dossier.supplement',
      'petition.clocks',
    ],
  );
  for (const r of DEFAULT_RULES) {
    const d = parseDefinition(r.definition);
    assert.equal(d.itemType, r.itemType);
    assert.ok(d.source.length > 10, r.id);
    assert.ok(r.name.vi && r.name.en);
    assert.equal(d.nonWorkingDays, false, `${r.id}: no reminder on a non-working day`);
    // shown to users under "Căn cứ": Vietnamese citations, no developer text (new-user review)
    assert.doesNotMatch(d.source, /issue|src\/|\[S\]|\bArt\b|\bcl\.|\bND\b|\bTT\b \d/, r.id);
  }
});

test('the default task rule: 3 and 1 working days before, on due, daily while overdue, escalation 5/10/15', () => {
  const d = rule('task.deadline');
  assert.deepEqual(d.before, [3, 1]);
  assert.equal(d.onDue, true);
  assert.deepEqual(d.after, { everyWorkingDays: 1 });
  assert.deepEqual(d.escalation, [
    { afterWorkingDays: 5, to: 'agency_leader' },
    { afterWorkingDays: 10, to: 'office_leader' },
    { afterWorkingDays: 15, to: 'assigner' },
  ]);
  assert.deepEqual(d.recipients.roles, ['agency_leader', 'agency_staff']);
  assert.deepEqual(
    ruleSteps(d).map((s) => [s.step, s.kind, s.k, s.every]),
    [
      ['before_3', 'before_due', -3, null],
      ['before_1', 'before_due', -1, null],
      ['on_due', 'on_due', 0, null],
      ['overdue', 'overdue', null, 1],
      ['escalation_1', 'escalation', 5, null],
      ['escalation_2', 'escalation', 10, null],
      ['escalation_3', 'escalation', 15, null],
    ],
  );
});

test('receipt, apology, supplement and petition rules as data', () => {
  const r = rule('task.receipt');
  assert.deepEqual(
    ruleSteps(r).map((s) => [s.step, s.k]),
    [['receipt', 0]],
  );
  const a = rule('dossier.apology');
  // warning 2 working days before the appointment, "apology due" 1 working day before (ND 61/2018 Art 19 cl.9)
  assert.deepEqual(
    ruleSteps(a).map((s) => [s.step, s.kind, s.k]),
    [
      ['apology_warning_2', 'apology_warning', -2],
      ['apology_due_1', 'apology_due', -1],
    ],
  );
  assert.match(a.source, /Nghị định 61\/2018\/NĐ-CP, Điều 19 khoản 9/);
  const s = rule('dossier.supplement');
  assert.deepEqual(
    ruleSteps(s).map((x) => [x.step, x.kind, x.every]),
    [['supplement', 'supplement_clock', 5]],
  );
  const st = rule('dossier.step');
  assert.deepEqual(st.recipients.roles, ['processing_officer']);
  assert.deepEqual(st.before, [1]);
  const p = rule('petition.clocks');
  assert.equal(p.clock, '*');
  assert.deepEqual(p.before, [2]);
  assert.deepEqual(p.recipients.roles, ['petition_handler']);
  // every kind a step can have has a reason in both languages
  for (const step of [
    'before_3',
    'on_due',
    'overdue',
    'escalation_1',
    'receipt',
    'apology_warning_2',
    'apology_due_1',
    'supplement',
  ]) {
    assert.ok(STEP_KINDS.includes(stepKindOf(step)));
    const why = stepReason(rule('task.deadline'), step, 4);
    assert.ok(why.vi && why.en, step);
  }
});

const base = () => structuredClone(DEFAULT_RULES[0]!.definition) as Record<string, unknown>;
const issuePaths = (def: unknown) => {
  const r = RuleDefinitionSchema.safeParse(def);
  assert.equal(r.success, false, JSON.stringify(def));
  return (r.error as z.ZodError).issues.map((i) => i.path.join('.'));
};

test('bad definitions are refused with the field path', () => {
  assert.deepEqual(issuePaths({ ...base(), clock: 'step' }), ['clock']);
  assert.deepEqual(issuePaths({ ...base(), before: [3, 3] }), ['before']);
  assert.deepEqual(issuePaths({ ...base(), before: [0] }), ['before.0']);
  assert.deepEqual(issuePaths({ ...base(), channels: [] }), ['channels']);
  assert.deepEqual(issuePaths({ ...base(), channels: ['fax'] }), ['channels.0']);
  assert.deepEqual(
    issuePaths({
      ...base(),
      escalation: [
        { afterWorkingDays: 10, to: 'agency_leader' },
        { afterWorkingDays: 5, to: 'office_leader' },
      ],
    }),
    ['escalation.1.afterWorkingDays'],
  );
  assert.deepEqual(issuePaths({ ...base(), recipients: { roles: ['mayor'] } }), ['recipients.roles.0']);
  assert.deepEqual(issuePaths({ ...base(), extra: 1 }), ['']);
  const petition = { ...structuredClone(DEFAULT_RULES[5]!.definition) };
  assert.deepEqual(issuePaths({ ...petition, escalation: [{ afterWorkingDays: 3, to: 'assigner' }] }), [
    'escalation.0.to',
  ]);
  assert.deepEqual(issuePaths({ ...petition, clock: 'nope' }), ['clock']);
  const apology = { ...structuredClone(DEFAULT_RULES[3]!.definition) };
  assert.deepEqual(issuePaths({ ...apology, after: { everyWorkingDays: 1 } }), ['after']);
  const receipt = { ...structuredClone(DEFAULT_RULES[1]!.definition) };
  assert.deepEqual(issuePaths({ ...receipt, before: [1] }), ['before']);
  assert.deepEqual(issuePaths({ ...base(), before: [], onDue: false, after: null, escalation: [] }), [
    'onDue',
  ]);
  // a valid change parses, with defaults filled in
  const ok = parseDefinition({
    ...base(),
    before: [5],
    after: { everyWorkingDays: 2 },
    nonWorkingDays: true,
  });
  assert.deepEqual(ok.before, [5]);
  assert.equal(ok.nonWorkingDays, true);
  assert.deepEqual(
    ruleSteps(ok).find((s) => s.step === 'overdue'),
    { step: 'overdue', kind: 'overdue', k: null, every: 2 },
  );
});

test('recipient roles: distinct, and only roles of an agency handling that kind of item (vi and en messages)', () => {
  assert.deepEqual(issuePaths({ ...base(), recipients: { roles: ['admin'] } }), ['recipients.roles.0']);
  assert.deepEqual(issuePaths({ ...base(), recipients: { roles: ['office_specialist'] } }), [
    'recipients.roles.0',
  ]);
  assert.deepEqual(
    issuePaths({ ...base(), recipients: { roles: ['agency_leader', 'agency_leader', 'agency_leader'] } }),
    ['recipients.roles.1', 'recipients.roles.2'],
  );
  // a petition handler is no task recipient; it is a petition one
  assert.deepEqual(issuePaths({ ...base(), recipients: { roles: ['petition_handler'] } }), [
    'recipients.roles.0',
  ]);
  const petition = structuredClone(DEFAULT_RULES[5]!.definition);
  assert.ok(
    RuleDefinitionSchema.safeParse({ ...petition, recipients: { roles: ['petition_handler'] } }).success,
  );
  // custom messages carry the detail in both languages ("vi | en")
  const r = RuleDefinitionSchema.safeParse({ ...base(), before: [3, 3] });
  assert.equal(r.success, false);
  assert.equal(r.error!.issues[0]!.message, 'Số ngày nhắc trước bị trùng | duplicate offsets');
  for (const i of RuleDefinitionSchema.safeParse({ ...base(), recipients: { roles: ['admin', 'admin'] } })
    .error!.issues)
    assert.match(i.message, /^[^|]*[ạ-ỹđ][^|]* \| [ -~]+$/u, i.message);
});

test('a day off (adversarial review F5): only the daily overdue step and "due that very day" fire, and only with nonWorkingDays', () => {
  const asRule = (def: unknown): ReminderRule => ({
    id: 'x',
    itemType: 'task',
    name: { vi: 'x', en: 'x' },
    definition: parseDefinition(def),
    enabled: true,
    builtIn: false,
  });
  const day = (working: boolean) => ({ working, date: '2026-03-14' }) as CalendarParams;
  const steps = (def: unknown, working: boolean) => stepsOn(asRule(def), day(working)).map((s) => s.step);
  // the default rule: everything on a working day, nothing on a day off
  assert.deepEqual(steps(base(), true), [
    'before_3',
    'before_1',
    'on_due',
    'overdue',
    'escalation_1',
    'escalation_2',
    'escalation_3',
  ]);
  assert.deepEqual(steps(base(), false), []);
  // nonWorkingDays, daily: the daily overdue reminder and "due today" (hitSql: due = that day)
  assert.deepEqual(steps({ ...base(), nonWorkingDays: true }, false), ['on_due', 'overdue']);
  // every 5 working days: the count does not advance on a day off, so no repeat all weekend
  assert.deepEqual(steps({ ...base(), nonWorkingDays: true, after: { everyWorkingDays: 5 } }, false), [
    'on_due',
  ]);
  const supp = { ...structuredClone(DEFAULT_RULES[4]!.definition), nonWorkingDays: true };
  assert.deepEqual(
    stepsOn({ ...asRule(supp), itemType: 'dossier' }, day(false)).map((s) => s.step),
    [],
  );
  assert.deepEqual(
    stepsOn({ ...asRule({ ...supp, after: { everyWorkingDays: 1 } }), itemType: 'dossier' }, day(false)).map(
      (s) => s.step,
    ),
    ['supplement'],
  );
});
