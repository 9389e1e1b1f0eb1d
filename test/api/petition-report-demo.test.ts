/**
 * The demo data gives the seed's reception and petition figures (9-month 2022 report of VP UBND Quảng
 * Ngãi): 199 sessions, 237 persons, 3 mass delegations; 716 petitions, 346 eligible (110 complaints,
 * 27 denunciations, 209 recommendations / feedback / land disputes), 370 ineligible — counted from the
 * records through the report API — plus the seed's 204 forwarded and 7 urged recommendations, the
 * Chairman's monthly reception day, and every drill-down total equal to its figure.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import {
  PETITION_METRICS,
  figureOf,
  petitionFactsDiff,
  petitionStatsDiff,
} from '../../src/modules/reports/petition-report.ts';
import { SEED_FIGURES } from '../../src/modules/petitions/demo.ts';

let t: TestApp;
let officer: Client, office: Client;
const WINDOW = 'from=2021-12-15&to=2022-09-14';

before(async () => {
  t = await startTestApp({ demo: true });
  officer = await t.login('reception.officer');
  office = await t.login('office.specialist');
});
after(async () => {
  await t?.close();
});

test('the report over the demo gives the seed figures', async () => {
  for (const c of [office, officer]) {
    const r = await c.get(`/api/reports/petitions?${WINDOW}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.receptions, {
      sessions: SEED_FIGURES.sessions,
      persons: SEED_FIGURES.persons,
      massDelegations: SEED_FIGURES.massDelegations,
    });
    const p = r.body.petitions;
    assert.equal(p.received, 716);
    assert.equal(p.eligible, 346);
    assert.equal(p.ineligible, 370);
    assert.equal(p.pending, 0);
    assert.equal(p.byKind.complaint, 110);
    assert.equal(p.byKind.denunciation, 27);
    assert.equal(p.byKind.recommendation + p.byKind.feedback + p.byKind.land_dispute, 209);
    const reasons = Object.entries(p.ineligibleByReason as Record<string, number>).filter(([, n]) => n > 0);
    assert.ok(reasons.length >= 8, 'spread over the statutory reasons');
    assert.equal(p.ineligibleByReason.duplicate, 120);
    assert.equal(
      reasons.reduce((a, [, n]) => a + n, 0),
      370,
    );
    assert.ok(p.forwarded > 204 && p.guided > 0 && p.resolved > 0, 'handled over time');
    assert.ok(r.body.distinctMatters < 716, 'duplicates count once among distinct matters');
  }
});

test("seed's details: 204 recommendations forwarded, 7 urged; duplicates confirmed against earlier originals", async () => {
  const items = async (metric: string) =>
    (await office.get(`/api/reports/petitions/items?${WINDOW}&metric=${metric}&pageSize=500`)).body.items as {
      kind: string;
    }[];
  const rfl = (xs: { kind: string }[]) =>
    xs.filter((x) => ['recommendation', 'feedback', 'land_dispute'].includes(x.kind)).length;
  const eligible = await items('petitions.eligible');
  const forwarded = (await items('petitions.forwarded')).filter((x) =>
    eligible.some((e) => (e as { id?: string }).id === (x as { id?: string }).id),
  );
  assert.equal(rfl(forwarded), SEED_FIGURES.forwardedRecommendations);
  assert.equal(rfl(await items('petitions.urged')), SEED_FIGURES.urgedRecommendations);
  const dups = await queryRows<{ n: number; later: number; same: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n,
               (count(*) FILTER (WHERE o.received_at < d.received_at))::int AS later,
               (count(*) FILTER (WHERE o.content = d.content))::int AS same
        FROM petitions d JOIN petitions o ON o.id = d.duplicate_of_id WHERE d.demo`,
  );
  assert.equal(dups[0]!.n, 120);
  assert.equal(dups[0]!.later, 120, 'every original was received before its duplicate');
  assert.equal(dups[0]!.same, 120);
  const conf = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM party_identities i JOIN petitions p ON p.id = i.subject_id
        WHERE i.subject_type = 'petition' AND p.kind = 'denunciation' AND p.demo AND NOT i.confidential`,
  );
  assert.equal(conf[0]!.n, 0, "every denouncer's identity is confidential");
  const events = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM petition_events e JOIN petitions p ON p.id = e.petition_id
        WHERE p.demo AND (e.at < '2021-12-15T00:00:00+07:00' OR e.at >= '2022-09-15T00:00:00+07:00')`,
  );
  assert.equal(events[0]!.n, 0, 'every event inside the window');
});

test('every drill-down total equals its figure; facts equal a recount', async () => {
  const r = (await office.get(`/api/reports/petitions?${WINDOW}`)).body;
  for (const metric of PETITION_METRICS) {
    const d = await office.get(`/api/reports/petitions/items?${WINDOW}&metric=${metric}&pageSize=1`);
    assert.equal(d.status, 200, metric);
    assert.equal(d.body.total, figureOf(r, metric), metric);
  }
  assert.deepEqual(await petitionFactsDiff(t.database.db), []);
  assert.deepEqual(await petitionStatsDiff(t.database.db), []);
});

test("register: the Chairman's monthly reception day is held every month; delegations send valid representatives", async () => {
  for (const month of ['2022-01', '2022-04', '2022-09']) {
    const r = await officer.get(`/api/receptions/leader-days?month=${month}`);
    assert.equal(r.status, 200);
    const ct = r.body.leaders.find((l: { leaderAgencyCode: string }) => l.leaderAgencyCode === 'CT');
    assert.equal(ct.ok, true, month);
  }
  const mass = await queryRows<{ headcount: number; reps: number }>(
    t.database.db,
    sql`SELECT r.headcount, (SELECT count(*)::int FROM party_identities i WHERE i.subject_type = 'reception'
          AND i.subject_id = r.id AND i.role = 'representative') AS reps
        FROM receptions r WHERE r.demo AND r.mass_delegation ORDER BY r.headcount`,
  );
  assert.deepEqual(
    mass.map((m) => [Number(m.headcount), Number(m.reps)]),
    [
      [6, 1],
      [8, 2],
      [12, 3],
    ],
  );
  const list = await officer.get('/api/receptions?from=2021-12-15&to=2022-09-14&pageSize=500');
  assert.equal(list.body.total, 199);
  const den = list.body.items.find((x: { classification: string }) => x.classification === 'denunciation');
  assert.ok(den, 'a denunciation visit');
  const d = await officer.get(`/api/receptions/${den.id}`);
  assert.ok(d.body.visitors.every((v: { redacted: boolean; name: string | null }) => v.redacted && !v.name));
});
