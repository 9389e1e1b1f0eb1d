/**
 * Effective-dated rules (the 2026-07-01 change), deadlines, and the dossier clock (supplement restart,
 * stop/resume pauses).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CalendarInputError,
  DEFAULT_TIME_LIMIT_RULES,
  ONE_STOP_DOSSIER,
  assertNoOverlap,
  buildCalendar,
  computeClock,
  computeDeadline,
  ruleInForce,
  timeLimitRuleFor,
  type ClockEvent,
  type TimeLimit,
} from '../../src/kernel/calendar/index.ts';

const cal = buildCalendar();

interface V {
  id: string;
  validFrom: string | null;
  validTo: string | null;
  enabled?: boolean;
  days: number;
}
const versions: V[] = [
  { id: 'old', validFrom: null, validTo: '2026-06-30', days: 10 },
  { id: 'new', validFrom: '2026-07-01', validTo: null, days: 7 },
  { id: 'draft', validFrom: '2026-01-01', validTo: null, enabled: false, days: 5 },
];

test('ruleInForce picks the version in force on the day (inclusive bounds, disabled skipped)', () => {
  assert.equal(ruleInForce(versions, '2020-01-01')?.id, 'old');
  assert.equal(ruleInForce(versions, '2026-06-30')?.id, 'old');
  assert.equal(ruleInForce(versions, '2026-07-01')?.id, 'new');
  assert.equal(ruleInForce(versions.slice(1), '2026-06-30'), undefined);
  // Instants are read in Asia/Ho_Chi_Minh: 2026-06-30T17:30Z is 00:30 on 1 July in Hà Nội.
  assert.equal(ruleInForce(versions, new Date('2026-06-30T17:30:00Z'))?.id, 'new');
  assert.equal(ruleInForce(versions, '2026-06-30T16:59:00Z')?.id, 'old');
});

test('ruleInForce refuses overlapping enabled versions', () => {
  const overlapping = [...versions, { id: 'clash', validFrom: '2026-07-01', validTo: '2026-12-31', days: 8 }];
  assert.throws(
    () => ruleInForce(overlapping, '2026-08-01'),
    (e: unknown) => e instanceof CalendarInputError && e.code === 'AMBIGUOUS_RULE',
  );
  assert.equal(ruleInForce(overlapping, '2026-06-01')?.id, 'old');
  assert.throws(
    () => assertNoOverlap(overlapping, 'rules'),
    (e: unknown) => e instanceof CalendarInputError && e.code === 'AMBIGUOUS_RULE' && e.field === 'rules',
  );
  assert.doesNotThrow(() => assertNoOverlap(versions, 'rules'));
  assert.throws(() => ruleInForce(versions, '2026-02-30'), CalendarInputError);
});

test('complaint acceptance: 10 working days until 2026-06-30, 7 from 2026-07-01; a case keeps its version', () => {
  const before = timeLimitRuleFor('complaint.acceptance', '2026-06-30T16:00:00+07:00')!;
  const after = timeLimitRuleFor('complaint.acceptance', '2026-07-01T08:00:00+07:00')!;
  assert.equal(before.amount, 10);
  assert.equal(after.amount, 7);
  assert.equal(before.unit, 'working_days');
  assert.match(after.legalBasis, /155\/2026/);
  assert.equal(computeDeadline(cal, before, '2026-06-30T16:00:00+07:00').dueDate, '2026-07-14');
  assert.equal(computeDeadline(cal, after, '2026-07-01T08:00:00+07:00').dueDate, '2026-07-10');
  // A complaint received on 30 June and still open in July keeps 10 days.
  assert.equal(
    timeLimitRuleFor('complaint.acceptance', new Date('2026-06-30T09:00:00+07:00'))!.id,
    before.id,
  );
  assert.equal(timeLimitRuleFor('no.such.rule', '2026-07-01'), undefined);
});

test('every shipped time-limit key has at most one version in force on any date', () => {
  const keys = new Set(DEFAULT_TIME_LIMIT_RULES.map((r) => r.key));
  for (const k of keys)
    assertNoOverlap(
      DEFAULT_TIME_LIMIT_RULES.filter((r) => r.key === k),
      k,
    );
  assert.ok(keys.has('one_stop.transfer') && keys.has('denunciation.intake'));
});

test('computeDeadline by unit', () => {
  // One-stop transfer: same working day, after 15:00 the next one (ND 61 Art 18).
  const transfer = timeLimitRuleFor('one_stop.transfer', '2026-03-02')!;
  assert.equal(computeDeadline(cal, transfer, '2026-03-02T14:00:00+07:00').dueDate, '2026-03-02');
  assert.equal(computeDeadline(cal, transfer, '2026-03-02T15:30:00+07:00').dueDate, '2026-03-03');
  // Denunciation resolution: 30 calendar days from acceptance; 26/04/2026 is a Sunday holiday.
  const resolution = timeLimitRuleFor('denunciation.resolution', '2026-03-27')!;
  const d = computeDeadline(cal, resolution, '2026-03-27T10:00:00+07:00');
  assert.deepEqual([d.startDate, d.dueDate], ['2026-03-27', '2026-04-28']);
  assert.equal(d.dueAt.toISOString(), '2026-04-28T17:00:00.000Z', 'ends at 24:00 Hà Nội time');
  // Hours.
  const h = computeDeadline(
    cal,
    { amount: 4, unit: 'working_hours', cutoff: null },
    '2026-03-02T16:00:00+07:00',
  );
  assert.equal(h.dueAt.toISOString(), '2026-03-03T03:30:00.000Z', '1 h on Monday, 3 h Tuesday → 10:30');
  assert.equal(h.dueDate, '2026-03-03');
  // One-stop dossier of 10 working days received after the cut-off.
  const dossier = computeDeadline(cal, { ...ONE_STOP_DOSSIER, amount: 10 }, '2026-02-13T15:30:00+07:00');
  assert.deepEqual([dossier.startDate, dossier.dueDate], ['2026-02-23', '2026-03-09']);
  assert.throws(
    () =>
      computeDeadline(cal, { amount: 1.5, unit: 'working_days', cutoff: null }, '2026-03-02T08:00:00+07:00'),
    (e: unknown) =>
      e instanceof CalendarInputError && e.code === 'INVALID_NUMBER' && e.field === 'limit.amount',
  );
});

// ---- dossier clock
const dossier10: TimeLimit = { ...ONE_STOP_DOSSIER, amount: 10 };

test('clock without pauses: due 10 working days after receipt', () => {
  const s = computeClock(cal, dossier10, [{ type: 'received', at: '2026-03-02T09:00:00+07:00' }]);
  assert.equal(s.status, 'running');
  assert.equal(s.dueDate, '2026-03-16');
  assert.equal(s.dueAt?.toISOString(), '2026-03-16T17:00:00.000Z');
});

test('supplement: the clock restarts from zero when the complete dossier arrives (ND 61 Art 19 cl.4)', () => {
  const events: ClockEvent[] = [
    { type: 'received', at: '2026-03-02T09:00:00+07:00' },
    { type: 'paused', at: '2026-03-04T10:00:00+07:00', reason: 'supplement' },
  ];
  const paused = computeClock(cal, dossier10, events);
  assert.equal(paused.status, 'paused');
  assert.equal(paused.dueDate, null);
  assert.equal(paused.pauseReason, 'supplement');
  // Complete dossier Friday 20/03 at 16:00 → after the cut-off → day 0 Monday 23/03 → 10 working days.
  const resumed = computeClock(cal, dossier10, [
    ...events,
    { type: 'resumed', at: '2026-03-20T16:00:00+07:00' },
  ]);
  assert.equal(resumed.status, 'running');
  assert.equal(resumed.runStartDate, '2026-03-23');
  assert.equal(resumed.used, 0);
  assert.equal(resumed.restarts, 1);
  assert.equal(resumed.dueDate, '2026-04-06');
});

test('other pause: the clock stops and resumes with the days left', () => {
  const s = computeClock(cal, dossier10, [
    { type: 'received', at: '2026-03-02T09:00:00+07:00' },
    { type: 'paused', at: '2026-03-04T10:00:00+07:00', reason: 'other' },
    { type: 'resumed', at: '2026-03-20T16:00:00+07:00' },
  ]);
  assert.equal(s.used, 2, '3/3 and 4/3 were used');
  assert.equal(s.remaining, 8);
  assert.equal(s.dueDate, '2026-04-02');
  assert.equal(s.restarts, 0);
  // Paused and resumed within the same day: no extension.
  const sameDay = computeClock(cal, dossier10, [
    { type: 'received', at: '2026-03-02T09:00:00+07:00' },
    { type: 'paused', at: '2026-03-04T10:00:00+07:00', reason: 'financial_obligation' },
    { type: 'resumed', at: '2026-03-04T14:00:00+07:00' },
  ]);
  assert.equal(sameDay.dueDate, '2026-03-16');
});

test('a pause after the deadline does not move it', () => {
  const s = computeClock(cal, { ...dossier10, amount: 3 }, [
    { type: 'received', at: '2026-03-02T09:00:00+07:00' },
    { type: 'paused', at: '2026-03-09T09:00:00+07:00', reason: 'other' },
    { type: 'resumed', at: '2026-03-10T09:00:00+07:00' },
  ]);
  assert.equal(s.dueDate, '2026-03-05');
  assert.equal(s.remaining, 0);
});

test('clock in working hours: stop and resume', () => {
  const limit: TimeLimit = { amount: 8, unit: 'working_hours', cutoff: null };
  const plain = computeClock(cal, limit, [{ type: 'received', at: '2026-02-13T16:00:00+07:00' }]);
  assert.equal(plain.dueAt?.toISOString(), '2026-02-23T09:30:00.000Z', '16:30 on Monday after Tết');
  const s = computeClock(cal, limit, [
    { type: 'received', at: '2026-02-13T16:00:00+07:00' },
    { type: 'paused', at: '2026-02-23T09:30:00+07:00', reason: 'other' },
    { type: 'resumed', at: '2026-02-24T13:30:00+07:00' },
  ]);
  assert.equal(s.used, 3);
  assert.equal(s.dueAt?.toISOString(), '2026-02-25T02:00:00.000Z', 'Wednesday 09:00');
});

test('clock events in an impossible order are refused', () => {
  const r = { type: 'received', at: '2026-03-02T09:00:00+07:00' } as const;
  const bad = (events: ClockEvent[], field: string) =>
    assert.throws(
      () => computeClock(cal, dossier10, events),
      (e: unknown) =>
        e instanceof CalendarInputError && e.code === 'INVALID_EVENT_SEQUENCE' && e.field === field,
    );
  bad([], 'events[0]');
  bad([{ type: 'resumed', at: '2026-03-02T09:00:00+07:00' }], 'events[0]');
  bad([r, { type: 'resumed', at: '2026-03-03T09:00:00+07:00' }], 'events[1]');
  bad(
    [
      r,
      { type: 'paused', at: '2026-03-03T09:00:00+07:00', reason: 'other' },
      { type: 'paused', at: '2026-03-04T09:00:00+07:00', reason: 'other' },
    ],
    'events[2]',
  );
  bad([r, { type: 'paused', at: '2026-03-01T09:00:00+07:00', reason: 'other' }], 'events[1]');
  bad([r, r], 'events[1]');
});
