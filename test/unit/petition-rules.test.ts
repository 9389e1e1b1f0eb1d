/**
 * The petition state machine as DATA (src/modules/petitions/rules.ts): every action's from-states, target
 * and roles against an explicit table, structural checks (reachability, terminal states, resolved ≠
 * closed), and the role × action × scope matrix through `mayTakeAction` (petition_handler only on what
 * its agency holds; reception roles everything; office_leader nothing; admin everything).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, type Principal, type Role } from '../../src/kernel/auth/roles.ts';
import {
  ELIGIBILITY_REASONS,
  KINDS,
  OPEN_STATUSES,
  PETITION_STATUSES,
  PETITION_TRANSITIONS,
  transitionFor,
} from '../../src/modules/petitions/rules.ts';
import { canSeePetition, mayTakeAction } from '../../src/modules/petitions/service.ts';

const O = 'reception_officer';
const L = 'reception_leader';
const H = 'petition_handler';

/** action → [from, to, roles] */
const EXPECTED: Record<string, [string[], string, string[]]> = {
  set_eligibility: [['received', 'forwarded'], 'same', [O, L, H]],
  classify: [['received'], 'same', [O, L, H]],
  split: [['received'], 'split', [O, L, H]],
  confirm_duplicate: [['received'], 'same', [O, L, H]],
  accept: [['received', 'forwarded'], 'accepted', [O, L, H]],
  forward: [['received', 'accepted'], 'forwarded', [O, L, H]],
  guide: [['received'], 'guided', [O, L, H]],
  return: [['received'], 'returned', [O, L, H]],
  file: [['received'], 'filed', [O, L, H]],
  urge: [['forwarded', 'accepted'], 'same', [O, L]],
  record_result: [['accepted', 'forwarded'], 'resolved', [O, L, H]],
  extend: [['accepted'], 'same', [L, H]],
  withdraw: [['received', 'accepted', 'forwarded'], 'withdrawn', [O, L, H]],
  reopen: [['resolved', 'closed'], 'received', [O, L, H]],
  close: [['resolved', 'forwarded', 'guided', 'returned', 'filed'], 'closed', [L, H]],
};

test('every action: from-states, target and roles as in the table (and no other action)', () => {
  assert.deepEqual(PETITION_TRANSITIONS.map((t) => t.action).sort(), Object.keys(EXPECTED).sort());
  for (const t of PETITION_TRANSITIONS) {
    const [from, to, roles] = EXPECTED[t.action]!;
    assert.deepEqual([...t.from].sort(), [...from].sort(), `${t.action}.from`);
    assert.equal(t.to, to, `${t.action}.to`);
    assert.deepEqual([...t.roles].sort(), [...roles].sort(), `${t.action}.roles`);
    assert.ok(
      t.legalBasis.length > 5 && t.label.vi && t.label.en,
      `${t.action} has labels and a legal basis`,
    );
    for (const s of t.from) assert.ok((PETITION_STATUSES as readonly string[]).includes(s));
    for (const k of t.kinds) assert.ok((KINDS as readonly string[]).includes(k));
  }
  assert.equal(transitionFor('nope'), undefined);
  // kinds as data
  assert.deepEqual(transitionFor('split')!.kinds, ['mixed']);
  assert.deepEqual(transitionFor('extend')!.kinds, ['denunciation']);
  assert.deepEqual(transitionFor('reopen')!.kinds, ['complaint']);
  assert.ok(!transitionFor('accept')!.kinds.includes('mixed'), 'a mixed petition is split before acceptance');
});

test('structure: every status is reachable from received; resolved and closed are different; split is final', () => {
  const reach = new Set<string>(['received']);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of PETITION_TRANSITIONS)
      if (t.to !== 'same' && t.from.some((f) => reach.has(f)) && !reach.has(t.to)) {
        reach.add(t.to);
        grew = true;
      }
  }
  assert.deepEqual([...reach].sort(), [...PETITION_STATUSES].sort());
  const out = (s: string) => PETITION_TRANSITIONS.filter((t) => t.from.includes(s as never));
  assert.deepEqual(out('split'), [], 'an original split petition takes no action');
  assert.deepEqual(out('withdrawn'), []);
  assert.ok(
    out('resolved').some((t) => t.to === 'closed'),
    'resolved → closed is a separate step',
  );
  assert.ok(!transitionFor('close')!.from.includes('closed'));
  assert.ok(transitionFor('close')!.from.includes('forwarded'), 'a case can be closed without a result');
  assert.deepEqual([...OPEN_STATUSES].sort(), ['accepted', 'forwarded', 'received']);
  assert.deepEqual(
    ELIGIBILITY_REASONS.map((r) => r.code),
    [
      'unsigned',
      'anonymous',
      'no_content',
      'already_settled',
      'time_barred',
      'not_competent',
      'duplicate',
      'before_court',
      'no_personal_interest',
      'invalid_representative',
      'second_level_exists',
      'other',
    ],
  );
  for (const r of ELIGIBILITY_REASONS) assert.ok(r.label.vi && r.label.en && r.source, r.code);
});

const principal = (role: Role, agencyCode: string | null): Principal => ({
  id: '00000000-0000-4000-8000-000000000001',
  username: role,
  displayName: role,
  roles: [role],
  agencyCode,
  mustChangePassword: false,
});

test('role × action matrix with scope: own agency for petition_handler, all for reception roles and admin', () => {
  const held = { handlingAgencyCode: 'STP' };
  for (const role of ROLES) {
    for (const t of PETITION_TRANSITIONS) {
      const own = mayTakeAction(principal(role, 'STP'), t, held);
      const other = mayTakeAction(principal(role, 'SCT'), t, held);
      const expected = role === 'admin' || t.roles.includes(role);
      assert.equal(own, expected, `${role} × ${t.action} (own agency)`);
      const expectedOther = role === 'admin' || (t.roles.includes(role) && role !== H);
      assert.equal(other, expectedOther, `${role} × ${t.action} (another agency)`);
    }
  }
  // a handler without an agency acts on nothing
  assert.equal(
    mayTakeAction(principal(H, null), transitionFor('accept')!, { handlingAgencyCode: null }),
    false,
  );
  // reading
  const sees = (role: Role, agency: string | null) => canSeePetition(principal(role, agency), held);
  assert.deepEqual(ROLES.filter((r) => sees(r, 'SCT')).sort(), [
    'admin',
    'office_leader',
    'reception_leader',
    'reception_officer',
  ]);
  assert.equal(sees(H, 'STP'), true);
  assert.equal(sees(H, 'SCT'), false);
  assert.equal(sees('agency_leader', 'STP'), false, 'agency roles do not read petitions');
});
