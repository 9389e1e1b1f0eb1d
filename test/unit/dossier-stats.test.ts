/**
 * The daily-count design, pure: for random dossier rows, summing `contributions` over days ≤ D gives the
 * pending / over-limit state at 24:00 of D that `pendingState` (the dossier module's definition) gives;
 * summing over [a, b] gives the period figures; `segments` covers a range exactly once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contributions, mergeContributions, atGrains } from '../../src/modules/reports/dossier-stats.ts';
import { segments } from '../../src/modules/reports/dossier-report.ts';
import { pendingState } from '../../src/modules/dossiers/fold.ts';
import { endOfDay, shiftDate, toHcmDate } from '../../src/kernel/calendar/dates.ts';
import type { DossierRow } from '../../src/modules/reports/dossier-stats.ts';
import { mulberry32 } from '../../src/kernel/random.ts';

const rng = mulberry32;

const BASE = Date.parse('2024-03-01T00:00:00+07:00');
const H = 3_600_000;

function randomRow(r: () => number, i: number): DossierRow {
  const receivedAt = new Date(BASE + Math.floor(r() * 20 * 24) * H + Math.floor(r() * H));
  const hasAppt = r() < 0.9;
  // appointments at 24:00 of a day or at an hour (hour-based limits), sometimes before receipt day (odd data)
  const appointmentAt = hasAppt
    ? new Date(
        r() < 0.7
          ? endOfDay(shiftDate(toHcmDate(receivedAt), Math.floor(r() * 12) - 1)).getTime()
          : receivedAt.getTime() + Math.floor(r() * 200) * H,
      )
    : null;
  const fate = r();
  let status = 'processing';
  let resolvedAt: Date | null = null;
  let closedAt: Date | null = null;
  let timeliness: string | null = null;
  const later = () => new Date(receivedAt.getTime() + Math.floor(r() * 400) * H + Math.floor(r() * H));
  if (fate < 0.45) {
    status = r() < 0.5 ? 'result_ready' : 'returned';
    resolvedAt = later();
    closedAt = resolvedAt;
    timeliness = appointmentAt
      ? resolvedAt > appointmentAt
        ? 'late'
        : r() < 0.5
          ? 'early'
          : 'on_time'
      : null;
  } else if (fate < 0.6) {
    status = ['refused', 'withdrawn', 'stopped'][Math.floor(r() * 3)]!;
    closedAt = later();
  } else if (fate < 0.75) {
    status = r() < 0.5 ? 'supplement_requested' : 'awaiting_payment';
  } else if (fate < 0.8) status = 'new';
  return {
    id: `id-${i}`,
    code: `C-${i}`,
    era: 'nd61',
    procedureCode: `P${i % 3}`,
    procedureVersionId: 'v',
    procedureName: 'x',
    field: null,
    channel: ['counter', 'online', 'postal', 'phone'][i % 4]!,
    receivingBodyCode: `B${i % 2}`,
    processingAgencyCode: r() < 0.2 ? null : `A${i % 5}`,
    applicant: {},
    representative: null,
    components: [],
    returnMethod: 'counter',
    receivedAt,
    startDate: null,
    timeLimit: null,
    appointmentAt,
    firstAppointmentAt: appointmentAt,
    apologyAt: null,
    status,
    resolvedAt,
    timeliness,
    returnedAt: null,
    closedAt,
    fee: null,
    postal: null,
    version: 1,
    searchKey: '',
    demo: false,
    createdBy: null,
    createdAt: receivedAt,
    updatedAt: receivedAt,
  } as DossierRow;
}

test('cumulative open/over contributions = pendingState at 24:00 of every day', () => {
  const r = rng(20220915);
  const rows = Array.from({ length: 3000 }, (_, i) => randomRow(r, i));
  const contribs = rows.flatMap((row) => contributions(row, [], []));
  for (let d = -2; d < 45; d++) {
    const D = shiftDate('2024-03-01', d);
    const sum = (m: string) =>
      contribs.filter((c) => c.metric === m && c.day <= D).reduce((s, c) => s + c.count, 0);
    let pending = 0;
    let over = 0;
    for (const row of rows) {
      const s = pendingState(row, endOfDay(D));
      if (s) pending++;
      if (s === 'over_limit') over++;
    }
    assert.equal(sum('open'), pending, `pending at ${D}`);
    assert.equal(sum('over'), over, `over limit at ${D}`);
  }
});

test('period contributions count each dossier on its receipt and resolution day', () => {
  const r = rng(7);
  const rows = Array.from({ length: 500 }, (_, i) => randomRow(r, i));
  const contribs = rows.flatMap((row) => contributions(row, [], []));
  const a = '2024-03-05';
  const b = '2024-03-18';
  const inP = (d: Date | null) => !!d && toHcmDate(d) >= a && toHcmDate(d) <= b;
  const sum = (m: string) =>
    contribs.filter((c) => c.metric === m && c.day >= a && c.day <= b).reduce((s, c) => s + c.count, 0);
  assert.equal(sum('received.phone'), rows.filter((x) => x.channel === 'phone' && inP(x.receivedAt)).length);
  assert.equal(sum('resolved.late'), rows.filter((x) => x.timeliness === 'late' && inP(x.resolvedAt)).length);
  assert.equal(
    sum('resolved.on_time'),
    rows.filter((x) => x.resolvedAt && (x.timeliness ?? 'on_time') === 'on_time' && inP(x.resolvedAt)).length,
  );
});

test('events and ratings: metric by type on the event day; grains keep the totals', () => {
  const row = randomRow(rng(1), 1);
  const ev = [
    { type: 'request_supplement', at: new Date('2024-03-03T02:00:00Z') },
    { type: 'request_supplement', at: new Date('2024-03-03T18:00:00Z') }, // 01:00 on the 4th in Hà Nội
    { type: 'stop', at: new Date('2024-03-05T02:00:00Z') },
    { type: 'transfer', at: new Date('2024-03-05T02:00:00Z') },
  ];
  const c = contributions(row, ev, [{ vote: 'satisfied', at: new Date('2024-03-06T02:00:00Z') }]);
  const sup = c.filter((x) => x.metric === 'supplement').map((x) => x.day);
  assert.deepEqual(sup, ['2024-03-03', '2024-03-04']);
  assert.equal(c.filter((x) => x.metric === 'withdrawal').length, 1);
  assert.deepEqual(
    c.filter((x) => x.metric.startsWith('rat')).map((x) => x.metric),
    ['rated', 'rating.satisfied'],
  );
  const merged = mergeContributions(c.flatMap(atGrains));
  const tot = (body: string) =>
    merged
      .filter((x) => x.receivingBodyCode === body && x.metric === 'supplement')
      .reduce((s, x) => s + x.count, 0);
  assert.equal(tot(row.receivingBodyCode), 2);
  assert.equal(tot('*'), 2);
  assert.equal(tot('*#m'), 2);
  assert.equal(tot(`${row.receivingBodyCode}#m`), 2);
  assert.ok(merged.every((x) => (x.receivingBodyCode.endsWith('#m') ? x.day.endsWith('-01') : true)));
});

test('segments cover [a, b] exactly once with whole months in the middle', () => {
  const r = rng(3);
  for (let k = 0; k < 500; k++) {
    const a = shiftDate('2020-01-01', Math.floor(r() * 1500));
    const b = shiftDate(a, Math.floor(r() * 400) - 5);
    const s = segments(a, b);
    const covered: string[] = [];
    for (const [lo, hi] of s.days) for (let d = lo; d <= hi; d = shiftDate(d, 1)) covered.push(d);
    if (s.months) {
      const [m1, m2] = s.months;
      assert.ok(m1.endsWith('-01') && m2.endsWith('-01'));
      for (let d = m1; d < m2; d = shiftDate(d, 1)) covered.push(d);
    }
    const expect: string[] = [];
    for (let d = a; d <= b; d = shiftDate(d, 1)) expect.push(d);
    assert.deepEqual(covered.sort(), expect);
    // with whole months, each edge range lies inside one month (at most 30 daily rows per edge)
    if (s.months) for (const [lo, hi] of s.days) assert.equal(lo.slice(0, 7), hi.slice(0, 7));
  }
});
