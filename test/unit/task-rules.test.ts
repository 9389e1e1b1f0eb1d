/** The task state machine is data; these tests check the data itself and the fold built on it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TASK_EVENT_TYPES,
  TASK_STATUSES,
  TASK_TRANSITIONS,
  transitionFor,
  type TaskStatus,
} from '../../src/modules/tasks/rules.ts';
import { foldTask, stateIntervals, TransitionError, type FoldEvent } from '../../src/modules/tasks/fold.ts';
import { mayTake } from '../../src/modules/tasks/service.ts';
import { timelinessAt } from '../../src/modules/tasks/timeliness.ts';
import { ROLES, type Principal, type Role } from '../../src/kernel/auth/roles.ts';

test('every transition names known statuses, roles and a distinct action/event', () => {
  const actions = new Set<string>();
  for (const t of TASK_TRANSITIONS) {
    for (const s of t.from) assert.ok(TASK_STATUSES.includes(s), `${t.action}: unknown from ${s}`);
    assert.ok(t.to === 'same' || TASK_STATUSES.includes(t.to), `${t.action}: unknown to ${t.to}`);
    for (const r of t.roles) assert.ok(ROLES.includes(r), `${t.action}: unknown role ${r}`);
    assert.ok(!actions.has(t.action) && !actions.has(t.event));
    actions.add(t.action).add(t.event);
    assert.equal(transitionFor(t.event), t);
  }
});

test('transition graph: exactly the documented edges', () => {
  const edges = new Set<string>();
  for (const t of TASK_TRANSITIONS)
    for (const f of t.from) edges.add(`${f} -${t.action}-> ${t.to === 'same' ? f : t.to}`);
  assert.deepEqual([...edges].sort(), [
    'awaiting_closure -approve_extension-> awaiting_closure',
    'awaiting_closure -confirm_done-> completed',
    'awaiting_closure -refuse_extension-> awaiting_closure',
    'awaiting_closure -return-> in_progress',
    'awaiting_closure -stop-> stopped',
    'awaiting_receipt -approve_extension-> awaiting_receipt',
    'awaiting_receipt -receive-> in_progress',
    'awaiting_receipt -refuse_extension-> awaiting_receipt',
    'awaiting_receipt -request_extension-> awaiting_receipt',
    'awaiting_receipt -stop-> stopped',
    'in_progress -approve_extension-> in_progress',
    'in_progress -refuse_extension-> in_progress',
    'in_progress -report_done-> awaiting_closure',
    'in_progress -request_extension-> in_progress',
    'in_progress -stop-> stopped',
  ]);
  // completed and stopped are final
  for (const t of TASK_TRANSITIONS) assert.ok(!t.from.includes('completed') && !t.from.includes('stopped'));
});

/** One-stop and reception roles take no task action. */
const NO_ONE_STOP = {
  counter_staff: false,
  callcentre_staff: false,
  processing_officer: false,
  centre_leader: false,
  reception_officer: false,
  reception_leader: false,
  petition_handler: false,
} as const;

/** Role × transition matrix (own-agency user for agency roles). Y = allowed. */
const MATRIX: Record<string, Record<Role, boolean>> = {
  receive: {
    admin: true,
    office_leader: false,
    office_specialist: false,
    agency_leader: true,
    agency_staff: true,
    ...NO_ONE_STOP,
  },
  report_done: {
    admin: true,
    office_leader: false,
    office_specialist: false,
    agency_leader: true,
    agency_staff: true,
    ...NO_ONE_STOP,
  },
  return: {
    admin: true,
    office_leader: true,
    office_specialist: true,
    agency_leader: false,
    agency_staff: false,
    ...NO_ONE_STOP,
  },
  confirm_done: {
    admin: true,
    office_leader: true,
    office_specialist: true,
    agency_leader: false,
    agency_staff: false,
    ...NO_ONE_STOP,
  },
  request_extension: {
    admin: true,
    office_leader: false,
    office_specialist: false,
    agency_leader: true,
    agency_staff: true,
    ...NO_ONE_STOP,
  },
  approve_extension: {
    admin: true,
    office_leader: true,
    office_specialist: false,
    agency_leader: false,
    agency_staff: false,
    ...NO_ONE_STOP,
  },
  refuse_extension: {
    admin: true,
    office_leader: true,
    office_specialist: false,
    agency_leader: false,
    agency_staff: false,
    ...NO_ONE_STOP,
  },
  stop: {
    admin: true,
    office_leader: true,
    office_specialist: false,
    agency_leader: false,
    agency_staff: false,
    ...NO_ONE_STOP,
  },
};

const who = (role: Role, agencyCode: string | null): Principal => ({
  id: 'u',
  username: role,
  displayName: role,
  roles: [role],
  agencyCode,
  mustChangePassword: false,
});

test('role × transition matrix', () => {
  assert.deepEqual(Object.keys(MATRIX).sort(), TASK_TRANSITIONS.map((t) => t.action).sort());
  for (const t of TASK_TRANSITIONS) {
    for (const role of ROLES) {
      const agency = role.startsWith('agency') ? 'SNNPTNT' : 'VP';
      assert.equal(
        mayTake(who(role, agency), t, { leadAgencyCode: 'SNNPTNT' }),
        MATRIX[t.action]![role],
        `${role} ${t.action}`,
      );
    }
  }
});

test('agency users act only on tasks their agency leads', () => {
  for (const t of TASK_TRANSITIONS.filter((x) => x.scope === 'lead_agency')) {
    assert.equal(mayTake(who('agency_staff', 'STC'), t, { leadAgencyCode: 'SNNPTNT' }), false, t.action);
    assert.equal(mayTake(who('agency_leader', null), t, { leadAgencyCode: 'SNNPTNT' }), false, t.action);
  }
});

const base = { assignedDate: '2023-03-01', deadline: '2023-03-10', leadAgencyCode: 'A' };
const ev = (type: FoldEvent['type'], occurredOn: string, deadline?: string): FoldEvent => ({
  type,
  occurredOn,
  data: deadline ? { deadline } : null,
});

test('fold: full lifecycle with a return and an extension', () => {
  const s = foldTask(base, [
    ev('received', '2023-03-02'),
    ev('extension_requested', '2023-03-05', '2023-03-20'),
    ev('extension_approved', '2023-03-06'),
    ev('reported_done', '2023-03-15'),
    ev('returned', '2023-03-16'),
    ev('reported_done', '2023-03-25'),
    ev('confirmed_done', '2023-03-26'),
  ]);
  assert.deepEqual(s, {
    status: 'completed',
    deadline: '2023-03-20',
    extensionRequested: false,
    pendingExtension: null,
    reportDate: '2023-03-25',
    finishDate: '2023-03-25',
    leadAgencyCode: 'A',
  });
});

test('fold: illegal sequences are refused with the index of the event', () => {
  const cases: [FoldEvent[], string, number][] = [
    [[ev('reported_done', '2023-03-02')], 'invalid_transition', 0],
    [[ev('received', '2023-03-02'), ev('received', '2023-03-03')], 'invalid_transition', 1],
    [[ev('received', '2023-03-02'), ev('confirmed_done', '2023-03-03')], 'invalid_transition', 1],
    [[ev('extension_refused', '2023-03-02')], 'no_pending_extension', 0],
    [[ev('extension_approved', '2023-03-02')], 'deadline_required', 0],
    [[ev('received', '2023-02-28')], 'event_before_assignment', 0],
    [[ev('received', '2023-03-05'), ev('reported_done', '2023-03-04')], 'event_order', 1],
    [[ev('stopped', '2023-03-05'), ev('received', '2023-03-06')], 'invalid_transition', 1],
  ];
  for (const [events, code, index] of cases) {
    assert.throws(
      () => foldTask(base, events),
      (e: unknown) => e instanceof TransitionError && e.code === code && e.index === index,
      `${code} @${index}`,
    );
  }
});

test('projection: one interval per distinct event date, last state of the day', () => {
  const iv = stateIntervals(base, [
    ev('received', '2023-03-02'),
    ev('reported_done', '2023-03-02'),
    ev('confirmed_done', '2023-03-04'),
  ]);
  assert.deepEqual(
    iv.map((i) => [i.validFrom, i.validTo, i.status]),
    [
      ['2023-03-01', '2023-03-02', 'awaiting_receipt'],
      ['2023-03-02', '2023-03-04', 'awaiting_closure'],
      ['2023-03-04', 'infinity', 'completed'],
    ],
  );
});

test('timeliness rule (REFERENCE §1) on edge dates', () => {
  const open = (status: TaskStatus, deadline: string | null) => ({ status, deadline, finishDate: null });
  assert.equal(timelinessAt(open('in_progress', '2023-03-12'), '2023-03-12'), 'on_time'); // on the deadline day
  assert.equal(timelinessAt(open('in_progress', '2023-03-12'), '2023-03-13'), 'overdue'); // Sunday deadline: no roll-over
  assert.equal(timelinessAt(open('awaiting_receipt', null), '2030-01-01'), 'no_deadline');
  const done = (status: TaskStatus, finishDate: string) => ({ status, deadline: '2023-03-10', finishDate });
  assert.equal(timelinessAt(done('completed', '2023-03-10'), '2030-01-01'), 'on_time');
  assert.equal(timelinessAt(done('completed', '2023-03-11'), '2023-03-11'), 'overdue');
  assert.equal(timelinessAt(done('awaiting_closure', '2023-03-11'), '2023-03-11'), 'overdue');
  assert.equal(timelinessAt(done('stopped', '2023-03-09'), '2023-04-01'), 'on_time');
  assert.equal(timelinessAt(done('stopped', '2023-03-20'), '2023-04-01'), 'overdue');
});

test("'urged' (an urging letter named the task) is an event, not an action, and changes nothing", () => {
  assert.ok(TASK_EVENT_TYPES.includes('urged'));
  assert.equal(transitionFor('urged'), undefined, 'no action appends it: only an issued urging letter');
  const history = [ev('received', '2023-03-02'), ev('urged', '2023-03-12'), ev('urged', '2023-03-12')];
  const s = foldTask(base, history);
  assert.deepEqual(s, foldTask(base, [ev('received', '2023-03-02')]));
  // in any state, even a finished one (a letter issued the day the task was closed)
  assert.equal(
    foldTask(base, [
      ev('received', '2023-03-02'),
      ev('reported_done', '2023-03-05'),
      ev('confirmed_done', '2023-03-06'),
      ev('urged', '2023-03-06'),
    ]).status,
    'completed',
  );
  // the projection splits on its date but keeps the state
  const iv = stateIntervals(base, history);
  assert.deepEqual(
    iv.map((i) => [i.validFrom, i.status]),
    [
      ['2023-03-01', 'awaiting_receipt'],
      ['2023-03-02', 'in_progress'],
      ['2023-03-12', 'in_progress'],
    ],
  );
});
