/** POST /api/tasks/import: all-or-nothing, idempotent by ref, errors with index and path. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, errorOf, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let office: Client;
before(async () => {
  t = await startTestApp({ demo: true });
  office = await t.login('office.specialist');
});
after(() => t?.close());

const ok = (ref: string, extra: Record<string, unknown> = {}) => ({
  ref,
  title: `Nhiệm vụ ${ref}`,
  document: { number: '77/UBND-NC', date: '2023-05-02' },
  assignedBy: 'committee',
  leadAgency: 'STC',
  cooperatingAgencies: [],
  assignedAt: '2023-05-02',
  deadline: '2023-06-01',
  events: [{ type: 'received', at: '2023-05-03' }],
  ...extra,
});

async function count(q = 'from=2023-05-01&to=2023-05-31') {
  return (await office.get(`/api/tasks?${q}`)).body.total as number;
}

test('imports, then importing the same refs again changes nothing and lists them as skipped', async () => {
  const body = { tasks: [ok('I-1'), ok('I-2')] };
  const r1 = await office.post('/api/tasks/import', body);
  assert.equal(r1.status, 200);
  assert.deepEqual(r1.body, { imported: 2, skipped: [] });
  const r2 = await office.post('/api/tasks/import', body);
  assert.deepEqual(r2.body, { imported: 0, skipped: ['I-1', 'I-2'] });
  assert.equal(await count(), 2);
  // the document was created once and is registered
  const docs = await office.get('/api/documents?q=77/UBND-NC');
  assert.equal(docs.body.total, 1);
  assert.equal(docs.body.items[0].type, 'CV');
});

test('one bad task → 422 with every error, nothing written', async () => {
  const before = await count();
  const r = await office.post('/api/tasks/import', {
    tasks: [
      ok('I-3'),
      ok('I-4', { leadAgency: 'NO-SUCH' }),
      ok('I-5', { events: [{ type: 'confirmed_done', at: '2023-05-04' }] }),
      ok('I-6', { events: [{ type: 'received', at: '2023-04-01' }] }),
      ok('I-7', { leadAgency: '522' }), // a district: valid in 2023, accepted
      ok('I-8', { leadAgency: '21028-2025', assignedAt: '2023-05-02' }), // a 2025 ward: not yet in force
      ok('I-3'),
    ],
  });
  assert.equal(r.status, 422);
  const e = errorOf(r);
  assert.equal(e.code, 'import_invalid');
  const errs = (r.body as any).errors as { index: number; path: string; code: string; message: string }[];
  assert.deepEqual(
    errs.map((x) => [x.index, x.path, x.code]),
    [
      [1, 'tasks.1.leadAgency', 'unknown_agency'],
      [2, 'tasks.2.events.0', 'invalid_transition'],
      [3, 'tasks.3.events.0', 'event_before_assignment'],
      [5, 'tasks.5.leadAgency', 'agency_not_valid_on_date'],
      [6, 'tasks.6.ref', 'duplicate_ref'],
    ],
  );
  for (const x of errs) assert.ok(x.message.length > 0);
  assert.equal(await count(), before);
});

test('schema errors name the field path', async () => {
  const r = await office.post('/api/tasks/import', { tasks: [ok('I-9', { deadline: '2023-02-30' })] });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'tasks.0.deadline');
  const r2 = await office.post('/api/tasks/import', { tasks: [ok('I-9', { assignedBy: 'mayor' })] });
  assert.equal(r2.status, 400);
  assert.equal(errorOf(r2).path, 'tasks.0.assignedBy');
  const r3 = await office.post('/api/tasks/import', {
    tasks: [ok('I-9', { events: [{ type: 'received', at: 'yesterday' }] })],
  });
  assert.equal(errorOf(r3).path, 'tasks.0.events.0.at');
  const r4 = await office.post('/api/tasks/import', { tasks: [ok('I-9', { colour: 'red' })] });
  assert.equal(r4.status, 400);
  assert.equal(errorOf(r4).path, 'tasks.0.colour');
});

test('dry run validates and writes nothing', async () => {
  const before = await count();
  const r = await office.post('/api/tasks/import?dryRun=true', { tasks: [ok('I-10')] });
  assert.deepEqual(r.body, { imported: 1, skipped: [], dryRun: true });
  assert.equal(await count(), before);
});

test('agency roles may not import', async () => {
  const staff = await t.login('agency.staff');
  const r = await staff.post('/api/tasks/import', { tasks: [ok('I-11')] });
  assert.equal(r.status, 403);
  assert.equal(errorOf(r).code, 'forbidden');
});
