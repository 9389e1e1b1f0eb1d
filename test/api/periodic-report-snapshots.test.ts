/**
 * Narrative drafts and snapshots of the periodic report (issue 6 §2): the draft is validated (RichDoc, 400
 * with the path) and read by the live report; a snapshot stores the report with its hash and never
 * changes; regenerating gives the same hash; after a task is back-entered with a date before the cut-off
 * the diff lists exactly that record and the figures it changed, and not a record dated after the cut-off.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/engine.ts';
import { startTestApp, errorOf, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let office: Client;
before(async () => {
  t = await startTestApp({ demo: true });
  office = await t.login('office.specialist');
});
after(() => t?.close());

const Q = 'kind=9_months&year=2022';
const put = (c: Client, q: string, body: unknown) => c.req('PUT', `/api/reports/periodic/draft?${q}`, body);

const proposals = {
  type: 'doc',
  content: [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Văn phòng UBND tỉnh kính đề nghị Sở Nội vụ ' },
        {
          type: 'text',
          text: 'điều chỉnh không thực hiện nhiệm vụ',
          marks: [{ type: 'bold' }, { type: 'italic' }],
        },
        { type: 'hardBreak' },
        { type: 'text', text: 'tại điểm 3 Công văn số 3340/UBND-NC.' },
      ],
    },
    {
      type: 'orderedList',
      attrs: { start: 1 },
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Một' }] }] },
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hai' }] }] },
      ],
    },
  ],
};

test('draft: PUT validates and saves the narrative; GET and the live report read it', async () => {
  const empty = await office.get(`/api/reports/periodic/draft?${Q}`);
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.body.narrative, {});
  assert.equal(empty.body.periodKey, '9_months:2022');
  assert.ok(empty.body.slots.includes('proposals'));
  // NFD input is stored as NFC
  const nfd = 'Phương hướng'.normalize('NFD');
  const r = await put(office, Q, {
    narrative: {
      proposals,
      priorities: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: nfd }] }] },
    },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.narrative.priorities.content[0].content[0].text, 'Phương hướng'.normalize('NFC'));
  const g = await office.get(`/api/reports/periodic/draft?${Q}`);
  assert.deepEqual(g.body.narrative.proposals, proposals);
  assert.ok(g.body.updatedAt);
  const rep = await office.get(`/api/reports/periodic?${Q}`);
  assert.deepEqual(rep.body.narrative.proposals, proposals);
  const block = rep.body.blocks.find((b: any) => b.kind === 'narrative' && b.slot === 'proposals');
  assert.deepEqual(block.doc, proposals);
  // a slot without text falls back to the template's default text
  const tasksBlock = rep.body.blocks.find((b: any) => b.kind === 'narrative' && b.slot === 'tasks');
  assert.match(JSON.stringify(tasksBlock.doc), /thường xuyên theo dõi/);
  // another period has its own draft
  const m = await office.get('/api/reports/periodic/draft?kind=month&year=2022&number=9');
  assert.deepEqual(m.body.narrative, {});
});

test('draft: bad rich text → 400 with the path', async () => {
  const para = (content: unknown[]) => ({ type: 'doc', content: [{ type: 'paragraph', content }] });
  const cases: [unknown, string][] = [
    [
      { proposals: para([{ type: 'image', attrs: { src: 'x' } }]) },
      'narrative.proposals.content.0.content.0',
    ],
    [{ proposals: para([{ type: 'text', text: 'a', marks: [{ type: 'link' }] }]) }, 'narrative.proposals'],
    [{ proposals: para([{ type: 'text', text: '' }]) }, 'narrative.proposals'],
    [
      { proposals: { type: 'doc', content: [{ type: 'text', text: 'loose' }] } },
      'narrative.proposals.content.0',
    ],
    [{ proposals: { type: 'paragraph' } }, 'narrative.proposals'],
    [{ nope: para([{ type: 'text', text: 'a' }]) }, 'narrative.nope'],
    [{ Bad: para([]) }, 'narrative'],
    [{ proposals: para([{ type: 'text', text: 'x'.repeat(100_001) }]) }, 'narrative.proposals'],
  ];
  // nesting: lists inside list items, deeper than the limit
  let deep: any = { type: 'paragraph', content: [{ type: 'text', text: 'x' }] };
  for (let i = 0; i < 10; i++)
    deep = { type: 'bulletList', content: [{ type: 'listItem', content: [deep] }] };
  cases.push([{ proposals: { type: 'doc', content: [deep] } }, 'narrative.proposals']);
  for (const [narrative, path] of cases) {
    const r = await put(office, Q, { narrative });
    assert.equal(r.status, 400, JSON.stringify(narrative).slice(0, 200));
    const e = errorOf(r);
    assert.ok(e.path?.startsWith(path), `${e.path} ≠ ${path}`);
  }
  const bw = await put(office, Q, { narrative: {}, taskWindow: { from: '2022-09-01', to: '2022-01-01' } });
  assert.equal(bw.status, 400);
  assert.equal(errorOf(bw).path, 'taskWindow.from');
  // the draft is unchanged
  const g = await office.get(`/api/reports/periodic/draft?${Q}`);
  assert.deepEqual(g.body.narrative.proposals, proposals);
});

let snapId = '';
let snapHash = '';

test('snapshot: stored with its hash; a second one gives the same hash; list and detail', async () => {
  const r = await office.post('/api/reports/periodic/snapshots', { kind: '9_months', year: 2022 });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(r.body.hash, /^[0-9a-f]{64}$/);
  assert.equal(r.body.report.figures['tasks.total'], 244);
  assert.equal(r.body.report.figures['petitions.received'], 716);
  assert.deepEqual(r.body.report.narrative.proposals, proposals);
  snapId = r.body.id;
  snapHash = r.body.hash;
  const audit = await queryRows<{ action: string }>(
    t.database.db,
    sql`SELECT action FROM audit_events WHERE entity_type = 'report_snapshot' AND entity_id = ${snapId}`,
  );
  assert.deepEqual(
    audit.map((a) => a.action),
    ['created'],
  );
  const again = await office.post('/api/reports/periodic/snapshots', { kind: '9_months', year: 2022 });
  assert.equal(again.status, 201);
  assert.notEqual(again.body.id, snapId);
  assert.equal(again.body.hash, snapHash);
  assert.deepEqual(again.body.report.figures, r.body.report.figures);
  const list = await office.get(`/api/reports/periodic/snapshots?${Q}`);
  assert.equal(list.status, 200);
  assert.equal(list.body.total, 2);
  assert.equal(list.body.items[0].id, again.body.id); // newest first
  assert.ok(!('report' in list.body.items[0]));
  assert.equal(list.body.items[1].hash, snapHash);
  assert.deepEqual(list.body.items[1].taskWindow, {
    from: '2021-11-12',
    to: '2022-09-15',
    asOf: '2022-09-15',
  });
  const one = await office.get(`/api/reports/periodic/snapshots/${snapId}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.body.report, r.body.report);
  assert.ok(one.body.blocks.length > 10);
  assert.equal(
    (await office.get('/api/reports/periodic/snapshots/8a6e0804-2bd0-4a5a-8d2b-4a0d1b1c0f00')).status,
    404,
  );
  assert.equal((await office.get('/api/reports/periodic/snapshots/not-a-uuid')).status, 400);
});

test('diff right after: no figure changed, nothing back-entered, same hash', async () => {
  const d = await office.get(`/api/reports/periodic/snapshots/${snapId}/diff`);
  assert.equal(d.status, 200, JSON.stringify(d.body));
  assert.equal(d.body.snapshotId, snapId);
  assert.deepEqual(d.body.figures, []);
  assert.deepEqual(d.body.backEntered, []);
  assert.equal(d.body.hash.now, snapHash);
});

test('a snapshot never changes: the draft changes later, the database refuses UPDATE and DELETE', async () => {
  const r = await put(office, Q, { narrative: { proposals: { type: 'doc', content: [] } } });
  assert.equal(r.status, 200);
  const one = await office.get(`/api/reports/periodic/snapshots/${snapId}`);
  assert.deepEqual(one.body.report.narrative.proposals, proposals);
  assert.equal(one.body.hash, snapHash);
  await assert.rejects(
    t.database.db.execute(sql`UPDATE report_snapshots SET hash = 'x' WHERE id = ${snapId}`),
  );
  await assert.rejects(t.database.db.execute(sql`DELETE FROM report_snapshots WHERE id = ${snapId}`));
  // restore the draft
  assert.equal((await put(office, Q, { narrative: { proposals } })).status, 200);
});

test('back-entered task dated before the cut-off: the diff lists exactly it and the changed figures', async () => {
  const docs = await office.get(`/api/documents?q=${encodeURIComponent('1100/QĐ-UBND')}`);
  const doc = docs.body.items.find((d: any) => d.numberSymbol === '1100/QĐ-UBND');
  assert.ok(doc);
  const before = await office.get(`/api/reports/periodic?${Q}`);
  // assigned 10/5/2022 (inside the task window), deadline 30/6/2022: awaiting receipt and overdue on 15/9/2022
  const back = await office.post('/api/tasks', {
    title: 'Nhiệm vụ nhập bổ sung sau khi chốt báo cáo',
    document: { id: doc.id },
    assignedBy: 'chairman',
    leadAgency: 'SNV',
    assignedAt: '2022-05-10',
    deadline: '2022-06-30',
  });
  assert.equal(back.status, 201, JSON.stringify(back.body));
  // an event of the same task dated after the cut-off (15/9/2022) must not be listed
  const admin = await t.login('admin');
  const recv = await admin.post(`/api/tasks/${back.body.id}/actions`, {
    action: 'receive',
    occurredOn: '2022-10-05',
  });
  assert.equal(recv.status, 200, JSON.stringify(recv.body));
  // a task assigned after the task window must not be listed either
  const later = await office.post('/api/tasks', {
    title: 'Nhiệm vụ giao sau kỳ báo cáo',
    document: { id: doc.id },
    assignedBy: 'chairman',
    leadAgency: 'SNV',
    assignedAt: '2022-10-01',
    deadline: '2022-12-31',
  });
  assert.equal(later.status, 201);

  const d = await office.get(`/api/reports/periodic/snapshots/${snapId}/diff`);
  assert.equal(d.status, 200, JSON.stringify(d.body));
  assert.deepEqual(d.body.figures, [
    { key: 'tasks.awaiting_receipt.overdue', before: 63, after: 64 },
    { key: 'tasks.awaiting_receipt.total', before: 77, after: 78 },
    {
      key: 'tasks.overdue',
      before: before.body.figures['tasks.overdue'],
      after: before.body.figures['tasks.overdue'] + 1,
    },
    { key: 'tasks.total', before: 244, after: 245 },
  ]);
  assert.equal(d.body.backEntered.length, 1, JSON.stringify(d.body.backEntered));
  const [b] = d.body.backEntered;
  assert.equal(b.module, 'tasks');
  assert.equal(b.type, 'assigned');
  assert.equal(b.effectiveDate, '2022-05-10');
  assert.equal(b.ref, back.body.ref ?? back.body.id);
  assert.ok(
    new Date(b.recordedAt) >
      new Date((await office.get(`/api/reports/periodic/snapshots/${snapId}`)).body.createdAt),
  );
  for (const k of ['tasks.total', 'tasks.awaiting_receipt.overdue', 'tasks.awaiting_receipt.total'])
    assert.ok(b.figureKeys.includes(k), k);
  assert.notEqual(d.body.hash.now, d.body.hash.then);
  // the snapshot itself still says 244
  const one = await office.get(`/api/reports/periodic/snapshots/${snapId}`);
  assert.equal(one.body.report.figures['tasks.total'], 244);
  // a new snapshot takes the new figures; its diff is empty
  const s2 = await office.post('/api/reports/periodic/snapshots', { kind: '9_months', year: 2022 });
  assert.equal(s2.body.report.figures['tasks.total'], 245);
  const d2 = await office.get(`/api/reports/periodic/snapshots/${s2.body.id}/diff`);
  assert.deepEqual(d2.body.figures, []);
  assert.deepEqual(d2.body.backEntered, []);
});

test('snapshot with a task window of its own; custom periods; bad bodies; roles', async () => {
  const r = await office.post('/api/reports/periodic/snapshots', {
    kind: 'custom',
    from: '2022-01-01',
    to: '2022-03-31',
    taskWindow: { from: '2022-01-01', to: '2022-03-31' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual(r.body.report.taskWindow, { from: '2022-01-01', to: '2022-03-31', asOf: '2022-03-31' });
  const list = await office.get('/api/reports/periodic/snapshots?kind=custom&from=2022-01-01&to=2022-03-31');
  assert.equal(list.body.total, 1);
  const bad: [unknown, string][] = [
    [{ kind: 'month', year: 2022 }, 'number'],
    [{ kind: '9_months' }, 'year'],
    [{ kind: '9_months', year: 2022, extra: 1 }, ''],
    [{ kind: '9_months', year: 2022, taskWindow: { from: '2022-02-30' } }, 'taskWindow'],
    [
      { kind: '9_months', year: 2022, taskWindow: { from: '2022-10-01', to: '2022-09-01' } },
      'taskWindow.from',
    ],
  ];
  for (const [body, path] of bad) {
    const x = await office.post('/api/reports/periodic/snapshots', body);
    assert.equal(x.status, 400, JSON.stringify(body));
    assert.ok((errorOf(x).path ?? '').includes(path), `${JSON.stringify(body)} → ${errorOf(x).path}`);
  }
  for (const u of ['agency.leader', 'reception.officer', 'centre.leader']) {
    let c: Client;
    try {
      c = await t.login(u);
    } catch {
      continue;
    }
    assert.equal(
      (await c.post('/api/reports/periodic/snapshots', { kind: '9_months', year: 2022 })).status,
      403,
      u,
    );
    assert.equal((await put(c, Q, { narrative: {} })).status, 403, u);
    assert.equal((await c.get(`/api/reports/periodic/draft?${Q}`)).status, 403, u);
    assert.equal((await c.get(`/api/reports/periodic/snapshots/${snapId}`)).status, 403, u);
    assert.equal((await c.get(`/api/reports/periodic/snapshots/${snapId}/diff`)).status, 403, u);
  }
  const leader = await t.login('office.leader');
  assert.equal((await leader.get(`/api/reports/periodic/snapshots/${snapId}/diff`)).status, 200);
});

test('back-entered reception session: listed with the reception figures; one after the cut-off is not', async () => {
  const snap = await office.post('/api/reports/periodic/snapshots', { kind: '9_months', year: 2022 });
  assert.equal(snap.status, 201);
  const officer = await t.login('reception.officer');
  const body = (receivedAt: string) => ({
    receivedAt,
    kind: 'regular',
    visitors: [
      {
        name: 'Nguyễn Văn Bổ Sung (demo)',
        idNumber: '051190009999',
        address: 'Tịnh Khê',
        phone: '0905000111',
      },
    ],
    headcount: 1,
    summary: 'Kiến nghị về bồi thường đất, nhập bổ sung sau khi chốt báo cáo',
    classification: 'recommendation',
    outcome: 'guided',
    outcomeAgencyCode: 'STNMT',
  });
  const inside = await officer.post('/api/receptions', body('2022-03-02T09:15:00+07:00'));
  assert.equal(inside.status, 201, JSON.stringify(inside.body));
  const outside = await officer.post('/api/receptions', body('2022-09-20T09:15:00+07:00'));
  assert.equal(outside.status, 201, JSON.stringify(outside.body));
  const d = await office.get(`/api/reports/periodic/snapshots/${snap.body.id}/diff`);
  assert.equal(d.status, 200, JSON.stringify(d.body));
  assert.deepEqual(d.body.figures, [
    { key: 'receptions.persons', before: 237, after: 238 },
    { key: 'receptions.sessions', before: 199, after: 200 },
  ]);
  assert.equal(d.body.backEntered.length, 1, JSON.stringify(d.body.backEntered));
  const [b] = d.body.backEntered;
  assert.equal(b.module, 'receptions');
  assert.equal(b.id, inside.body.id);
  assert.equal(b.ref, inside.body.code);
  assert.equal(b.effectiveDate, '2022-03-02');
  assert.deepEqual(b.figureKeys, ['receptions.sessions', 'receptions.persons']);
});
