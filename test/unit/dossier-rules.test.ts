/**
 * The dossier state machine and its fold as data: the transition graph, the national status table, and
 * dated clock cases folded with `applyAction` (ND 61/2018 Art 18, Art 19 cl.4 and cl.9; TT 01/2018 Art 19).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar } from '../../src/kernel/calendar/index.ts';
import { ROLES } from '../../src/kernel/auth/roles.ts';
import {
  CHANNELS,
  DOSSIER_STATUSES,
  DOSSIER_TRANSITIONS,
  ERAS,
  NATIONAL_STATUS_CODE,
  OPEN_STATUSES,
  PAUSED_STATUSES,
  STATUS_LABELS,
  type DossierStatus,
} from '../../src/modules/dossiers/rules.ts';
import {
  apologyKept,
  applyAction,
  deadlineFrom,
  DossierRuleError,
  isoDeadline,
  pendingState,
  timelinessOf,
  type DossierState,
} from '../../src/modules/dossiers/fold.ts';
import { codePrefix, dossierCode, ratingIndices } from '../../src/modules/dossiers/service.ts';
import { checkDigitsMatch, maskPhone } from '../../src/modules/dossiers/queries.ts';

const cal = buildCalendar();

test('national status codes: every status has one, 1–10, a bijection; every status has labels', () => {
  const codes = DOSSIER_STATUSES.map((s) => NATIONAL_STATUS_CODE[s]);
  assert.deepEqual(
    [...codes].sort((a, b) => a - b),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  assert.equal(new Set(codes).size, DOSSIER_STATUSES.length);
  assert.equal(Object.keys(NATIONAL_STATUS_CODE).length, DOSSIER_STATUSES.length);
  for (const s of DOSSIER_STATUSES) {
    assert.ok(STATUS_LABELS[s].vi && STATUS_LABELS[s].en, s);
  }
  // spot checks against REFERENCE §2
  assert.equal(NATIONAL_STATUS_CODE.new, 1);
  assert.equal(NATIONAL_STATUS_CODE.refused, 3);
  assert.equal(NATIONAL_STATUS_CODE.withdrawn, 7);
  assert.equal(NATIONAL_STATUS_CODE.returned, 10);
});

test('transitions are well-formed data: known statuses, roles, eras; unique action names', () => {
  const names = DOSSIER_TRANSITIONS.map((t) => t.action);
  assert.equal(new Set(names).size, names.length);
  for (const t of DOSSIER_TRANSITIONS) {
    for (const f of t.from) assert.ok(DOSSIER_STATUSES.includes(f), `${t.action} from ${f}`);
    assert.ok(t.to === 'same' || t.to === 'resume' || DOSSIER_STATUSES.includes(t.to), t.action);
    if (t.to === 'resume')
      assert.ok(
        t.from.every((f) => PAUSED_STATUSES.includes(f)),
        t.action,
      );
    for (const r of t.roles) assert.ok((ROLES as readonly string[]).includes(r), `${t.action} role ${r}`);
    for (const e of t.eras) assert.ok((ERAS as readonly string[]).includes(e));
    assert.ok(t.roles.length > 0 && t.label.vi && t.label.en && t.legalBasis, t.action);
  }
  assert.deepEqual(DOSSIER_TRANSITIONS.find((t) => t.action === 'stop')!.eras, ['nd118']);
});

test('every status is reachable from intake (new / received); closed statuses have no exit but same-state ones', () => {
  const seen = new Set<DossierStatus>(['new', 'received']);
  const pauseFrom = new Map<DossierStatus, Set<DossierStatus>>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const t of DOSSIER_TRANSITIONS) {
      for (const f of t.from) {
        if (!seen.has(f)) continue;
        let targets: DossierStatus[];
        if (t.to === 'same') targets = [f];
        else if (t.to === 'resume') targets = [...(pauseFrom.get(f) ?? [])];
        else targets = [t.to];
        if (t.to !== 'same' && t.to !== 'resume' && PAUSED_STATUSES.includes(t.to)) {
          const set = pauseFrom.get(t.to) ?? new Set();
          if (!set.has(f)) {
            set.add(f);
            pauseFrom.set(t.to, set);
            changed = true;
          }
        }
        for (const x of targets)
          if (!seen.has(x)) {
            seen.add(x);
            changed = true;
          }
      }
    }
  }
  assert.deepEqual([...seen].sort(), [...DOSSIER_STATUSES].sort());
  for (const closed of ['refused', 'withdrawn', 'stopped'] as DossierStatus[]) {
    assert.ok(!OPEN_STATUSES.includes(closed));
    assert.equal(DOSSIER_TRANSITIONS.filter((t) => t.from.includes(closed)).length, 0, `${closed} is final`);
  }
  assert.deepEqual(CHANNELS, ['counter', 'online', 'postal', 'phone']);
});

test('dossier code: TT 01/2018 Art 19 `<identifier>-YYMMDD-XXXX`, counter per body per day', () => {
  assert.equal(dossierCode('000.00.20.H48', '2022-03-04', 7), '000.00.20.H48-220304-0007');
  assert.equal(codePrefix('VP-TTHC', '2022-03-04'), 'dossier:VP-TTHC:220304');
});

function initial(receivedAt: string, value = 10, unit: 'working_days' | 'working_hours' = 'working_days') {
  const at = new Date(receivedAt);
  const limit = { value, unit, channel: 'counter' };
  const d = deadlineFrom(cal, limit, at);
  const s: DossierState = {
    status: 'received',
    era: receivedAt < '2025-07-01' ? 'nd61' : 'nd118',
    limit,
    receivedAt: at,
    startDate: d.startDate,
    appointmentAt: d.dueAt,
    firstAppointmentAt: d.dueAt,
    apologyAt: null,
    resolvedAt: null,
    timeliness: null,
    returnedAt: null,
    closedAt: null,
    processingAgencyCode: null,
    returnMethod: 'post',
    fee: { amount: 50000, collectAt: 'before_return', status: 'unpaid' },
    postal: null,
    version: 1,
    resumeTo: null,
    clock: [{ type: 'received', at }],
    steps: [],
  };
  return s;
}

/** Folds dated actions; returns every intermediate state. */
function run(s: DossierState, actions: [string, string, Record<string, unknown>?][]) {
  let st = s;
  for (const [action, at, body] of actions) {
    st = applyAction(
      st,
      { action, at: new Date(at), body: body ?? {} },
      { cal, procedureAgencyCode: 'SNNPTNT' },
    ).state;
  }
  return st;
}

function rejects(fn: () => unknown, status: number, code: string, path?: string) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DossierRuleError, String(e));
    assert.equal(e.status, status, e.message);
    assert.equal(e.code, code);
    if (path !== undefined) assert.equal(e.path, path);
    return;
  }
  assert.fail(`expected ${status} ${code}`);
}

test('clock: 15:00 cut-off, Saturday, Tết 2022, hours (ND 61/2018 Art 18; BLDS Art 147–148)', () => {
  const cases: [string, number, 'working_days' | 'working_hours', string][] = [
    ['2022-03-04T14:59:00+07:00', 10, 'working_days', '2022-03-18T23:59:59+07:00'],
    ['2022-03-04T15:00:00+07:00', 10, 'working_days', '2022-03-18T23:59:59+07:00'],
    ['2022-03-04T15:01:00+07:00', 10, 'working_days', '2022-03-21T23:59:59+07:00'],
    ['2022-03-05T10:00:00+07:00', 10, 'working_days', '2022-03-21T23:59:59+07:00'],
    // Tết Nhâm Dần: 31/01–04/02/2022 off (+ weekends): Fri 28/01 + 3 working days = Wed 09/02
    ['2022-01-28T10:00:00+07:00', 3, 'working_days', '2022-02-09T23:59:59+07:00'],
    // 8 office hours from Fri 14:00: 3 h Friday, 4 h Monday morning, 1 h from 13:30
    ['2022-03-04T14:00:00+07:00', 8, 'working_hours', '2022-03-07T14:30:00+07:00'],
  ];
  for (const [at, n, unit, want] of cases)
    assert.equal(isoDeadline(initial(at, n, unit).appointmentAt), want, `${at} + ${n} ${unit}`);
});

test('supplement: the clock restarts from zero when the complete dossier arrives (ND 61 Art 19 cl.4)', () => {
  const s0 = initial('2022-03-04T09:00:00+07:00'); // due 18/03
  const paused = run(s0, [['request_supplement', '2022-03-08T10:00:00+07:00', { missing: ['Bản vẽ'] }]]);
  assert.equal(paused.status, 'supplement_requested');
  assert.equal(paused.resumeTo, 'received');
  // complete dossier Wed 16/03 at 16:00 (after 15:00) → day 0 = Thu 17/03, + 10 working days = 31/03
  const back = run(paused, [['supplement_received', '2022-03-16T16:00:00+07:00']]);
  assert.equal(back.status, 'received');
  assert.equal(isoDeadline(back.appointmentAt), '2022-03-31T23:59:59+07:00');
  assert.equal(isoDeadline(back.firstAppointmentAt), '2022-03-18T23:59:59+07:00');
  // a second supplement restarts again from its own arrival
  const again = run(back, [
    ['transfer', '2022-03-17T08:00:00+07:00'],
    ['request_supplement', '2022-03-18T08:00:00+07:00', { missing: ['Tờ khai'] }],
    ['supplement_received', '2022-03-22T09:00:00+07:00'],
  ]);
  assert.equal(again.status, 'processing');
  assert.equal(isoDeadline(again.appointmentAt), '2022-04-05T23:59:59+07:00');
});

test('financial obligation: the clock stops and resumes with the remaining days', () => {
  const s = run(initial('2022-03-04T09:00:00+07:00'), [
    ['transfer', '2022-03-04T10:00:00+07:00'],
    ['request_payment', '2022-03-09T10:00:00+07:00', { amount: 100000 }], // used: 07, 08, 09 = 3
    ['payment_received', '2022-03-14T09:00:00+07:00'], // 7 left from Mon 14/03 → 23/03
  ]);
  assert.equal(s.status, 'processing');
  assert.equal(isoDeadline(s.appointmentAt), '2022-03-23T23:59:59+07:00');
});

test('apology: at the latest the working day before the appointment; once; new date tracked apart (Art 19 cl.9)', () => {
  const s0 = run(initial('2022-03-04T09:00:00+07:00'), [['transfer', '2022-03-04T10:00:00+07:00']]); // due Fri 18/03
  rejects(
    () => run(s0, [['apologize', '2022-03-18T08:00:00+07:00', { newDate: '2022-03-25', note: 'x' }]]),
    422,
    'apology_too_late',
  );
  // Thu 17/03 is the last allowed day
  const ok = run(s0, [
    ['apologize', '2022-03-17T16:00:00+07:00', { newDate: '2022-03-25', note: 'Chờ ý kiến' }],
  ]);
  assert.equal(isoDeadline(ok.apologyAt), '2022-03-25T23:59:59+07:00');
  assert.equal(isoDeadline(ok.appointmentAt), '2022-03-18T23:59:59+07:00', 'appointment not replaced');
  rejects(
    () => run(ok, [['apologize', '2022-03-17T17:00:00+07:00', { newDate: '2022-03-28', note: 'x' }]]),
    409,
    'already_rescheduled',
  );
  rejects(
    () => run(s0, [['apologize', '2022-03-10T08:00:00+07:00', { newDate: '2022-03-18', note: 'x' }]]),
    400,
    'new_date_not_after',
    'newDate',
  );
  rejects(
    () => run(s0, [['apologize', '2022-03-10T08:00:00+07:00', { newDate: '2022-03-25' }]]),
    400,
    'required',
    'note',
  );
  // resolved after the appointment but by the new date: late, apology kept
  const late = run(ok, [['result_ready', '2022-03-23T10:00:00+07:00']]);
  assert.equal(late.timeliness, 'late');
  assert.equal(apologyKept(late), true);
  // resolved after the new date: late, apology missed
  const missed = run(ok, [['result_ready', '2022-03-28T10:00:00+07:00']]);
  assert.equal(missed.timeliness, 'late');
  assert.equal(apologyKept(missed), false);
  // early and on time
  assert.equal(run(s0, [['result_ready', '2022-03-17T10:00:00+07:00']]).timeliness, 'early');
  assert.equal(run(s0, [['result_ready', '2022-03-18T16:59:00+07:00']]).timeliness, 'on_time');
  assert.equal(apologyKept(run(s0, [['result_ready', '2022-03-17T10:00:00+07:00']])), null);
});

test('transfer step: same working day, next one when received after 15:00 (ND 61 Art 18)', () => {
  const early = run(initial('2022-03-04T09:00:00+07:00'), [['transfer', '2022-03-04T10:00:00+07:00']]);
  assert.equal(early.steps[0]!.kind, 'transfer');
  assert.equal(early.steps[0]!.result, 'on_time');
  assert.equal(early.processingAgencyCode, 'SNNPTNT');
  const lateRecv = run(initial('2022-03-04T16:00:00+07:00'), [['transfer', '2022-03-07T08:00:00+07:00']]);
  assert.equal(lateRecv.steps[0]!.result, 'on_time');
  const slow = run(initial('2022-03-04T09:00:00+07:00'), [['transfer', '2022-03-07T08:00:00+07:00']]);
  assert.equal(slow.steps[0]!.result, 'late');
});

test('steps: own deadline and early / on-time / late result (control sheet)', () => {
  const s = run(initial('2022-03-04T09:00:00+07:00'), [
    ['transfer', '2022-03-04T10:00:00+07:00'],
    [
      'start_step',
      '2022-03-04T11:00:00+07:00',
      { name: 'Thẩm định', kind: 'internal', value: 2, unit: 'working_days' },
    ],
    ['finish_step', '2022-03-07T10:00:00+07:00'],
    [
      'start_step',
      '2022-03-07T11:00:00+07:00',
      { name: 'Lấy ý kiến Sở TC', kind: 'inter_agency', agencyCode: 'STC', value: 1, unit: 'working_days' },
    ],
    ['finish_step', '2022-03-10T10:00:00+07:00'],
  ]);
  assert.deepEqual(
    s.steps.map((x) => [x.kind, x.result]),
    [
      ['transfer', 'on_time'],
      ['internal', 'early'],
      ['inter_agency', 'late'],
    ],
  );
  assert.equal(s.steps[2]!.agencyCode, 'STC');
  assert.equal(s.status, 'processing');
  rejects(() => run(s, [['finish_step', '2022-03-11T10:00:00+07:00']]), 409, 'no_open_step');
});

test('rules of the fold: from-status, era, required fields, return by post, delivery', () => {
  const s = initial('2022-03-04T09:00:00+07:00');
  rejects(() => run(s, [['result_ready', '2022-03-05T09:00:00+07:00']]), 409, 'invalid_transition', 'action');
  rejects(() => run(s, [['stop', '2022-03-05T09:00:00+07:00', { note: 'x' }]]), 400, 'not_in_era', 'action');
  rejects(() => run(s, [['fly', '2022-03-05T09:00:00+07:00']]), 400, 'unknown_action', 'action');
  rejects(
    () => run(s, [['refuse', '2022-03-05T09:00:00+07:00', { reasons: [] }]]),
    400,
    'required',
    'reasons',
  );
  rejects(() => run(s, [['request_supplement', '2022-03-05T09:00:00+07:00']]), 400, 'required', 'missing');
  const stopped = run(initial('2025-07-02T09:00:00+07:00'), [
    ['stop', '2025-07-03T09:00:00+07:00', { note: 'Công dân đề nghị' }],
  ]);
  assert.equal(stopped.status, 'stopped');
  assert.ok(stopped.closedAt);
  const ready = run(s, [
    ['transfer', '2022-03-04T10:00:00+07:00'],
    ['result_ready', '2022-03-10T10:00:00+07:00'],
  ]);
  rejects(
    () => run(ready, [['return', '2022-03-11T10:00:00+07:00', { method: 'post' }]]),
    400,
    'required',
    'postal.itemCode',
  );
  const sent = run(ready, [
    ['return', '2022-03-11T10:00:00+07:00', { method: 'post', postal: { itemCode: 'EB123456789VN' } }],
  ]);
  assert.equal(sent.status, 'returned');
  assert.deepEqual(sent.postal, { itemCode: 'EB123456789VN', sentOn: '2022-03-11', deliveredOn: null });
  const delivered = run(sent, [
    ['postal_delivered', '2022-03-14T10:00:00+07:00', { deliveredOn: '2022-03-13' }],
  ]);
  assert.equal(delivered.postal!.deliveredOn, '2022-03-13');
  assert.equal(delivered.status, 'returned');
  rejects(
    () => run(delivered, [['postal_delivered', '2022-03-15T10:00:00+07:00']]),
    409,
    'already_delivered',
  );
  const atCounter = run(ready, [['return', '2022-03-11T10:00:00+07:00', { method: 'counter' }]]);
  rejects(() => run(atCounter, [['postal_delivered', '2022-03-15T10:00:00+07:00']]), 409, 'not_postal');
  // fee
  const paid = run(s, [['collect_fee', '2022-03-04T09:05:00+07:00']]);
  assert.equal(paid.fee!.status, 'paid');
  rejects(() => run(paid, [['collect_fee', '2022-03-04T09:06:00+07:00']]), 409, 'already_paid');
  // the version counts events
  assert.equal(delivered.version, 5);
});

test('timelinessOf and pendingState', () => {
  const due = new Date('2022-03-18T17:00:00Z'); // 24:00 of 18/03 +07
  assert.equal(timelinessOf(new Date('2022-03-17T10:00:00+07:00'), due), 'early');
  assert.equal(timelinessOf(new Date('2022-03-18T23:59:00+07:00'), due), 'on_time');
  assert.equal(timelinessOf(new Date('2022-03-19T00:00:01+07:00'), due), 'late');
  const row = {
    receivedAt: new Date('2022-03-04T09:00:00+07:00'),
    closedAt: null,
    resolvedAt: null,
    appointmentAt: due,
    status: 'processing',
  };
  assert.equal(pendingState(row, new Date('2022-03-01T00:00:00+07:00')), null);
  assert.equal(pendingState(row, new Date('2022-03-18T20:00:00+07:00')), 'within_limit');
  assert.equal(pendingState(row, new Date('2022-03-19T08:00:00+07:00')), 'over_limit');
  assert.equal(
    pendingState({ ...row, status: 'supplement_requested' }, new Date('2022-03-25T08:00:00+07:00')),
    'within_limit',
  );
  const done = {
    ...row,
    resolvedAt: new Date('2022-03-20T08:00:00+07:00'),
    closedAt: new Date('2022-03-20T08:00:00+07:00'),
  };
  assert.equal(pendingState(done, new Date('2022-03-19T08:00:00+07:00')), 'over_limit');
  assert.equal(pendingState(done, new Date('2022-03-21T08:00:00+07:00')), null);
});

test('rating indices (TT 01/2018 Art 13–15) and check digits', () => {
  assert.deepEqual(ratingIndices(null, 'early'), {
    indices: { i1: 2, i2: null, i3: null, i4: null, i6: null, i7: 2 },
    derived: ['i1', 'i7'],
    score: 4,
  });
  assert.equal(ratingIndices(null, 'late').score, 0);
  assert.equal(ratingIndices(null, null).score, null);
  assert.equal(ratingIndices({ i1: 1, i2: 2, i3: 2, i4: 1, i6: 2, i7: 1 }, 'late').score, 9);
  const a = { phone: '0905 123 456', idNumber: '051234567890' };
  assert.equal(checkDigitsMatch(a, '3456'), true);
  assert.equal(checkDigitsMatch(a, '7890'), true);
  assert.equal(checkDigitsMatch(a, '1234'), false);
  assert.equal(checkDigitsMatch(a, null), false);
  assert.equal(maskPhone('0905123456'), '*******456');
});

test('docs/dossiers.md lists every action with its from-statuses and roles, and every status with its code', async () => {
  const { readFileSync } = await import('node:fs');
  const doc = readFileSync('docs/dossiers.md', 'utf8');
  for (const t of DOSSIER_TRANSITIONS) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${t.action}\` |`) && l.split('|').length >= 10);
    assert.ok(row, `row for ${t.action}`);
    assert.ok(row.includes(`| ${t.from.join(', ')} |`), `${t.action} from`);
    assert.ok(row.includes(`| ${t.roles.join(', ')} |`), `${t.action} roles`);
    assert.ok(row.includes(`| ${t.scope} |`), `${t.action} scope`);
  }
  for (const s of DOSSIER_STATUSES)
    assert.ok(doc.includes(`| \`${s}\` | ${NATIONAL_STATUS_CODE[s]} |`), `status ${s}`);
});

test('stateOf rebuilds from stored events the clock and resume status the fold carries in memory', async () => {
  const { stateOf } = await import('../../src/modules/dossiers/service.ts');
  const histories: [string, string, Record<string, unknown>?][][] = [
    [['request_supplement', '2022-03-08T10:00:00+07:00', { missing: ['x'] }]],
    [
      ['transfer', '2022-03-04T10:00:00+07:00'],
      ['request_payment', '2022-03-09T10:00:00+07:00', { amount: 1 }],
    ],
    [
      ['request_supplement', '2022-03-08T10:00:00+07:00', { missing: ['x'] }],
      ['supplement_received', '2022-03-10T16:00:00+07:00'],
      ['transfer', '2022-03-11T10:00:00+07:00'],
      ['request_payment', '2022-03-14T10:00:00+07:00', { amount: 1 }],
      ['payment_received', '2022-03-16T10:00:00+07:00'],
    ],
  ];
  for (const h of histories) {
    let s = initial('2022-03-04T09:00:00+07:00');
    const events: Record<string, unknown>[] = [
      { seq: 1, type: 'receive', at: s.receivedAt, fromStatus: null, toStatus: 'received' },
    ];
    for (const [action, at, body] of h) {
      const r = applyAction(
        s,
        { action, at: new Date(at), body: body ?? {} },
        { cal, procedureAgencyCode: 'SNNPTNT' },
      );
      events.push({ seq: events.length + 1, ...r.event });
      s = r.state;
    }
    const row = {
      ...s,
      timeLimit: s.limit,
      version: s.version,
    } as unknown as Parameters<typeof stateOf>[0];
    const rebuilt = stateOf(row, events as never, []);
    const norm = (c: typeof s.clock) => c.map((e) => ({ ...e, at: new Date(e.at as Date).toISOString() }));
    assert.deepEqual(norm(rebuilt.clock), norm(s.clock), JSON.stringify(h.map((x) => x[0])));
    assert.equal(rebuilt.resumeTo, s.resumeTo);
    // and the next action folds to the same appointment either way
    if (s.status === 'supplement_requested' || s.status === 'awaiting_payment') {
      const next = s.status === 'supplement_requested' ? 'supplement_received' : 'payment_received';
      const a = applyAction(
        s,
        { action: next, at: new Date('2022-03-21T09:00:00+07:00'), body: {} },
        { cal, procedureAgencyCode: null },
      );
      const b = applyAction(
        rebuilt,
        { action: next, at: new Date('2022-03-21T09:00:00+07:00'), body: {} },
        { cal, procedureAgencyCode: null },
      );
      assert.equal(isoDeadline(a.state.appointmentAt), isoDeadline(b.state.appointmentAt));
      assert.equal(a.state.status, b.state.status);
    }
  }
});
