/**
 * Timeliness as of a cut-off (REFERENCE §1) through the real API, on edge dates. Tasks are imported
 * into March 2023, a window with no demo tasks; lead agency SNNPTNT (valid in 2023).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let office: Client;

const task = (ref: string, deadline: string | null, events: unknown[], assignedAt = '2023-03-01') => ({
  ref,
  title: `Nhiệm vụ kiểm thử ${ref}`,
  document: { number: '101/UBND-KTTH', date: '2023-03-01' },
  assignedBy: 'chairman',
  leadAgency: 'SNNPTNT',
  cooperatingAgencies: ['STC'],
  assignedAt,
  deadline,
  events,
});

before(async () => {
  t = await startTestApp({ demo: true });
  office = await t.login('office.specialist');
  const r = await office.post('/api/tasks/import', {
    tasks: [
      // reported on the deadline day, confirmed later → completed on time
      task('E-ON-DAY', '2023-03-10', [
        { type: 'received', at: '2023-03-02' },
        { type: 'reported_done', at: '2023-03-10' },
        { type: 'confirmed_done', at: '2023-03-14' },
      ]),
      // overdue, then an extension approved after it was already overdue
      task('E-EXT-LATE', '2023-03-10', [
        { type: 'received', at: '2023-03-02' },
        { type: 'extension_requested', at: '2023-03-15', deadline: '2023-04-30', note: 'Cần thêm thời gian' },
        { type: 'extension_approved', at: '2023-03-20', deadline: '2023-04-30' },
      ]),
      // returned, then reported again after the deadline
      task('E-RETURNED', '2023-03-10', [
        { type: 'received', at: '2023-03-02' },
        { type: 'reported_done', at: '2023-03-05' },
        { type: 'returned', at: '2023-03-08', note: 'Bổ sung số liệu' },
        { type: 'reported_done', at: '2023-03-15' },
        { type: 'confirmed_done', at: '2023-03-16' },
      ]),
      // deadline on a Sunday (2023-03-12): no roll-over
      task('E-SUNDAY', '2023-03-12', [{ type: 'received', at: '2023-03-03T09:15:00+07:00' }]),
      // several events on one day; datetime in UTC that is the next day in Hồ Chí Minh
      task('E-SAME-DAY', '2023-03-20', [
        { type: 'received', at: '2023-03-06' },
        { type: 'reported_done', at: '2023-03-06' },
        { type: 'confirmed_done', at: '2023-03-06T18:30:00Z' },
      ]),
      // stopped: classified by the stop date
      task('E-STOP', '2023-03-10', [{ type: 'stopped', at: '2023-03-08' }]),
      task('E-NODL', null, [{ type: 'received', at: '2023-03-02' }]),
      // assigned later in the window
      task('E-LATE-ASSIGN', '2023-03-31', [], '2023-03-25'),
    ],
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.imported, 8);
});
after(() => t?.close());

const W = 'from=2023-03-01&to=2023-03-31';
async function cell(asOf: string) {
  const r = await office.get(`/api/reports/tasks?${W}&asOf=${asOf}`);
  assert.equal(r.status, 200);
  const m: Record<string, [number, number, number]> = {};
  for (const x of r.body.rows) m[x.status] = [x.onTime, x.overdue, x.noDeadline];
  return { rows: m, total: r.body.total as number };
}
async function statusOf(ref: string, asOf: string) {
  const r = await office.get(`/api/tasks?${W}&asOf=${asOf}&q=${ref}`);
  assert.equal(r.status, 200);
  if (r.body.total === 0) return null;
  assert.equal(r.body.total, 1, `${ref}: ${JSON.stringify(r.body.items.map((i: any) => i.ref))}`);
  return `${r.body.items[0].status}/${r.body.items[0].timeliness}`;
}

test('report on the deadline day is on time; confirmation later does not change it', async () => {
  assert.equal(await statusOf('E-ON-DAY', '2023-03-09'), 'in_progress/on_time');
  assert.equal(await statusOf('E-ON-DAY', '2023-03-10'), 'awaiting_closure/on_time');
  assert.equal(await statusOf('E-ON-DAY', '2023-03-13'), 'awaiting_closure/on_time');
  assert.equal(await statusOf('E-ON-DAY', '2023-03-14'), 'completed/on_time');
});

test('extension approved after the task was already overdue', async () => {
  assert.equal(await statusOf('E-EXT-LATE', '2023-03-10'), 'in_progress/on_time');
  assert.equal(await statusOf('E-EXT-LATE', '2023-03-11'), 'in_progress/overdue');
  assert.equal(await statusOf('E-EXT-LATE', '2023-03-19'), 'in_progress/overdue'); // requested, not approved
  assert.equal(await statusOf('E-EXT-LATE', '2023-03-20'), 'in_progress/on_time');
  assert.equal(await statusOf('E-EXT-LATE', '2023-05-01'), 'in_progress/overdue');
});

test('returned then reported again: judged by the accepted report', async () => {
  assert.equal(await statusOf('E-RETURNED', '2023-03-05'), 'awaiting_closure/on_time');
  assert.equal(await statusOf('E-RETURNED', '2023-03-08'), 'in_progress/on_time');
  assert.equal(await statusOf('E-RETURNED', '2023-03-11'), 'in_progress/overdue');
  assert.equal(await statusOf('E-RETURNED', '2023-03-15'), 'awaiting_closure/overdue');
  assert.equal(await statusOf('E-RETURNED', '2023-03-16'), 'completed/overdue');
});

test('a Sunday deadline stays that Sunday', async () => {
  assert.equal(await statusOf('E-SUNDAY', '2023-03-12'), 'in_progress/on_time');
  assert.equal(await statusOf('E-SUNDAY', '2023-03-13'), 'in_progress/overdue');
});

test('as of before and after each event; several events on one date; UTC datetimes read in Asia/Ho_Chi_Minh', async () => {
  assert.equal(await statusOf('E-SAME-DAY', '2023-03-05'), 'awaiting_receipt/on_time');
  // 2023-03-06T18:30Z is 2023-03-07 01:30 in Hồ Chí Minh
  assert.equal(await statusOf('E-SAME-DAY', '2023-03-06'), 'awaiting_closure/on_time');
  assert.equal(await statusOf('E-SAME-DAY', '2023-03-07'), 'completed/on_time');
  assert.equal(await statusOf('E-LATE-ASSIGN', '2023-03-24'), null); // not yet assigned
  assert.equal(await statusOf('E-LATE-ASSIGN', '2023-03-25'), 'awaiting_receipt/on_time');
  assert.equal(await statusOf('E-STOP', '2023-03-07'), 'awaiting_receipt/on_time');
  assert.equal(await statusOf('E-STOP', '2023-03-08'), 'stopped/on_time');
  assert.equal(await statusOf('E-NODL', '2023-03-31'), 'in_progress/no_deadline');
});

test('the table as of successive dates: rows add up, and equal the lists', async () => {
  for (const asOf of ['2023-03-01', '2023-03-10', '2023-03-11', '2023-03-20', '2023-03-31', '2024-01-01']) {
    const c = await cell(asOf);
    let sum = 0;
    for (const [status, [a, b, d]] of Object.entries(c.rows)) {
      sum += a + b + d;
      for (const [tl, n] of [
        ['on_time', a],
        ['overdue', b],
        ['no_deadline', d],
      ] as const) {
        const l = await office.get(`/api/tasks?${W}&asOf=${asOf}&status=${status}&timeliness=${tl}`);
        assert.equal(l.body.total, n, `${asOf} ${status}/${tl}`);
      }
    }
    assert.equal(sum, c.total);
  }
  const end = await cell('2023-03-31');
  assert.equal(end.total, 8);
  assert.deepEqual(end.rows.completed, [2, 1, 0]);
  assert.deepEqual(end.rows.stopped, [1, 0, 0]);
  assert.deepEqual(end.rows.in_progress, [1, 1, 1]);
  assert.deepEqual(end.rows.awaiting_receipt, [1, 0, 0]);
});

test('a task shows its whole history', async () => {
  const l = await office.get(`/api/tasks?${W}&q=E-RETURNED`);
  const d = await office.get(`/api/tasks/${l.body.items[0].id}`);
  assert.equal(d.status, 200);
  assert.deepEqual(
    d.body.history.map((h: any) => [h.type, h.occurredOn]),
    [
      ['assigned', '2023-03-01'],
      ['received', '2023-03-02'],
      ['reported_done', '2023-03-05'],
      ['returned', '2023-03-08'],
      ['reported_done', '2023-03-15'],
      ['confirmed_done', '2023-03-16'],
    ],
  );
  assert.equal(d.body.status, 'completed');
  assert.equal(d.body.timeliness, 'overdue');
});
