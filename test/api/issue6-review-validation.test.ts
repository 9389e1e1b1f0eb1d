/**
 * Input checks found by the issue 6 review: the snapshot task window names its own path, a period query
 * refuses fields meaningless for its kind, the dashboard trends and the urging draft check the agency and the
 * range, the number register checks the unit symbol, the signing date (ND 30/2020 art. 15) and the series
 * state. Every refusal is a 4xx with a code and a field path.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let leader: Client;

before(async () => {
  t = await startTestApp({ demo: true });
  leader = await t.login('office.leader');
});
after(() => t.close());

const codePath = (r: { status: number; body: unknown }) => {
  const e = errorOf(r as never);
  return [r.status, e.code, e.path];
};

test('POST snapshots: a bad task window names taskWindow.from / taskWindow.asOf', async () => {
  let r = await leader.post('/api/reports/periodic/snapshots', {
    kind: '9_months',
    year: 2022,
    taskWindow: { from: '2022-09-01', to: '2022-01-01' },
  });
  assert.deepEqual(codePath(r), [400, 'invalid_task_window', 'taskWindow.from']);
  r = await leader.post('/api/reports/periodic/snapshots', {
    kind: '9_months',
    year: 2022,
    taskWindow: { from: '2022-05-01', to: '2022-09-30', asOf: '2022-01-01' },
  });
  assert.deepEqual(codePath(r), [400, 'invalid_task_window', 'taskWindow.asOf']);
  // the GET query keeps its own names
  r = await leader.get('/api/reports/periodic?kind=9_months&year=2022&taskFrom=2022-09-01&taskTo=2022-01-01');
  assert.deepEqual(codePath(r), [400, 'invalid_task_window', 'taskFrom']);
});

test('a period query refuses number / from / to that its kind does not use', async () => {
  let r = await leader.get('/api/reports/periodic?kind=9_months&year=2022&number=3');
  assert.deepEqual(codePath(r), [400, 'not_applicable', 'number']);
  r = await leader.get('/api/reports/periodic?kind=9_months&year=2022&from=2022-01-01');
  assert.deepEqual(codePath(r), [400, 'not_applicable', 'from']);
  r = await leader.get('/api/reports/periodic/draft?kind=quarter&year=2022&number=3&to=2022-09-30');
  assert.deepEqual(codePath(r), [400, 'not_applicable', 'to']);
  r = await leader.post('/api/reports/periodic/snapshots', { kind: 'year', year: 2022, number: 2 });
  assert.deepEqual(codePath(r), [400, 'not_applicable', 'number']);
  // still fine: a quarter with its number, a custom window with a year
  r = await leader.get('/api/reports/periodic/draft?kind=quarter&year=2022&number=3');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await leader.get('/api/reports/periodic/draft?kind=custom&year=2022&from=2022-01-01&to=2022-03-31');
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test('dashboard trends: unknown agency → 400 unknown_agency; urging draft: from after asOf → 400 invalid_range', async () => {
  let r = await leader.get('/api/dashboards/trends?from=2022-01-01&to=2022-09-30&agency=NOPE');
  assert.deepEqual(codePath(r), [400, 'unknown_agency', 'agency']);
  r = await leader.get('/api/dashboards/trends?from=2022-01-01&to=2022-09-30&agency=SNNPTNT');
  assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
  r = await leader.get('/api/tasks/urging-letters/draft.json?agency=SNNPTNT&asOf=2022-09-15&from=2022-12-01');
  assert.deepEqual(codePath(r), [400, 'invalid_range', 'from']);
  r = await leader.get('/api/tasks/urging-letters/draft.json?agency=SNNPTNT&asOf=2022-09-15&from=2022-01-01');
  assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
});

test('number register issue: unit symbol, signing date not in the future, inactive series 409', async () => {
  const list = await leader.get<{ items: { id: string; name: string }[] }>('/api/number-series?agency=VP');
  assert.equal(list.status, 200);
  const qd = list.body.items.find((s) => s.name === 'Quyết định (QĐ)')!;
  assert.ok(qd, JSON.stringify(list.body));
  const url = `/api/number-series/${qd.id}/issue`;
  let r = await leader.post(url, { typeCode: 'QĐ', date: '2022-09-20', unit: '../../etc' });
  assert.deepEqual([r.status, errorOf(r).path], [400, 'unit']);
  r = await leader.post(url, { typeCode: 'QĐ', date: '2099-01-01' });
  assert.deepEqual(codePath(r), [400, 'date_in_future', 'date']);
  r = await leader.post(url, { typeCode: 'QĐ', date: '2022-09-20', unit: 'TCCB-VP' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(r.body.numberSymbol, /^\d+\/QĐ-VP-TCCB-VP$/);
  r = await leader.post(url, { typeCode: 'QĐ', date: '2022-09-20', unit: 'ĐTXD' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await leader.patch(`/api/number-series/${qd.id}`, { active: false });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await leader.post(url, { typeCode: 'QĐ', date: '2022-09-20' });
  assert.deepEqual(codePath(r), [409, 'series_inactive', 'id']);
});
