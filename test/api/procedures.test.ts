/** Procedure catalogue and publication decisions over HTTP (issue 4 §1, §2, §9). */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';

let t: TestApp;
let admin: Client, specialist: Client, staff: Client, centre: Client;

before(async () => {
  t = await startTestApp({ demo: true });
  [admin, specialist, staff, centre] = await Promise.all([
    t.login('admin'),
    t.login('office.specialist'),
    t.login('agency.staff'),
    t.login('centre.leader'),
  ]);
});
after(() => t?.close());

const SEED = '?from=2021-12-15&to=2022-09-14';

test('demo catalogue: 600 procedures, 88 fisheries; the seed decisions made 140 of them in 2022', async () => {
  const [c] = await queryRows<{ n: number; f: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE fisheries)::int AS f FROM procedures`,
  );
  assert.deepEqual({ n: Number(c!.n), f: Number(c!.f) }, { n: 600, f: 88 });
  // in force at the start of 2022: 600 − 102 new − 38 replacing = 460
  const early = await staff.get('/api/procedures?at=2021-12-01&pageSize=1');
  assert.equal(early.status, 200);
  assert.equal(early.body.total, 460);
  const fish = await staff.get('/api/procedures?fisheries=true&at=2022-06-01&pageSize=500');
  assert.equal(fish.body.total, 88, 'every fisheries procedure is in force through 2022');
  for (const d of ['2022-01-01', '2022-12-31']) {
    const r = await staff.get(`/api/procedures?fisheries=true&at=${d}&pageSize=1`);
    assert.equal(r.body.total, 88, d);
  }
  const item = fish.body.items[0];
  for (const k of ['code', 'name', 'field', 'level', 'agency', 'fisheries', 'needsReview', 'timeLimits'])
    assert.ok(k in item, k);
});

test('a limit without a unit is loaded as needs review, never guessed; the demo review sets it from the text', async () => {
  // a bare number the demo did not review stays unit-less
  const raw = await staff.get('/api/procedures/1.004359?at=2022-05-01');
  assert.equal(raw.status, 200);
  assert.ok(raw.body.timeLimits.length > 0);
  for (const l of raw.body.timeLimits) {
    assert.equal(l.unit, null);
    assert.equal(l.needsReview, true);
  }
  assert.equal(raw.body.needsReview, true);
  // reviewed: fishing-vessel registration, 3 working days from TT 23/2018, with the source and reviewer
  const reg = await staff.get('/api/procedures/1.003650?at=2022-05-01');
  assert.equal(reg.status, 200);
  assert.equal(reg.body.needsReview, false);
  for (const l of reg.body.timeLimits) {
    assert.equal(l.unit, 'working_days');
    assert.equal(l.value, 3);
    assert.equal(l.needsReview, false);
    assert.match(l.review.source, /23\/2018\/TT-BNNPTNT/);
    assert.equal(l.review.reviewedBy, 'demo');
  }
  assert.ok(reg.body.steps.length === 4, 'demo internal process');
  const sum = reg.body.steps.reduce((s: number, x: { value: number }) => s + x.value, 0);
  assert.equal(sum, 24, '3 working days = 24 working hours over the steps');
  const [a] = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'procedure' AND action = 'review' AND entity_id = '1.003650'`,
  );
  assert.equal(Number(a!.n), 1, 'the review is audited');
  const needs = await staff.get('/api/procedures?needsReview=true&fisheries=true&at=2022-05-01&pageSize=1');
  assert.ok(needs.body.total > 0);
});

test('search ignores case and diacritics, matches a code prefix, ranks and sorts', async () => {
  const a = await staff.get('/api/procedures?q=tau%20ca&pageSize=100');
  const b = await staff.get('/api/procedures?q=T%C3%80U%20C%C3%81&pageSize=100');
  assert.equal(a.status, 200);
  assert.ok(a.body.total >= 5);
  assert.equal(a.body.total, b.body.total);
  for (const it of a.body.items)
    assert.match(it.name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase(), /tau/);
  const code = await staff.get('/api/procedures?q=1.00365');
  assert.ok(code.body.items.some((i: { code: string }) => i.code === '1.003650'));
  assert.ok(code.body.items.every((i: { code: string }) => i.code.startsWith('1.00365')));
  const first = await staff.get('/api/procedures?fisheriesFirst=true&pageSize=100&at=2022-05-01');
  assert.equal(first.body.items[0].fisheries, true);
  assert.equal(first.body.items[87].fisheries, true);
  assert.equal(first.body.items[88].fisheries, false);
  const bad = await staff.get('/api/procedures?at=2022-02-30');
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad).path, 'at');
});

test('the version in force at a date: 2022 department vs 2026 successor; 404 for an unknown code', async () => {
  const y22 = await staff.get('/api/procedures/1.003650?at=2022-05-01');
  const y26 = await staff.get('/api/procedures/1.003650?at=2026-05-01');
  assert.equal(y22.body.agency, 'SNNPTNT');
  assert.equal(y26.body.agency, 'SNNMT');
  assert.ok(y26.body.version > y22.body.version);
  assert.equal(y22.body.validTo, '2025-02-28');
  assert.equal(y26.body.validFrom, '2025-03-01');
  for (const k of [
    'code',
    'name',
    'field',
    'level',
    'levels',
    'agency',
    'agencyName',
    'coordinatingAgencies',
    'timeLimits',
    'fees',
    'components',
    'results',
    'steps',
    'interAgency',
    'onlineLevel',
    'legalBasis',
    'version',
    'validFrom',
    'validTo',
    'status',
    'needsReview',
  ])
    assert.ok(k in y22.body, k);
  const versions = await staff.get('/api/procedures/1.003650/versions');
  assert.ok(versions.body.items.length >= 2);
  const none = await staff.get('/api/procedures/9.999999');
  assert.equal(none.status, 404);
  assert.equal(errorOf(none).code, 'not_found');
  const pub = await t.anon().get('/api/public/procedures/1.003650');
  assert.equal(pub.status, 200);
  assert.equal(pub.body.code, '1.003650');
  const pubList = await t.anon().get('/api/public/procedures?q=tau%20ca');
  assert.equal(pubList.status, 200);
  assert.ok(pubList.body.total > 0);
  assert.equal((await t.anon().get('/api/procedures?q=tau')).status, 401);
  const fields = await staff.get('/api/procedures/fields');
  assert.ok(fields.body.items.some((f: { field: string }) => f.field === 'Thủy sản'));
});

test('seed report: 102 new, 63 amended, 38 replaced, 9 repealed, 20 time cuts; drill-downs equal the figures', async () => {
  const r = await specialist.get(`/api/reports/procedures${SEED}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.byCategory, { new: 102, amended: 63, replaced: 38, repealed: 9 });
  assert.equal(r.body.timeCuts, 20);
  const agencies = r.body.byAgency.map((a: { agencyCode: string }) => a.agencyCode);
  for (const a of [
    'SLDTBXH',
    'SNNPTNT',
    'STNMT',
    'SGTVT',
    'SNV',
    'STP',
    'SGDDT',
    'STTTT',
    'SKHCN',
    'BDT',
    'CAP-HUYEN',
  ])
    assert.ok(agencies.includes(a), a);
  const cutAgencies = r.body.byAgency
    .filter((a: { timeCuts: number }) => a.timeCuts > 0)
    .map((a: { agencyCode: string }) => a.agencyCode)
    .sort();
  assert.deepEqual(cutAgencies, ['SKHCN', 'SLDTBXH', 'SVHTTDL']);
  const sum = (k: string) => r.body.byAgency.reduce((s: number, a: Record<string, number>) => s + a[k]!, 0);
  assert.equal(sum('new'), 102);
  assert.equal(sum('timeCuts'), 20);
  for (const [cat, n] of [
    ['new', 102],
    ['amended', 63],
    ['replaced', 38],
    ['repealed', 9],
    ['time_cut', 20],
  ] as const) {
    const d = await specialist.get(`/api/reports/procedures/items${SEED}&category=${cat}`);
    assert.equal(d.body.total, n, cat);
  }
  const snn = r.body.byAgency.find((a: { agencyCode: string }) => a.agencyCode === 'SNNPTNT');
  assert.equal(snn.agencyName, 'Sở Nông nghiệp và Phát triển nông thôn');
  const d = await specialist.get(`/api/reports/procedures/items${SEED}&category=amended&agency=SNNPTNT`);
  assert.equal(d.body.total, snn.amended);
  const decisions = await specialist.get(`/api/publication-decisions${SEED}`);
  assert.ok(decisions.body.total >= 12);
  assert.ok(
    decisions.body.items.every((x: { demo: boolean; appliedAt: string | null }) => x.demo && x.appliedAt),
  );
  const outside = await specialist.get('/api/reports/procedures?from=2023-01-01&to=2023-12-31');
  assert.deepEqual(outside.body.byCategory, { new: 0, amended: 0, replaced: 0, repealed: 0 });
});

/** A fresh procedure record for decisions. */
const record = (name: string, limit = 10) => ({
  name,
  field: 'Thử nghiệm',
  levels: ['province'],
  agencyCode: 'STP',
  timeLimits: [{ channel: 'counter', value: limit, unit: 'working_days' }],
});

test('decisions: each category and a time cut create versions from the effective date; apply twice = 409', async () => {
  // one decision per category, on procedures it creates itself
  const mk = async (body: Record<string, unknown>) => {
    const r = await specialist.post('/api/publication-decisions', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  };
  const apply = async (id: string) => {
    const r = await specialist.post(`/api/publication-decisions/${id}/apply`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const d1 = await mk({
    numberSymbol: '901/QĐ-UBND',
    date: '2026-01-05',
    effectiveDate: '2026-01-10',
    agencyCode: 'STP',
    items: [
      { category: 'new', procedureCode: 'T.000001', procedure: record('Thủ tục thử nghiệm một') },
      { category: 'new', procedureCode: 'T.000002', procedure: record('Thủ tục thử nghiệm hai', 20) },
    ],
  });
  const applied = await apply(d1);
  assert.ok(applied.appliedAt);
  assert.equal(applied.items[0].version, 1);
  assert.equal((await staff.get('/api/procedures/T.000001?at=2026-01-09')).status, 404);
  const v1 = await staff.get('/api/procedures/T.000001?at=2026-01-10');
  assert.equal(v1.body.version, 1);
  assert.equal(v1.body.validFrom, '2026-01-10');
  const twice = await specialist.post(`/api/publication-decisions/${d1}/apply`);
  assert.equal(twice.status, 409);
  assert.equal(errorOf(twice).code, 'already_applied');
  // the same number and date written with other spaces or case is the same decision
  for (const numberSymbol of [' 901/QĐ-UBND ', '901/qđ-ubnd', '901 /QĐ-UBND']) {
    const dup = await specialist.post('/api/publication-decisions', {
      numberSymbol,
      date: '2026-01-05',
      effectiveDate: '2026-01-10',
      items: [
        { category: 'amended', procedureCode: 'T.000001', procedure: record('Thủ tục thử nghiệm một') },
      ],
    });
    assert.equal(dup.status, 409, `${numberSymbol}: ${JSON.stringify(dup.body)}`);
  }

  const d2 = await mk({
    numberSymbol: '902/QĐ-UBND',
    date: '2026-02-01',
    effectiveDate: '2026-02-05',
    items: [
      {
        category: 'amended',
        procedureCode: 'T.000001',
        procedure: { name: 'Thủ tục thử nghiệm một (sửa đổi)' },
      },
      {
        category: 'replaced',
        procedureCode: 'T.000003',
        replacesCode: 'T.000002',
        procedure: record('Thủ tục thay thế'),
      },
    ],
    timeCuts: [
      {
        procedureCode: 'T.000001',
        channel: 'counter',
        oldValue: 10,
        oldUnit: 'working_days',
        newValue: 7,
        newUnit: 'working_days',
      },
    ],
  });
  await apply(d2);
  const before = await staff.get('/api/procedures/T.000001?at=2026-02-04');
  const amended = await staff.get('/api/procedures/T.000001?at=2026-02-05');
  assert.equal(before.body.validTo, '2026-02-04');
  assert.equal(before.body.timeLimits[0].value, 10);
  assert.equal(amended.body.version, 2);
  assert.equal(amended.body.name, 'Thủ tục thử nghiệm một (sửa đổi)');
  assert.equal(amended.body.timeLimits[0].value, 7, 'the cut applies in the same version');
  assert.equal((await staff.get('/api/procedures/T.000002?at=2026-02-05')).status, 404, 'replaced code ends');
  assert.equal((await staff.get('/api/procedures/T.000002?at=2026-02-04')).status, 200);
  assert.equal((await staff.get('/api/procedures/T.000003?at=2026-02-05')).body.version, 1);

  const d3 = await mk({
    numberSymbol: '903/QĐ-UBND',
    date: '2026-03-01',
    effectiveDate: '2026-03-02',
    items: [{ category: 'repealed', procedureCode: 'T.000003' }],
  });
  await apply(d3);
  assert.equal((await staff.get('/api/procedures/T.000003?at=2026-03-02')).status, 404);
  const gone = await staff.get('/api/procedures/T.000003?at=2026-03-01');
  assert.equal(gone.body.validTo, '2026-03-01');

  // two applies at once: one wins, the other is a 409, nothing half-written
  const d4 = await mk({
    numberSymbol: '904/QĐ-UBND',
    date: '2026-04-01',
    effectiveDate: '2026-04-01',
    items: [{ category: 'new', procedureCode: 'T.000004', procedure: record('Thủ tục đồng thời') }],
  });
  const both = await Promise.all([
    specialist.post(`/api/publication-decisions/${d4}/apply`),
    centre.post(`/api/publication-decisions/${d4}/apply`),
  ]);
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
  const versions = await staff.get('/api/procedures/T.000004/versions');
  assert.equal(versions.body.total, 1);

  const rep = await specialist.get('/api/reports/procedures?from=2026-01-01&to=2026-03-31');
  assert.deepEqual(rep.body.byCategory, { new: 2, amended: 1, replaced: 1, repealed: 1 });
  assert.equal(rep.body.timeCuts, 1);
  const detail = await specialist.get(`/api/publication-decisions/${d2}`);
  assert.equal(detail.body.timeCuts.length, 1);
});

test('decision validation: 400 with the path of each invalid field; 403 for agency staff', async () => {
  const base = { numberSymbol: '950/QĐ-UBND', date: '2026-04-01', effectiveDate: '2026-04-01' };
  const cases: [Record<string, unknown>, string, string][] = [
    [
      { ...base, items: [{ category: 'amended', procedureCode: 'X.404' }] },
      'unknown_procedure',
      'items.0.procedureCode',
    ],
    [
      { ...base, items: [{ category: 'repealed', procedureCode: 'X.404' }] },
      'unknown_procedure',
      'items.0.procedureCode',
    ],
    [
      { ...base, items: [{ category: 'replaced', procedureCode: 'X.1', procedure: { name: 'x' } }] },
      'replaces_required',
      'items.0.replacesCode',
    ],
    [
      { ...base, items: [{ category: 'new', procedureCode: '1.003650', procedure: { name: 'x' } }] },
      'procedure_exists',
      'items.0.procedureCode',
    ],
    [
      {
        ...base,
        items: [],
        timeCuts: [
          {
            procedureCode: '1.003650',
            channel: 'counter',
            oldValue: 3,
            oldUnit: 'working_days',
            newValue: 3,
            newUnit: 'working_days',
          },
        ],
      },
      'not_a_cut',
      'timeCuts.0.newValue',
    ],
    [
      {
        ...base,
        items: [],
        timeCuts: [
          {
            procedureCode: '1.003650',
            channel: 'counter',
            oldValue: 3,
            oldUnit: 'working_days',
            newValue: 2,
            newUnit: 'calendar_days',
          },
        ],
      },
      'unit_mismatch',
      'timeCuts.0.newUnit',
    ],
    [
      { ...base, effectiveDate: '2026-03-01', items: [{ category: 'repealed', procedureCode: '1.003650' }] },
      'effective_before_date',
      'effectiveDate',
    ],
  ];
  for (const [body, code, path] of cases) {
    const r = await specialist.post('/api/publication-decisions', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    const e = errorOf(r);
    assert.equal(e.code, code);
    assert.equal(e.path, path);
  }
  const schema = await specialist.post('/api/publication-decisions', {
    ...base,
    items: [{ category: 'bogus', procedureCode: '1.003650' }],
  });
  assert.equal(schema.status, 400);
  assert.match(String(errorOf(schema).path), /items\.0\.category/);
  const forbidden = await staff.post('/api/publication-decisions', {
    ...base,
    items: [{ category: 'repealed', procedureCode: '1.003650' }],
  });
  assert.equal(forbidden.status, 403);
  const unknownApply = await specialist.post(
    '/api/publication-decisions/00000000-0000-4000-8000-000000000000/apply',
  );
  assert.equal(unknownApply.status, 404);
});

test('review endpoint: a new reviewed version from a date, audited; roles enforced', async () => {
  const code = '1.004359';
  const body = {
    timeLimits: [
      { channel: 'counter', value: 5, unit: 'working_days' },
      { channel: 'online', value: 5, unit: 'working_days' },
    ],
    source: 'Nghị định 26/2019/NĐ-CP (thử nghiệm)',
    validFrom: '2026-06-01',
  };
  assert.equal((await staff.post(`/api/procedures/${code}/review`, body)).status, 403);
  const r = await centre.post(`/api/procedures/${code}/review`, body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.validFrom, '2026-06-01');
  const counter = r.body.timeLimits.find((l: { channel: string }) => l.channel === 'counter');
  assert.equal(counter.unit, 'working_days');
  assert.equal(counter.review.reviewedBy, 'centre.leader');
  const postal = r.body.timeLimits.find((l: { channel: string }) => l.channel === 'postal');
  assert.equal(postal.needsReview, true, 'a channel not reviewed stays as it was');
  const earlier = await staff.get(`/api/procedures/${code}?at=2026-05-31`);
  assert.equal(earlier.body.timeLimits[0].unit, null);
  const again = await admin.post(`/api/procedures/${code}/review`, body);
  assert.equal(again.status, 409);
  const bad = await admin.post(`/api/procedures/${code}/review`, {
    ...body,
    timeLimits: [{ channel: 'counter', value: 5, unit: 'months' }],
  });
  assert.equal(bad.status, 400);
  assert.match(String(errorOf(bad).path), /timeLimits\.0\.unit/);
  const [a] = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'procedure' AND entity_id = ${code}`,
  );
  assert.equal(Number(a!.n), 1);
});
