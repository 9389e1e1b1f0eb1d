/**
 * Petition clocks as effective-dated rules (REFERENCE §4, §7): dated cases in BOTH rule eras (pet2019 until
 * 2026-06-30, pet2026 from 2026-07-01), across Tết 2022 and Tết 2027, and the switch itself. Expected dates
 * are worked out by hand from the calendar (weekends, Tết, compensatory days) and written as literals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar } from '../../src/kernel/calendar/index.ts';
import {
  complaintLimitationEnd,
  extensionClock,
  intakeClocks,
  PETITION_RULE_VERSIONS,
  resolveClock,
  ruleVersion,
  ruleVersionOn,
  secondComplaintEnd,
} from '../../src/modules/petitions/clocks.ts';

const cal = buildCalendar();
const at = (s: string) => new Date(s);
const due = (list: { clock: string; dueDate: string }[], clock: string) =>
  list.find((d) => d.clock === clock)?.dueDate;

test('rule versions: no gap, no overlap; the receipt date picks the version', () => {
  assert.equal(ruleVersionOn('2018-12-31'), undefined);
  assert.equal(ruleVersionOn('2019-01-01')?.id, 'pet2019');
  assert.equal(ruleVersionOn('2026-06-30')?.id, 'pet2019');
  assert.equal(ruleVersionOn('2026-07-01')?.id, 'pet2026');
  assert.equal(ruleVersionOn('2040-01-01')?.id, 'pet2026');
  for (const v of PETITION_RULE_VERSIONS)
    for (const l of Object.values(v.limits).flatMap((x) => ('value' in x ? [x] : Object.values(x)))) {
      assert.ok(l.source.length > 10, `${v.id}: every limit names its legal source`);
      assert.ok(['working_days', 'calendar_days'].includes(l.unit));
    }
  assert.equal(ruleVersion('pet2019').limits.complaintAccept.value, 10);
  assert.equal(ruleVersion('pet2026').limits.complaintAccept.value, 7);
  assert.equal(ruleVersion('pet2026').limits.complaintAccept.unit, 'working_days');
  assert.throws(() => ruleVersion('pet1999'));
});

test('the 2026-07-01 switch: received 30/06 keeps 10 working days to accept, received 01/07 gets 7', () => {
  const v30 = ruleVersionOn('2026-06-30')!;
  const c30 = intakeClocks(cal, v30, { kind: 'complaint' }, at('2026-06-30T16:30:00+07:00'));
  // Tue 30/06 + 10 working days: 1,2,3 | 6,7,8,9,10 | 13,14 July
  assert.equal(due(c30, 'accept'), '2026-07-14');
  assert.equal(due(c30, 'answer'), '2026-07-14');
  const v01 = ruleVersionOn('2026-07-01')!;
  const c01 = intakeClocks(cal, v01, { kind: 'complaint' }, at('2026-07-01T08:00:00+07:00'));
  // Wed 01/07 + 7 working days: 2,3 | 6,7,8,9,10 July
  assert.equal(due(c01, 'accept'), '2026-07-10');
  assert.equal(due(c01, 'answer'), '2026-07-15', 'the answer clock stays 10 working days (Luật TCD Art 28)');
  // the HCM date decides, not UTC: 2026-06-30T17:30Z is 2026-07-01 00:30 in Hà Nội
  assert.equal(ruleVersionOn('2026-07-01')?.id, 'pet2026');
});

test('across Tết 2022 (31/01–04/02 off): answer and acceptance in working days', () => {
  const v = ruleVersionOn('2022-01-28')!;
  const c = intakeClocks(cal, v, { kind: 'complaint' }, at('2022-01-28T10:00:00+07:00'));
  // Fri 28/01; weekend; Tết Mon 31/01–Fri 04/02; weekend; 7,8,9,10,11 | 14,15,16,17,18 Feb
  assert.equal(due(c, 'answer'), '2022-02-18');
  assert.equal(due(c, 'accept'), '2022-02-18');
  assert.deepEqual(c.find((d) => d.clock === 'answer')!.limit, { value: 10, unit: 'working_days' });
  assert.match(c.find((d) => d.clock === 'answer')!.source, /Luật Tiếp công dân.*Art 28/);
  assert.match(c.find((d) => d.clock === 'accept')!.source, /Art 27/);
  // denunciation resolution: 30 CALENDAR days from acceptance on 05/01/2022 ends on Fri 04/02 (Tết) → Mon 07/02
  const r = resolveClock(
    cal,
    v,
    { kind: 'denunciation', level: null, complex: false, remoteArea: false },
    at('2022-01-05T09:00:00+07:00'),
  )!;
  assert.equal(r.dueDate, '2022-02-07');
  assert.deepEqual(r.limit, { value: 30, unit: 'calendar_days' });
  assert.match(r.source, /Luật Tố cáo.*Art 30/);
});

test('across Tết 2027 (05/02–11/02 off with compensatory days): denunciation check 7 / 10 working days', () => {
  const v = ruleVersionOn('2027-02-04')!;
  assert.equal(v.id, 'pet2026');
  const c = intakeClocks(cal, v, { kind: 'denunciation' }, at('2027-02-04T09:00:00+07:00'));
  // Thu 04/02; off 05/02–11/02 (Tết + compensatory for Sat/Sun 6–7/02); 12 | 15,16,17,18,19 | 22
  assert.equal(due(c, 'check'), '2027-02-22');
  assert.match(c.find((d) => d.clock === 'check')!.source, /Luật Tố cáo.*Art 24/);
  const m = intakeClocks(cal, v, { kind: 'denunciation', multiSite: true }, at('2027-02-04T09:00:00+07:00'));
  assert.equal(due(m, 'check'), '2027-02-25');
  assert.equal(due(c, 'accept'), undefined, 'no complaint acceptance clock on a denunciation');
  // complaint received just before Tết 2027: 7 working days
  const k = intakeClocks(cal, v, { kind: 'complaint' }, at('2027-02-03T09:00:00+07:00'));
  // Wed 03/02: 04 | 12 | 15,16,17,18,19
  assert.equal(due(k, 'accept'), '2027-02-19');
});

test('resolution clocks: first and second level, complex, remote (calendar days)', () => {
  const v = ruleVersionOn('2022-03-01')!;
  const t0 = at('2022-03-01T09:00:00+07:00');
  const c = (level: number, complex: boolean, remoteArea: boolean) =>
    resolveClock(cal, v, { kind: 'complaint', level, complex, remoteArea }, t0)!.limit.value;
  assert.deepEqual(
    [c(1, false, false), c(1, true, false), c(1, false, true), c(1, true, true)],
    [30, 45, 45, 60],
  );
  assert.deepEqual(
    [c(2, false, false), c(2, true, false), c(2, false, true), c(2, true, true)],
    [45, 60, 60, 70],
  );
  // 01/03/2022 + 30 days = Thu 31/03/2022
  assert.equal(
    resolveClock(cal, v, { kind: 'complaint', level: 1, complex: false, remoteArea: false }, t0)!.dueDate,
    '2022-03-31',
  );
  assert.equal(
    resolveClock(cal, v, { kind: 'feedback', level: null, complex: false, remoteArea: false }, t0),
    null,
  );
});

test('extensions: counted from the deadline in force, ≤ 30 calendar days each, rolled to a working day', () => {
  const v = ruleVersion('pet2019');
  // 2022-03-02 + 30 = Fri 2022-04-01
  assert.equal(extensionClock(cal, v, 1, '2022-03-02').dueDate, '2022-04-01');
  // 2022-03-11 + 30 = Sun 10/04 (Hùng Kings); Mon 11/04 compensatory → Tue 12/04
  const e = extensionClock(cal, v, 2, '2022-03-11');
  assert.equal(e.clock, 'extension_2');
  assert.equal(e.dueDate, '2022-04-12');
  assert.equal(v.limits.denunciationExtension.max, 2);
});

test('limitation (90 days, Luật KN Art 9) and second complaint (30 / 45 days, Art 33)', () => {
  const v = ruleVersion('pet2019');
  // 03/01/2022 + 90 = Sun 03/04 → Mon 04/04
  assert.equal(complaintLimitationEnd(cal, v, '2022-01-03'), '2022-04-04');
  // 10/01/2022 + 90 = Sun 10/04 (Hùng Kings), Mon 11/04 compensatory → Tue 12/04
  assert.equal(complaintLimitationEnd(cal, v, '2022-01-10'), '2022-04-12');
  // decision on Sun 10/05/2026: +30 = Tue 09/06; remote +45 = Wed 24/06
  assert.equal(secondComplaintEnd(cal, v, '2026-05-10', false), '2026-06-09');
  assert.equal(secondComplaintEnd(cal, v, '2026-05-10', true), '2026-06-24');
});
