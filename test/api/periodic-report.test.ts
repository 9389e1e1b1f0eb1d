/**
 * The periodic report on the demo data (issue 6 §2, §4): the 9-month 2022 report reproduces every seed
 * figure through GET /api/reports/periodic; the tables reconcile; each figure's link lists as many items as
 * the figure; the template fills in; roles; bad input → 400 with the path.
 */
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

/** The seed report's figures (000_7eaaa9fbbb774b1b.txt), by contract key. */
const SEED: Record<string, number> = {
  'tasks.total': 244,
  'tasks.awaiting_receipt.on_time': 14,
  'tasks.awaiting_receipt.overdue': 63,
  'tasks.in_progress.on_time': 1,
  'tasks.in_progress.overdue': 14,
  'tasks.completed.on_time': 94,
  'tasks.completed.overdue': 26,
  'tasks.awaiting_closure.on_time': 0,
  'tasks.awaiting_closure.overdue': 24,
  'procedures.published.new': 102,
  'procedures.published.amended': 63,
  'procedures.published.replaced': 38,
  'procedures.published.repealed': 9,
  'procedures.time_cuts': 20,
  'dossiers.phone_with_post_return': 2407,
  'dossiers.percent_satisfied': 99,
  'receptions.sessions': 199,
  'receptions.persons': 237,
  'receptions.mass_delegations': 3,
  'petitions.received': 716,
  'petitions.eligible': 346,
  'petitions.complaint': 110,
  'petitions.denunciation': 27,
  'petitions.recommendation_feedback': 209,
  'petitions.ineligible': 370,
};

let report: any;

test('GET /api/reports/periodic?kind=9_months&year=2022 reproduces every seed figure', async () => {
  const r = await office.get('/api/reports/periodic?kind=9_months&year=2022');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  report = r.body;
  assert.equal(report.period.from, '2021-12-15');
  assert.equal(report.period.to, '2022-09-14');
  assert.equal(report.asOf, '2022-09-14');
  assert.deepEqual(report.taskWindow, { from: '2021-11-12', to: '2022-09-15', asOf: '2022-09-15' });
  for (const [k, v] of Object.entries(SEED)) assert.equal(report.figures[k], v, k);
  // the 8 tasks left out of the seed are in their own row, so the rows reconcile to 244
  assert.equal(report.figures['tasks.stopped.total'], 8);
  const statuses = ['awaiting_receipt', 'in_progress', 'awaiting_closure', 'completed', 'stopped'];
  assert.equal(
    statuses.reduce((s, st) => s + report.figures[`tasks.${st}.total`], 0),
    244,
  );
  for (const st of statuses)
    assert.equal(
      report.figures[`tasks.${st}.on_time`] +
        report.figures[`tasks.${st}.overdue`] +
        report.figures[`tasks.${st}.no_deadline`],
      report.figures[`tasks.${st}.total`],
      st,
    );
  assert.equal(report.header.symbol, 'BC-VP');
  assert.equal(report.header.parentName, 'UBND TỈNH QUẢNG NGÃI');
  assert.equal(report.header.issuerName, 'VĂN PHÒNG');
  assert.equal(report.header.signer.form, 'KT.');
  assert.ok(report.header.recipients.includes('Sở Nội vụ;'));
  assert.equal(typeof report.computedAt, 'string');
});

test('tables reconcile: rows add up to the total row, and every numeric cell is its figure', async () => {
  const ids = report.tables.map((x: any) => x.id);
  assert.deepEqual(ids, ['tasks', 'procedures', 'dossiers', 'petitions']);
  for (const tb of report.tables) {
    assert.ok(tb.keys, tb.id);
    tb.rows.forEach((row: any[], i: number) =>
      row.forEach((cell, j) => {
        const key = tb.keys[i][j];
        if (key) assert.equal(cell, report.figures[key], `${tb.id}[${i}][${j}] ${key}`);
      }),
    );
    if (tb.totalRow) {
      const body = tb.rows.slice(0, -1);
      const total = tb.rows[tb.rows.length - 1];
      for (let j = 1; j < total.length; j++)
        assert.equal(
          body.reduce((s: number, r: any[]) => s + Number(r[j]), 0),
          total[j],
          `${tb.id} column ${j}`,
        );
    }
  }
  const tasks = report.tables.find((x: any) => x.id === 'tasks');
  assert.equal(tasks.rows.length, 6);
  assert.equal(tasks.rows[5][4], 244);
  assert.equal(tasks.rows.find((r: any[]) => r[0] === 'Dừng thực hiện')[4], 8);
  const pet = report.tables.find((x: any) => x.id === 'petitions');
  assert.equal(pet.rows[pet.rows.length - 1][1], 716);
});

test("each figure's link lists as many items as the figure", async () => {
  const keys = [
    'tasks.total',
    'tasks.awaiting_receipt.overdue',
    'tasks.completed.on_time',
    'tasks.stopped.total',
    'tasks.overdue',
    'procedures.published.new',
    'procedures.published.repealed',
    'procedures.time_cuts',
    'dossiers.received.phone',
    'dossiers.phone_with_post_return',
    'dossiers.resolved.late',
    'receptions.sessions',
    'receptions.mass_delegations',
    'petitions.received',
    'petitions.complaint',
    'petitions.ineligible',
    'petitions.forwarded',
    'documents.issued.office',
  ];
  for (const k of keys) {
    const link = report.links[k];
    assert.ok(link, k);
    assert.match(link.api, /^\/api\//);
    assert.match(link.web, /^\//);
    const sep = link.api.includes('?') ? '&' : '?';
    const r = await office.get(`${link.api}${sep}pageSize=1`);
    assert.equal(r.status, 200, `${k}: ${link.api} ${JSON.stringify(r.body)}`);
    assert.equal(r.body.total, report.figures[k], `${k}: ${link.api}`);
  }
  // receptions.persons: the list's total is the sum of headcounts
  const rp = await office.get(report.links['receptions.persons'].api);
  assert.equal(rp.body.total, 237);
});

test('the template fills in: the seed sentence with its numbers, 01–09 padding, narrative slots', async () => {
  const blocks = report.blocks as any[];
  const tasksPara = blocks.find((b) => b.kind === 'paragraph' && b.text.includes('tổng cộng 244 nhiệm vụ'));
  assert.ok(tasksPara, 'tasks paragraph');
  assert.ok(tasksPara.text.startsWith('- Từ ngày 12/11/2021 đến ngày 15/9/2022, UBND tỉnh'), tasksPara.text);
  assert.ok(
    tasksPara.text.includes('chờ tiếp nhận 77 nhiệm vụ (trong hạn: 14 nhiệm vụ, quá hạn: 63 nhiệm vụ)'),
  );
  assert.ok(
    tasksPara.text.includes('chưa hoàn thành 15 nhiệm vụ (trong hạn: 01 nhiệm vụ, quá hạn: 14 nhiệm vụ)'),
  );
  assert.ok(tasksPara.text.includes('chờ kết thúc 24 nhiệm vụ (trong hạn: 0 nhiệm vụ'));
  assert.ok(tasksPara.figureKeys.includes('tasks.total'));
  assert.equal(tasksPara.parts.map((p: any) => p.text).join(''), tasksPara.text);
  const proc = blocks.find((b) => b.kind === 'paragraph' && b.text.includes('TTHC mới ban hành'));
  assert.ok(
    proc.text.includes('102 TTHC mới ban hành, 63 TTHC sửa đổi, bổ sung, 38 TTHC thay thế, 09 TTHC bãi bỏ'),
  );
  assert.ok(blocks.some((b) => b.kind === 'paragraph' && b.text.includes('2.407 hồ sơ')));
  assert.ok(blocks.some((b) => b.kind === 'paragraph' && b.text.includes('tỷ lệ 99%')));
  assert.ok(
    blocks.some(
      (b) => b.kind === 'paragraph' && b.text.includes('tổng cộng 199 lượt (237 lượt người); tiếp 03 đoàn'),
    ),
  );
  assert.ok(
    blocks.some(
      (b) =>
        b.kind === 'heading' && b.text === 'III. Phương hướng, nhiệm vụ trọng tâm 03 tháng cuối năm 2022',
    ),
  );
  assert.deepEqual(
    blocks.filter((b) => b.kind === 'narrative').map((b) => b.slot),
    ['direction', 'tasks', 'results_other', 'proposals', 'priorities'],
  );
  assert.match(report.title, /9 tháng đầu năm 2022$/);
  // English
  const en = await office.get('/api/reports/periodic?kind=9_months&year=2022&lang=en');
  assert.ok(en.body.blocks.some((b: any) => b.kind === 'paragraph' && b.text.includes('2,407 dossiers')));
});

test('documents issued in the period by the Office and UBND tỉnh / Chủ tịch, from the registry', async () => {
  const docs = report.documents as any[];
  assert.equal(docs.length, report.figures['documents.issued']);
  assert.equal(
    report.figures['documents.issued.office'] + report.figures['documents.issued.committee'],
    docs.length,
  );
  const nums = docs.map((d) => d.numberSymbol);
  for (const n of ['140/QĐ-UBND', '2152/KH-VP', '810/KH-VP']) assert.ok(nums.includes(n), n);
  // the programme decision (12/11/2021) is before the period: not listed
  assert.ok(!nums.includes('1100/QĐ-UBND'));
  for (const d of docs) assert.ok(d.date >= '2021-12-15' && d.date <= '2022-09-14', d.date);
  const dates = docs.map((d) => d.date);
  assert.deepEqual(dates, [...dates].sort());
});

test('task window override per report: taskFrom / taskTo / taskAsOf', async () => {
  const r = await office.get(
    '/api/reports/periodic?kind=9_months&year=2022&taskFrom=2021-12-15&taskTo=2022-09-14&taskAsOf=2022-09-14',
  );
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.taskWindow, { from: '2021-12-15', to: '2022-09-14', asOf: '2022-09-14' });
  const tbl = await office.get('/api/reports/tasks?from=2021-12-15&to=2022-09-14&asOf=2022-09-14');
  assert.equal(r.body.figures['tasks.total'], tbl.body.total);
  assert.ok(r.body.figures['tasks.total'] < 244);
  // the other sections keep the period's window
  assert.equal(r.body.figures['petitions.received'], 716);
  const bad = await office.get(
    '/api/reports/periodic?kind=9_months&year=2022&taskFrom=2022-10-01&taskTo=2022-09-01',
  );
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad).path, 'taskFrom');
});

test('other periods: a month, a quarter and a custom window', async () => {
  const m = await office.get('/api/reports/periodic?kind=month&year=2022&number=3');
  assert.equal(m.status, 200);
  assert.equal(m.body.period.from, '2022-02-15');
  assert.equal(m.body.period.to, '2022-03-14');
  assert.equal(m.body.periodKey, 'month:2022:3');
  const q = await office.get('/api/reports/periodic?kind=quarter&year=2022&number=1');
  assert.equal(q.body.period.from, '2021-12-15');
  const c = await office.get('/api/reports/periodic?kind=custom&from=2021-12-15&to=2022-09-14');
  assert.equal(c.status, 200);
  assert.equal(c.body.periodKey, 'custom:2021-12-15:2022-09-14');
  assert.equal(c.body.figures['petitions.received'], 716);
  // months and quarters of the window add up to the 9-month figure (a flow figure)
  let sum = 0;
  for (let n = 1; n <= 9; n++) {
    const x = await office.get(`/api/reports/periodic?kind=month&year=2022&number=${n}`);
    sum += x.body.figures['petitions.received'];
  }
  assert.equal(sum, 716);
});

test('bad input → 400 with the field path; roles', async () => {
  const cases: [string, string][] = [
    ['/api/reports/periodic?kind=month&year=2022', 'number'],
    ['/api/reports/periodic?kind=month&year=2022&number=13', 'number'],
    ['/api/reports/periodic?kind=quarter&year=2022&number=5', 'number'],
    ['/api/reports/periodic?kind=9_months', 'year'],
    ['/api/reports/periodic?kind=9_months&year=1999', 'year'],
    ['/api/reports/periodic?kind=custom&from=2022-01-01', 'to'],
    ['/api/reports/periodic?kind=custom&from=2022-03-01&to=2022-01-01', 'from'],
    ['/api/reports/periodic?kind=custom&from=2022-02-30&to=2022-03-01', 'from'],
    ['/api/reports/periodic?kind=weekly&year=2022', 'kind'],
    ['/api/reporting-periods?year=1999', 'year'],
    ['/api/reporting-periods?year=abc', 'year'],
    ['/api/reporting-periods', 'year'],
  ];
  for (const [url, path] of cases) {
    const r = await office.get(url);
    assert.equal(r.status, 400, url);
    const e = errorOf(r);
    assert.ok(e.path?.includes(path), `${url}: ${e.path}`);
  }
  for (const u of ['agency.leader', 'reception.officer', 'centre.leader']) {
    let c: Client;
    try {
      c = await t.login(u);
    } catch {
      continue;
    }
    const r = await c.get('/api/reports/periodic?kind=9_months&year=2022');
    assert.equal(r.status, 403, u);
    assert.equal((await c.get('/api/reporting-periods?year=2022')).status, 200, u);
  }
  assert.equal((await t.anon().get('/api/reports/periodic?kind=9_months&year=2022')).status, 401);
  const leader = await t.login('office.leader');
  assert.equal((await leader.get('/api/reports/periodic?kind=9_months&year=2022')).status, 200);
});

test('GET /api/reporting-periods?year=2022 lists the 19 periods', async () => {
  const r = await office.get('/api/reporting-periods?year=2022');
  assert.equal(r.status, 200);
  assert.equal(r.body.year, 2022);
  assert.equal(r.body.periods.length, 19);
  const nine = r.body.periods.find((p: any) => p.kind === '9_months');
  assert.deepEqual(
    { from: nine.from, to: nine.to, due: nine.due, cumulative: nine.cumulative, label: nine.label.vi },
    {
      from: '2021-12-15',
      to: '2022-09-14',
      due: '2022-09-17',
      cumulative: true,
      label: '9 tháng đầu năm 2022',
    },
  );
});
