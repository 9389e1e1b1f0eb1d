/**
 * The petition report on a small dated set: every figure by hand, as of two cut-offs (split, duplicate,
 * reclassification and eligibility change after the cut-off, clocks met after it), reproducibility (events
 * dated after the cut-off do not change it), every drill-down total equal to its figure, the
 * trigger-kept facts equal to a full recount, scope and 400 paths.
 *
 * Petitions and events are written with plain SQL on purpose: the facts must stay exact whatever writes
 * the history (service, bulk import, raw SQL).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import {
  PETITION_METRICS,
  figureOf,
  petitionFactsDiff,
  petitionStatsDiff,
  recountPetitionFacts,
  type PetitionReport,
} from '../../src/modules/reports/petition-report.ts';

let t: TestApp;
let officer: Client, office: Client, counter: Client;
const AGENCY = 'KT-TEST-BTCD';

interface Ev {
  type: string;
  at: string;
  data?: Record<string, unknown>;
}
interface Dl {
  clock: string;
  start: string;
  due: string;
  metAt?: string;
}

const at = (d: string, h = '09:00') => `${d}T${h}:00+07:00`;

/** Inserts a petition with its events and clocks (plain SQL), returns its id. */
async function petition(
  code: string,
  kind: string,
  received: string,
  events: Ev[] = [],
  deadlines: Dl[] = [],
  parentId: string | null = null,
): Promise<string> {
  const id = randomUUID();
  const db = t.database.db;
  await db.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO petitions (id, code, agency_code, received_at, received_date, channel, kind,
        content, content_key, status, rule_version, search_key, parent_id)
      VALUES (${id}, ${code}, ${AGENCY}, ${at(received)}::timestamptz, ${received}, 'post', ${kind},
        'Nội dung thử', 'noi dung thu', 'received', 'pet2014', ${code.toLowerCase()}, ${parentId})`);
    let seq = 0;
    for (const e of [{ type: 'receive', at: at(received) }, ...events]) {
      await tx.execute(sql`INSERT INTO petition_events (id, petition_id, seq, type, at, to_status, data)
        VALUES (${randomUUID()}, ${id}, ${++seq}, ${e.type}, ${e.at}::timestamptz, 'received',
                ${e.data ? JSON.stringify(e.data) : null}::jsonb)`);
    }
    for (const d of deadlines) {
      await tx.execute(sql`INSERT INTO petition_deadlines (id, petition_id, clock, start_date, due_date, "limit", source, met_at, state)
        VALUES (${randomUUID()}, ${id}, ${d.clock}, ${d.start}, ${d.due}, '{"value":10,"unit":"working_days"}'::jsonb,
                'test', ${d.metAt ?? null}::timestamptz, ${d.metAt ? 'met' : 'open'})`);
    }
  });
  return id;
}

async function addEvent(id: string, e: Ev) {
  await t.database.db
    .execute(sql`INSERT INTO petition_events (id, petition_id, seq, type, at, to_status, data)
    VALUES (${randomUUID()}, ${id}, (SELECT max(seq) + 1 FROM petition_events WHERE petition_id = ${id}),
            ${e.type}, ${e.at}::timestamptz, 'received', ${e.data ? JSON.stringify(e.data) : null}::jsonb)`);
}

const elig = (d: string, reason?: string): Ev => ({
  type: 'set_eligibility',
  at: at(d),
  data: reason ? { eligibility: 'ineligible', reason } : { eligibility: 'eligible' },
});

let ids: Record<string, string> = {};

before(async () => {
  t = await startTestApp({ demo: true });
  officer = await t.login('reception.officer');
  office = await t.login('office.specialist');
  counter = await t.login('counter.staff');
  await t.database.db.execute(sql`INSERT INTO agencies (code, name, kind, valid_from, search_key)
      VALUES (${AGENCY}, 'Ban Tiếp công dân thử', 'office_unit', '2000-01-01', 'ban tiep cong dan thu')`);
  const P1 = await petition('T-01', 'complaint', '2022-01-05', [
    elig('2022-01-06'),
    { type: 'accept', at: at('2022-01-10') },
    { type: 'record_result', at: at('2022-01-20'), data: { outcome: 'upheld' } },
  ]);
  const P2 = await petition('T-02', 'denunciation', '2022-01-06', [
    elig('2022-01-07'),
    { type: 'forward', at: at('2022-01-08'), data: { toAgencyCode: 'STNMT' } },
  ]);
  const P3 = await petition('T-03', 'recommendation', '2022-01-07', [
    elig('2022-01-08'),
    { type: 'guide', at: at('2022-01-09'), data: {} },
    { type: 'urge', at: at('2022-01-15'), data: { agencyCode: 'STNMT' } },
    { type: 'urge', at: at('2022-01-18'), data: { agencyCode: 'STNMT' } },
  ]);
  await petition('T-04', 'feedback', '2022-01-08', [elig('2022-01-09', 'anonymous')]);
  await petition(
    'T-05',
    'land_dispute',
    '2022-01-09',
    [elig('2022-01-10')],
    [{ clock: 'answer', start: '2022-01-09', due: '2022-01-20' }],
  );
  await petition('T-06', 'complaint', '2022-01-10', [
    { type: 'confirm_duplicate', at: at('2022-01-11'), data: { originalId: P1, originalCode: 'T-01' } },
    elig('2022-01-11', 'duplicate'),
  ]);
  const P7 = await petition('T-07', 'mixed', '2022-01-12', [{ type: 'split', at: at('2022-01-13') }]);
  await petition('T-07-1', 'complaint', '2022-01-12', [elig('2022-01-14')], [], P7);
  await petition('T-07-2', 'recommendation', '2022-01-12', [elig('2022-01-14', 'not_competent')], [], P7);
  const P10 = await petition('T-10', 'recommendation', '2022-01-15', [
    elig('2022-01-16'),
    elig('2022-02-05', 'already_settled'),
  ]);
  const P11 = await petition('T-11', 'complaint', '2022-01-20');
  await petition('T-12', 'complaint', '2022-02-02', [elig('2022-02-03')]);
  const P13 = await petition('T-13', 'feedback', '2022-01-25', [
    elig('2022-01-26'),
    { type: 'classify', at: at('2022-02-03'), data: { kind: 'recommendation', fromKind: 'feedback' } },
  ]);
  await t.database.db.execute(sql`UPDATE petitions SET kind = 'recommendation' WHERE id = ${P13}`);
  await petition(
    'T-14',
    'complaint',
    '2022-01-26',
    [elig('2022-01-27')],
    [
      { clock: 'resolve', start: '2022-01-26', due: '2022-01-28', metAt: at('2022-02-02') },
      { clock: 'answer', start: '2022-01-26', due: '2022-02-15' },
    ],
  );
  ids = { P1, P2, P3, P7, P10, P11, P13 };
  // receptions of the board under test (admin records for another register)
  const admin = await t.login('admin');
  const rec = (d: string, headcount: number, reps: number, mass = false) =>
    admin.post('/api/receptions', {
      agencyCode: AGENCY,
      receivedAt: at(d),
      kind: 'regular',
      visitors: Array.from({ length: Math.max(1, reps) }, (_, i) => ({
        name: `Công dân ${i} (demo)`,
        representative: mass,
      })),
      headcount,
      massDelegation: mass,
      summary: 'Kiến nghị bồi thường giải phóng mặt bằng',
      classification: 'recommendation',
      outcome: 'guided',
    });
  for (const r of [
    await rec('2022-01-04', 1, 1),
    await rec('2022-01-11', 2, 1),
    await rec('2022-01-19', 7, 1, true),
    await rec('2022-02-01', 1, 1),
  ])
    assert.equal(r.status, 201, JSON.stringify(r.body));
});
after(async () => {
  await t?.close();
});

const get = async (q: string): Promise<PetitionReport> => {
  const r = await office.get(`/api/reports/petitions?agency=${AGENCY}&${q}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};

const JAN = 'from=2022-01-01&to=2022-01-31';

test('figures as of the end of the period, by hand', async () => {
  const r = await get(JAN);
  assert.deepEqual(r.receptions, { sessions: 3, persons: 10, massDelegations: 1 });
  const p = r.petitions;
  assert.equal(p.received, 12, 'split original out, its 2 parts in; T-12 after the period');
  assert.deepEqual([p.eligible, p.ineligible, p.pending], [8, 3, 1]);
  assert.deepEqual(p.byKind, {
    complaint: 3,
    denunciation: 1,
    recommendation: 2,
    feedback: 1,
    land_dispute: 1,
  });
  assert.equal(p.ineligibleByReason.anonymous, 1);
  assert.equal(p.ineligibleByReason.duplicate, 1);
  assert.equal(p.ineligibleByReason.not_competent, 1);
  assert.equal(
    Object.values(p.ineligibleByReason).reduce((a, b) => a + b, 0),
    p.ineligible,
  );
  assert.deepEqual([p.forwarded, p.guided, p.urged, p.resolved], [1, 1, 1, 1], 'urged twice counts once');
  assert.equal(p.overdue, 2, 'T-05 open past due; T-14 met only after the cut-off');
  assert.equal(r.distinctMatters, 11, 'T-06 is a duplicate of T-01');
});

test('as of an earlier cut-off: only what was dated by then', async () => {
  const r = await get(`${JAN}&asOf=2022-01-12`);
  assert.deepEqual(r.receptions, { sessions: 2, persons: 3, massDelegations: 0 });
  const p = r.petitions;
  assert.equal(p.received, 7, 'T-07 not yet split: the original counts, not its parts');
  assert.deepEqual([p.eligible, p.ineligible, p.pending], [4, 2, 1]);
  assert.deepEqual(p.byKind, {
    complaint: 1,
    denunciation: 1,
    recommendation: 1,
    feedback: 0,
    land_dispute: 1,
  });
  assert.deepEqual([p.forwarded, p.guided, p.urged, p.resolved, p.overdue], [1, 1, 0, 0, 0]);
  assert.equal(r.distinctMatters, 6);
});

test('a later cut-off sees the changes dated after the first one; the first one is reproducible', async () => {
  const before = await get(JAN);
  await addEvent(ids.P11!, elig('2022-02-03'));
  await addEvent(ids.P2!, { type: 'record_result', at: at('2022-02-04'), data: { outcome: 'answered' } });
  await addEvent(ids.P3!, { type: 'forward', at: at('2022-02-04'), data: { toAgencyCode: 'STNMT' } });
  const again = await get(JAN);
  assert.deepEqual(again, before, 'events after the cut-off do not change the report');
  const later = await get('from=2022-01-01&to=2022-01-31&asOf=2022-02-10');
  const p = later.petitions;
  assert.equal(p.received, 12, 'T-12 received after `to` stays out');
  // T-10 became ineligible (already settled), T-11 eligible, T-13 reclassified to recommendation
  assert.deepEqual([p.eligible, p.ineligible, p.pending], [8, 4, 0]);
  assert.deepEqual(p.byKind, {
    complaint: 4,
    denunciation: 1,
    recommendation: 2,
    feedback: 0,
    land_dispute: 1,
  });
  assert.equal(p.ineligibleByReason.already_settled, 1);
  assert.deepEqual([p.forwarded, p.resolved], [2, 2]);
  assert.equal(p.overdue, 1, 'T-14 met on 2022-02-02; T-05 still open');
});

test('every drill-down total equals its figure (two cut-offs); rows are identity-free', async () => {
  for (const q of [JAN, `${JAN}&asOf=2022-01-12`, `${JAN}&asOf=2022-02-10`]) {
    const r = await get(q);
    for (const metric of PETITION_METRICS) {
      const d = await office.get(
        `/api/reports/petitions/items?agency=${AGENCY}&${q}&metric=${metric}&pageSize=500`,
      );
      assert.equal(d.status, 200, `${metric}: ${JSON.stringify(d.body)}`);
      assert.equal(d.body.total, figureOf(r, metric), `${q} ${metric}`);
      assert.equal(d.body.items.length, d.body.count, `${q} ${metric} lists every row`);
      if (metric === 'receptions.persons')
        assert.equal(
          d.body.items.reduce((a: number, x: { headcount: number }) => a + x.headcount, 0),
          d.body.total,
        );
      assert.ok(!JSON.stringify(d.body).includes('Công dân 0'), 'no visitor names');
    }
  }
  const one = await office.get(
    `/api/reports/petitions/items?agency=${AGENCY}&${JAN}&metric=petitions.byKind.denunciation`,
  );
  assert.deepEqual(
    one.body.items.map((x: { code: string }) => x.code),
    ['T-02'],
  );
  const dm = await office.get(
    `/api/reports/petitions/items?agency=${AGENCY}&${JAN}&metric=distinctMatters&pageSize=500`,
  );
  const t01 = dm.body.items.find((x: { code: string }) => x.code === 'T-01');
  assert.equal(t01.petitions, 2, 'the original and its duplicate are one matter');
});

test('the facts and daily counts kept by triggers equal a full recount', async () => {
  assert.deepEqual(await petitionFactsDiff(t.database.db), []);
  assert.deepEqual(await petitionStatsDiff(t.database.db), []);
  const before = await get(JAN);
  await t.database.db.transaction((tx) => recountPetitionFacts(tx));
  assert.deepEqual(await petitionFactsDiff(t.database.db), []);
  assert.deepEqual(await get(JAN), before);
  // a corrupted fact is seen by the comparison (the check can fail)
  await t.database.db.execute(
    sql`UPDATE petition_report_facts SET forward_at = NULL WHERE petition_id = ${ids.P2!}`,
  );
  assert.equal((await petitionFactsDiff(t.database.db)).length, 2);
  await t.database.db.transaction((tx) => recountPetitionFacts(tx));
  assert.deepEqual(await petitionFactsDiff(t.database.db), []);
  assert.deepEqual(await petitionStatsDiff(t.database.db), []);
  // a corrupted daily count is seen too
  await t.database.db.execute(
    sql`UPDATE petition_stats_daily SET n = n + 1 WHERE n > 0 AND agency_code = ${AGENCY}`,
  );
  assert.ok((await petitionStatsDiff(t.database.db)).length > 0);
  await t.database.db.transaction((tx) => recountPetitionFacts(tx));
  assert.deepEqual(await petitionStatsDiff(t.database.db), []);
  assert.deepEqual(await get(JAN), before);
  // a deleted petition (repair, benchmark reset) takes its facts and counts with it
  const gone = await petition('T-99', 'complaint', '2022-01-21', [elig('2022-01-22')]);
  assert.equal((await get(JAN)).petitions.received, before.petitions.received + 1);
  await t.database.db.execute(sql`DELETE FROM petitions WHERE id = ${gone}`);
  assert.deepEqual(await get(JAN), before);
  assert.deepEqual(await petitionFactsDiff(t.database.db), []);
  assert.deepEqual(await petitionStatsDiff(t.database.db), []);
});

test('scope and bad input', async () => {
  assert.equal((await counter.get(`/api/reports/petitions?${JAN}`)).status, 403);
  const own = await officer.get(`/api/reports/petitions?${JAN}`);
  assert.equal(own.status, 200);
  assert.equal(own.body.agency, 'VP-BTCD', 'reception staff see their own register');
  assert.equal((await officer.get(`/api/reports/petitions?${JAN}&agency=${AGENCY}`)).status, 403);
  assert.equal((await t.anon().get(`/api/reports/petitions?${JAN}`)).status, 401);
  for (const [q, path] of [
    ['from=2022-02-01&to=2022-01-01', 'from'],
    ['from=2022-01-01&to=2022-01-31&asOf=2021-12-31', 'asOf'],
    ['from=2022-01-01&to=2022-02-30', 'to'],
    ['to=2022-01-31', 'from'],
  ] as const) {
    const r = await office.get(`/api/reports/petitions?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(errorOf(r).path, path, q);
  }
  const bad = await office.get(`/api/reports/petitions/items?${JAN}&metric=petitions.nope`);
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad).path, 'metric');
});

test('petitions written through the service API: the report follows each action; facts and counts stay exact', async () => {
  const leader = await t.login('reception.leader');
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const Q = `from=2023-03-01&to=2023-03-31&asOf=${today}`;
  const report = async () => {
    const r = await leader.get(`/api/reports/petitions?${Q}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as PetitionReport;
  };
  const receive = async (kind: string, n: number, over: Record<string, unknown> = {}) => {
    const r = await leader.post('/api/petitions', {
      receivedAt: `2023-03-${String(n).padStart(2, '0')}T09:00:00+07:00`,
      channel: 'post',
      kind,
      signers: [{ name: `Người ký thử ${n} (demo)`, address: `Thôn ${n}, xã Nghĩa Kỳ` }],
      content: `Nội dung thử số ${n}: đề nghị xem xét bồi thường đất ở khi thu hồi đất làm đường.`,
      ...over,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  };
  const act = async (id: string, action: string, body: Record<string, unknown> = {}) => {
    const d = await leader.get(`/api/petitions/${id}`);
    const r = await leader.post(`/api/petitions/${id}/actions`, { action, version: d.body.version, ...body });
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  };
  const empty = await report();
  assert.equal(empty.petitions.received, 0);
  const a = await receive('complaint', 2);
  const b = await receive('recommendation', 3);
  const c = await receive('mixed', 6);
  const d = await receive('recommendation', 9);
  let r = await report();
  assert.deepEqual([r.petitions.received, r.petitions.pending], [4, 4]);
  await act(a, 'set_eligibility', { eligibility: 'eligible' });
  await act(a, 'accept');
  await act(b, 'set_eligibility', { eligibility: 'eligible' });
  await act(b, 'forward', { toAgencyCode: 'SNNMT' });
  await act(b, 'urge', { agencyCode: 'SNNMT' });
  await act(b, 'urge', { agencyCode: 'SNNMT' });
  await act(b, 'record_result', { outcome: 'answered' });
  await act(c, 'split', {
    parts: [
      { kind: 'complaint', content: 'Phần khiếu nại của đơn hỗn hợp.' },
      { kind: 'denunciation', content: 'Phần tố cáo của đơn hỗn hợp.' },
    ],
  });
  await act(d, 'confirm_duplicate', { originalId: b });
  r = await report();
  const p = r.petitions;
  assert.equal(p.received, 5, 'the mixed petition counts as its two parts');
  assert.deepEqual([p.eligible, p.ineligible, p.pending], [2, 1, 2]);
  assert.deepEqual([p.byKind.complaint, p.byKind.recommendation], [1, 1]);
  assert.equal(p.ineligibleByReason.duplicate, 1);
  assert.deepEqual([p.forwarded, p.urged, p.resolved], [1, 1, 1]);
  assert.equal(r.distinctMatters, 4);
  for (const metric of PETITION_METRICS) {
    const x = await leader.get(`/api/reports/petitions/items?${Q}&metric=${metric}&pageSize=500`);
    assert.equal(x.body.total, figureOf(r, metric), metric);
  }
  assert.deepEqual(await petitionFactsDiff(t.database.db), []);
  assert.deepEqual(await petitionStatsDiff(t.database.db), []);
  // the as-of report before any of these actions (end of March 2023) sees them all pending
  const march = (await leader.get('/api/reports/petitions?from=2023-03-01&to=2023-03-31'))
    .body as PetitionReport;
  assert.deepEqual([march.petitions.received, march.petitions.pending], [4, 4]);
});

test('a reopened complaint (second level) is not resolved until its second result; as of before the reopen it was', async () => {
  const MAR = 'from=2022-03-01&to=2022-03-31';
  const R1 = await petition('T-R1', 'complaint', '2022-03-02', [
    elig('2022-03-03'),
    { type: 'accept', at: at('2022-03-04') },
    { type: 'record_result', at: at('2022-03-10'), data: { outcome: 'rejected' } },
    { type: 'reopen', at: at('2022-03-20'), data: { level: 2, firstOutcome: 'rejected' } },
  ]);
  // a control: resolved once, never reopened
  await petition('T-R2', 'complaint', '2022-03-05', [
    elig('2022-03-06'),
    { type: 'record_result', at: at('2022-03-12'), data: { outcome: 'upheld' } },
  ]);
  const resolvedAt = async (asOf: string) => {
    const r = await get(`${MAR}&asOf=${asOf}`);
    const d = await office.get(
      `/api/reports/petitions/items?agency=${AGENCY}&${MAR}&asOf=${asOf}&metric=petitions.resolved&pageSize=50`,
    );
    assert.equal(d.status, 200, JSON.stringify(d.body));
    assert.equal(d.body.total, r.petitions.resolved, `drill-down = figure as of ${asOf}`);
    return (d.body.items as { code: string }[]).map((i) => i.code).sort();
  };
  // as of a cut-off before the reopen: the first-level result counts
  assert.deepEqual(await resolvedAt('2022-03-15'), ['T-R1', 'T-R2']);
  // as of a cut-off after the reopen: the complaint is open again at the second level
  assert.deepEqual(await resolvedAt('2022-03-25'), ['T-R2']);
  assert.deepEqual(await resolvedAt('2022-03-31'), ['T-R2']);
  assert.deepEqual(await petitionFactsDiff(t.database.db), []);
  assert.deepEqual(await petitionStatsDiff(t.database.db), []);
  // the second-level result: resolved again from its date; the earlier cut-offs are unchanged
  await addEvent(R1, { type: 'record_result', at: at('2022-03-28'), data: { outcome: 'upheld', level: 2 } });
  assert.deepEqual(await resolvedAt('2022-03-15'), ['T-R1', 'T-R2']);
  assert.deepEqual(await resolvedAt('2022-03-25'), ['T-R2']);
  assert.deepEqual(await resolvedAt('2022-03-31'), ['T-R1', 'T-R2']);
  assert.deepEqual(await petitionFactsDiff(t.database.db), []);
  assert.deepEqual(await petitionStatsDiff(t.database.db), []);
});
