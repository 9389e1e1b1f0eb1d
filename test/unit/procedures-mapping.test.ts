/** Mapping the national records and planning the seed's decisions (pure, no DB). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  agencyPairOf,
  catalogueRecords,
  mapRecord,
  mapTimeLimit,
  type CatalogueRecord,
} from '../../src/modules/procedures/mapping.ts';
import { SEED_TOTALS, SEED_WINDOW, planDemoDecisions } from '../../src/modules/procedures/demo-plan.ts';
import { demoFisheriesSteps, DEMO_REVIEWS } from '../../src/modules/procedures/demo.ts';

const entry = (over: Partial<CatalogueRecord['processing'][number]>) => ({
  channel_code: 'in_person',
  time_text: null,
  time_amount: null,
  time_unit: null,
  fee_text: null,
  fee_amount: null,
  ...over,
});

test('channels and units map; a bare number, plain hours or no number need review (never guessed)', () => {
  assert.deepEqual(
    mapTimeLimit(entry({ time_text: '15 Ngày làm việc', time_amount: 15, time_unit: 'working_day' })),
    {
      channel: 'counter',
      value: 15,
      unit: 'working_days',
      text: '15 Ngày làm việc',
      needsReview: false,
    },
  );
  assert.equal(
    mapTimeLimit(entry({ channel_code: 'postal', time_amount: 30, time_unit: 'day', time_text: '30 Ngày' }))!
      .unit,
    'calendar_days',
  );
  assert.equal(
    mapTimeLimit(entry({ channel_code: 'online', time_amount: 4, time_unit: 'working_hour' }))!.unit,
    'working_hours',
  );
  for (const bad of [
    { time_text: '3', time_amount: 3, time_unit: null },
    { time_text: '8 Giờ', time_amount: 8, time_unit: 'hour' },
    { time_text: '2 Tháng', time_amount: 2, time_unit: 'month' },
    { time_text: null, time_amount: null, time_unit: null },
  ]) {
    const m = mapTimeLimit(entry(bad))!;
    assert.equal(m.unit, null, JSON.stringify(bad));
    assert.equal(m.needsReview, true);
    assert.equal(m.value, bad.time_amount);
  }
  assert.equal(mapTimeLimit(entry({ channel_code: 'fax' })), null);
});

test('the 600 records: counts, fisheries, components with their case headings, agencies by field', () => {
  const rs = catalogueRecords();
  assert.equal(rs.length, 600);
  assert.equal(rs.filter((r) => r.fisheries).length, 88);
  const reg = rs.find((r) => r.code === '1.003650')!;
  const d = mapRecord(reg);
  assert.equal(d.fisheries, true);
  assert.ok(d.timeLimits.every((t) => t.needsReview && t.unit === null && t.text === '3'));
  assert.deepEqual(agencyPairOf(reg), { y2022: 'SNNPTNT', y2025: 'SNNMT', from: '2025-03-01' });
  const withCases = rs.find((r) => r.dossier_cases?.length)!;
  const m = mapRecord(withCases);
  assert.equal(m.components[0]!.case, withCases.dossier_cases![0]!.heading);
  assert.equal(m.components.length, withCases.dossier_components!.length);
  // commune-only records have no department
  const commune = rs.find((r) => r.levels_en.length === 1 && r.levels_en[0] === 'commune')!;
  assert.equal(agencyPairOf(commune), null);
  const land = rs.find((r) => r.field === 'Đất đai' && r.levels_en.includes('province'))!;
  assert.equal(agencyPairOf(land)!.y2022, 'STNMT');
  // every reviewed code is a fisheries record that arrives without a unit
  for (const rv of DEMO_REVIEWS) {
    const r = rs.find((x) => x.code === rv.code)!;
    assert.ok(r.fisheries && r.processing.every((p) => p.time_unit === null), rv.code);
  }
});

test('the plan of the seed decisions totals 102/63/38/9 and 20 cuts, inside the window, fisheries kept', () => {
  const rs = catalogueRecords();
  const { decisions, createdByDecision } = planDemoDecisions(rs);
  const n = { new: 0, amended: 0, replaced: 0, repealed: 0, timeCuts: 0 };
  const seen = new Set<string>();
  const fisheries = new Set(rs.filter((r) => r.fisheries).map((r) => r.code));
  for (const d of decisions) {
    assert.ok(d.date >= SEED_WINDOW.from && d.date <= SEED_WINDOW.to, d.date);
    assert.match(d.numberSymbol, /^\d+\/QĐ-UBND$/);
    for (const it of d.items) {
      n[it.category]++;
      for (const c of [it.procedureCode, it.replacesCode].filter(Boolean) as string[]) {
        assert.ok(!seen.has(c), `code used twice: ${c}`);
        seen.add(c);
        if (it.category !== 'amended') assert.ok(!fisheries.has(c), `fisheries ${c} is ${it.category}`);
      }
    }
    n.timeCuts += new Set(d.timeCuts.map((c) => c.procedureCode)).size;
    for (const c of d.timeCuts) assert.ok(c.newValue < c.oldValue && c.newUnit === c.oldUnit);
  }
  assert.deepEqual(n, { ...SEED_TOTALS });
  assert.equal(createdByDecision.size, 102 + 38);
  // deterministic
  assert.deepEqual(planDemoDecisions(rs).decisions, decisions);
});

test('demo internal steps sum to the limit', () => {
  const d = mapRecord(catalogueRecords().find((r) => r.code === '1.003650')!);
  d.agencyCode = 'SNNPTNT';
  assert.deepEqual(demoFisheriesSteps(d), [], 'no unit yet: no steps');
  for (const [value, unit, total] of [
    [1, 'working_days', 8],
    [2, 'working_days', 16],
    [5, 'working_days', 40],
    [30, 'calendar_days', 30],
  ] as const) {
    d.timeLimits = [{ channel: 'counter', value, unit, text: null, needsReview: false }];
    const steps = demoFisheriesSteps(d);
    assert.equal(steps.length, 4);
    assert.equal(
      steps.reduce((s, x) => s + x.value, 0),
      total,
    );
    assert.ok(steps.every((s) => s.value > 0));
    assert.equal(steps[1]!.agency, 'SNNPTNT');
    assert.equal(steps[0]!.agency, 'VP-TTHC');
  }
});
