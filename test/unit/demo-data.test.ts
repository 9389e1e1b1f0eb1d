/**
 * Demo data of Quảng Ngãi: agencies, documents and the task ledger.
 *
 * The timeliness rule is re-implemented here on purpose (REFERENCE §1, as stated in the demo-data brief),
 * independently of the task engine: the ledger must reproduce the seed report's table from its dates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAgencies, type AgencySeed } from '../../src/kernel/org/demo-agencies.ts';
import { demoDocuments, type DocumentSeed } from '../../src/kernel/documents/demo-documents.ts';
import { demoTaskLedger, type TaskImportItem } from '../../src/modules/tasks/demo-ledger.ts';

const T = '2022-09-15';
const FROM = '2021-11-12';

const agencies = demoAgencies();
const documents = demoDocuments();
const ledger = demoTaskLedger();
const agencyByCode = new Map(agencies.map((a) => [a.code, a]));

// ---- small date helpers (independent of the modules under test) ----

function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Calendar date (Asia/Ho_Chi_Minh, UTC+7) of an event's `at`: a date, or an ISO datetime with an offset. */
function localDate(at: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) {
    assert.ok(isValidDate(at), `invalid date ${at}`);
    return at;
  }
  assert.match(
    at,
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
    `bad datetime ${at}`,
  );
  const ms = Date.parse(at);
  assert.ok(!Number.isNaN(ms), `bad datetime ${at}`);
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const isValidOn = (a: AgencySeed, date: string) =>
  a.validFrom <= date && (a.validTo === null || date <= a.validTo);

// ---- reference implementation: state machine and timeliness as of T ----

type Status = 'awaiting_receipt' | 'in_progress' | 'awaiting_closure' | 'completed' | 'stopped';
type Cell = 'on_time' | 'overdue' | 'no_deadline';
const OPEN: ReadonlySet<Status> = new Set(['awaiting_receipt', 'in_progress', 'awaiting_closure']);

interface Replay {
  status: Status;
  deadline: string | null;
  lastReport: string | null;
  stopDate: string | null;
  /** Status and deadline in force just before each event (for the edge-case checks). */
  before: { status: Status; deadline: string | null }[];
}

/** Applies the events dated ≤ asOf, in order; throws (assert) on an illegal transition. */
function replay(task: TaskImportItem, asOf: string): Replay {
  let status: Status = 'awaiting_receipt';
  let deadline = task.deadline;
  let lastReport: string | null = null;
  let stopDate: string | null = null;
  let pendingExtension = false;
  const before: Replay['before'] = [];
  for (const e of task.events) {
    const d = localDate(e.at);
    if (d > asOf) continue;
    before.push({ status, deadline });
    const where: string = `${task.ref} ${e.type} ${e.at} in ${status}`;
    switch (e.type) {
      case 'received':
        assert.equal(status, 'awaiting_receipt', where);
        status = 'in_progress';
        break;
      case 'reported_done':
        assert.equal(status, 'in_progress', where);
        status = 'awaiting_closure';
        lastReport = d;
        break;
      case 'returned':
        assert.equal(status, 'awaiting_closure', where);
        status = 'in_progress';
        break;
      case 'confirmed_done':
        assert.equal(status, 'awaiting_closure', where);
        status = 'completed';
        break;
      case 'extension_requested':
        assert.ok(OPEN.has(status), where);
        assert.ok(!pendingExtension, `${where}: a request is already pending`);
        pendingExtension = true;
        break;
      case 'extension_approved':
        assert.ok(OPEN.has(status), where);
        assert.ok(pendingExtension, `${where}: no pending request`);
        assert.ok(e.deadline && isValidDate(e.deadline), `${where}: new deadline`);
        assert.ok(deadline === null || e.deadline > deadline, `${where}: the new deadline must be later`);
        pendingExtension = false;
        deadline = e.deadline;
        break;
      case 'extension_refused':
        assert.ok(OPEN.has(status), where);
        assert.ok(pendingExtension, `${where}: no pending request`);
        pendingExtension = false;
        break;
      case 'stopped':
        assert.ok(OPEN.has(status), where);
        status = 'stopped';
        stopDate = d;
        break;
      default:
        assert.fail(`${task.ref}: unknown event type ${(e as { type: string }).type}`);
    }
  }
  return { status, deadline, lastReport, stopDate, before };
}

function classify(task: TaskImportItem, asOf: string): { status: Status; cell: Cell } {
  const r = replay(task, asOf);
  if (r.deadline === null) return { status: r.status, cell: 'no_deadline' };
  const dl = r.deadline;
  switch (r.status) {
    case 'awaiting_receipt':
    case 'in_progress':
      return { status: r.status, cell: asOf > dl ? 'overdue' : 'on_time' };
    case 'awaiting_closure':
    case 'completed':
      assert.ok(r.lastReport, task.ref);
      return { status: r.status, cell: r.lastReport <= dl ? 'on_time' : 'overdue' };
    case 'stopped':
      assert.ok(r.stopDate, task.ref);
      return { status: r.status, cell: r.stopDate <= dl ? 'on_time' : 'overdue' };
  }
}

function table(items: TaskImportItem[], from: string, asOf: string) {
  const t: Record<Status, Record<Cell, number>> = {
    awaiting_receipt: { on_time: 0, overdue: 0, no_deadline: 0 },
    in_progress: { on_time: 0, overdue: 0, no_deadline: 0 },
    completed: { on_time: 0, overdue: 0, no_deadline: 0 },
    awaiting_closure: { on_time: 0, overdue: 0, no_deadline: 0 },
    stopped: { on_time: 0, overdue: 0, no_deadline: 0 },
  };
  let total = 0;
  for (const task of items) {
    if (task.assignedAt < from || task.assignedAt > asOf) continue;
    const { status, cell } = classify(task, asOf);
    t[status][cell]++;
    total++;
  }
  return { total, ...t };
}

// ---- NFC ----

function assertNfc(s: string, where: string) {
  assert.equal(s, s.normalize('NFC'), `${where} is not NFC: ${s}`);
}

// =================================================================================================

test('agencies: codes unique and ASCII, names NFC, parents and successors exist', () => {
  assert.equal(agencyByCode.size, agencies.length, 'agency codes must be unique');
  for (const a of agencies) {
    assert.match(a.code, /^[A-Za-z0-9-]+$/, a.code);
    assertNfc(a.name, `name of ${a.code}`);
    assert.ok(a.name.length > 0 && a.nameEn.length > 0, a.code);
    assert.ok(isValidDate(a.validFrom), `${a.code} validFrom`);
    assert.ok(
      a.validTo === null || (isValidDate(a.validTo) && a.validTo >= a.validFrom),
      `${a.code} validTo`,
    );
    if (a.parent !== null) assert.ok(agencyByCode.has(a.parent), `${a.code}: parent ${a.parent}`);
    for (const s of a.successors) {
      const succ = agencyByCode.get(s.code);
      assert.ok(succ, `${a.code}: successor ${s.code} missing`);
      assert.ok(a.validTo, `${a.code} has successors but no validTo`);
      assert.equal(s.date, addDays(a.validTo, 1), `${a.code} → ${s.code}: first day of the successor`);
      assert.ok(isValidOn(succ, s.date), `${s.code} not valid on ${s.date}`);
    }
  }
});

test('agencies: the committee, its leaders, the Office and its 8 units', () => {
  const kind = (k: AgencySeed['kind']) => agencies.filter((a) => a.kind === k);
  assert.deepEqual(
    kind('committee').map((a) => a.code),
    ['UBND'],
  );
  assert.deepEqual(
    kind('chairman').map((a) => a.code),
    ['CT'],
  );
  assert.equal(kind('vice_chairman').length, 3);
  assert.ok(kind('vice_chairman').every((a) => a.demo === true && a.parent === 'UBND'));
  assert.equal(agencyByCode.get('VP')?.kind, 'department');
  const units = kind('office_unit');
  assert.equal(units.length, 8);
  assert.ok(units.every((u) => u.parent === 'VP'));
  for (const c of ['VP-HCQT', 'VP-KTTH', 'VP-NC', 'VP-TTHC', 'VP-BTCD']) assert.ok(agencyByCode.has(c), c);
  for (const c of [
    'SNV',
    'SNNPTNT',
    'STNMT',
    'SGTVT',
    'STP',
    'SGDDT',
    'STTTT',
    'SKHCN',
    'SLDTBXH',
    'SVHTTDL',
    'SKHDT',
    'STC',
    'SYT',
    'SCT',
    'SXD',
    'TTT',
    'BDT',
    'BQLKKT',
  ]) {
    const a = agencyByCode.get(c);
    assert.ok(a && isValidOn(a, '2022-01-01'), `${c} valid in 2022`);
  }
});

test('agencies: 2025 department mergers', () => {
  const expect: [string, string][] = [
    ['SNNPTNT', 'SNNMT'],
    ['STNMT', 'SNNMT'],
    ['SKHDT', 'STC-2025'],
    ['STC', 'STC-2025'],
    ['SGTVT', 'SXD-2025'],
    ['SXD', 'SXD-2025'],
    ['STTTT', 'SKHCN-2025'],
    ['SKHCN', 'SKHCN-2025'],
    ['SLDTBXH', 'SNV-2025'],
    ['SNV', 'SNV-2025'],
    ['BDT', 'SDTTG'],
  ];
  for (const [from, to] of expect) {
    const a = agencyByCode.get(from)!;
    assert.equal(a.validTo, '2025-02-28', from);
    assert.ok(
      a.successors.some((s) => s.code === to && s.date === '2025-03-01'),
      `${from} → ${to}`,
    );
    assert.equal(agencyByCode.get(to)?.validFrom, '2025-03-01', to);
  }
  assert.equal(agencyByCode.get('SNNMT')?.name, 'Sở Nông nghiệp và Môi trường');
});

test('agencies: 13 districts, 170 old communes, 96 units of 2025 and their links', () => {
  const districts = agencies.filter((a) => a.kind === 'district');
  assert.equal(districts.length, 13);
  assert.deepEqual(districts.map((d) => d.code).sort(), [
    '522',
    '524',
    '525',
    '527',
    '528',
    '529',
    '530',
    '531',
    '532',
    '533',
    '534',
    '535',
    '536',
  ]);
  assert.ok(districts.every((d) => d.validTo === '2025-06-30' && d.successors.length > 0));
  assert.ok(
    districts.every((d) =>
      d.successors.every((s) => s.kind === 'split' || (d.code === '536' && s.kind === 'rename')),
    ),
  );

  const oldCommunes = agencies.filter((a) => a.kind === 'commune' && a.validTo === '2025-06-30');
  assert.equal(oldCommunes.length, 170);
  for (const c of oldCommunes) {
    assert.match(c.code, /^\d{5}$/, c.code);
    assert.equal(agencyByCode.get(c.parent!)?.kind, 'district', `${c.code} parent`);
    assert.ok(c.successors.length >= 1, `${c.code} successors`);
  }
  const newUnits = agencies.filter((a) => a.kind === 'commune' && a.validFrom === '2025-07-01');
  assert.equal(newUnits.length, 96);
  assert.ok(newUnits.every((u) => u.validTo === null));
  assert.equal(newUnits.filter((u) => u.name.startsWith('Phường ')).length, 9);
  assert.equal(newUnits.filter((u) => u.name.startsWith('Đặc khu ')).length, 1);

  // Only Trà Bùi (21142) split; Ba Xa kept alone (rename); Huyện Lý Sơn became Đặc khu Lý Sơn.
  const split = oldCommunes.filter((c) => c.successors.some((s) => s.kind === 'split'));
  assert.deepEqual(
    split.map((c) => c.code),
    ['21142'],
  );
  assert.deepEqual(
    agencyByCode
      .get('21142')!
      .successors.map((s) => s.code)
      .sort(),
    ['21136-2025', '21157-2025'],
  );
  assert.deepEqual(agencyByCode.get('21538')!.successors, [
    { code: '21538-2025', kind: 'rename', date: '2025-07-01' },
  ]);
  assert.equal(agencyByCode.get('21548-2025')?.name, 'Đặc khu Lý Sơn');
  assert.deepEqual(
    agencyByCode.get('536')!.successors.map((s) => s.code),
    ['21548-2025'],
  );
  // Every successor link of a commune points to a 2025 unit; 56 of the 96 came from old Quảng Ngãi.
  const targets = new Set([...oldCommunes, ...districts].flatMap((c) => c.successors.map((s) => s.code)));
  assert.ok([...targets].every((c) => agencyByCode.get(c)?.validFrom === '2025-07-01'));
  assert.equal(targets.size, 56);
  // A district's links are exactly the union of its communes' links.
  for (const d of districts) {
    if (d.code === '536') continue;
    const fromCommunes = new Set(
      oldCommunes.filter((c) => c.parent === d.code).flatMap((c) => c.successors.map((s) => s.code)),
    );
    assert.deepEqual(new Set(d.successors.map((s) => s.code)), fromCommunes, d.code);
  }
});

test('agencies: deterministic', () => {
  assert.deepEqual(demoAgencies(), demoAgencies());
});

// =================================================================================================

const SEED_DOCUMENTS: [string, string][] = [
  ['1100/QĐ-UBND', '12/11/2021'],
  ['626/SNV-XDCQ', '25/4/2022'],
  ['923/SNV-XDCQ', '09/6/2022'],
  ['1472/SNV-XDCQ', '09/9/2022'],
  ['140/QĐ-UBND', '28/01/2022'],
  ['21/KH-UBND', '28/01/2022'],
  ['28/KH-UBND', '21/02/2021'],
  ['30/KH-UBND', '23/02/2022'],
  ['810/KH-VP', '17/5/2022'],
  ['2152/KH-VP', '29/12/2021'],
  ['2153/KH-VP', '31/12/2021'],
  ['2154/KH-VP', '29/12/2021'],
  ['2156/KH-VP', '30/12/2021'],
  ['181/KH-VP', '28/01/2022'],
  ['193/KH-VP', '28/01/2022'],
  ['177/KH-VP', '27/01/2022'],
  ['337/KH-VP', '04/3/2022'],
  ['495/KH-VP', '29/3/2022'],
  ['347/KH-VP', '08/3/2022'],
  ['394/KH-VP', '15/3/2022'],
  ['718/KH-VP', '06/5/2022'],
  ['732/KH-VP', '06/5/2022'],
  ['1229/KH-VP', '20/7/2022'],
  ['1247/KH-VP', '22/7/2022'],
  ['02/QĐ-VP', '04/01/2022'],
  ['07/QĐ-VP', '11/01/2022'],
  ['54/QĐ-VP', '17/5/2022'],
  ['55/QĐ-VP', '18/5/2022'],
  ['248/QĐ-VP', '29/12/2021'],
  ['264/QĐ-VP', '31/12/2021'],
  ['265/QĐ-VP', '31/12/2021'],
  ['31/QĐ-VP', '31/4/2019'],
  ['81/QĐ-VP', '06/9/2016'],
  ['123/VP-HCQT', '18/01/2022'],
  ['279/VP-HCQT', '23/02/2022'],
  ['294/VP-HCQT', '25/02/2022'],
  ['348/VP-HCQT', '08/3/2022'],
  ['1132/VP-HCQT', '30/6/2022'],
  ['496/VP-TTHC', '30/3/2022'],
  ['1458/TTr-VP', '24/8/2022'],
  ['852/TTr-VP', '24/5/2022'],
  ['499/BC-VP', '30/3/2022'],
  ['5614/BNV-VTLTNN', '09/11/2021'],
  ['26/2015/NĐ-CP', '09/3/2015'],
  ['04/2015/NĐ-CP', '09/01/2015'],
  ['55/2021/QĐ-UBND', '15/10/2021'],
  ['48/2021/QĐ-UBND', '22/9/2021'],
  ['306-QĐ/TU', '25/5/2016'],
  ['869-CV/TU', '18/02/2022'],
  ['3340/UBND-NC', '08/7/2022'],
  ['1640/QĐ-UBND', '12/9/2016'],
  ['730/QĐ-UBND', '14/5/2018'],
];

const docKey = (d: { numberSymbol: string; date: string | null }) => `${d.numberSymbol}@${d.date}`;
const docByKey = new Map(documents.map((d) => [docKey(d), d]));

test('documents: every document the seed cites, dated as written', () => {
  for (const [n, written] of SEED_DOCUMENTS) {
    const d = documents.find((x) => x.numberSymbol === n && x.dateAsWritten === written);
    assert.ok(d, `${n} ${written} missing`);
  }
  const q31 = documents.find((d) => d.numberSymbol === '31/QĐ-VP')!;
  assert.equal(q31.date, null);
  assert.equal(q31.citation, true);
  assert.ok(q31.note);
  const k28 = documents.find((d) => d.numberSymbol === '28/KH-UBND')!;
  assert.equal(k28.citation, true);
  assert.ok(k28.note);
  const q1100 = documents.find((d) => d.numberSymbol === '1100/QĐ-UBND')!;
  assert.deepEqual([q1100.date, q1100.citation, q1100.issuerCode], ['2021-11-12', false, 'UBND']);
  const cv3340 = documents.find((d) => d.numberSymbol === '3340/UBND-NC')!;
  assert.deepEqual([cv3340.date, cv3340.citation, cv3340.issuerCode], ['2022-07-08', false, 'CT']);
  for (const d of documents.filter((x) => x.issuerCode === null))
    assert.equal(d.citation, true, d.numberSymbol);
});

test('documents: fields well-formed, NFC, issuers exist', () => {
  assert.equal(docByKey.size, documents.length, 'number + date unique');
  for (const d of documents) {
    assertNfc(d.summary, `summary of ${d.numberSymbol}`);
    assertNfc(d.issuerName, `issuer of ${d.numberSymbol}`);
    assertNfc(d.numberSymbol, d.numberSymbol);
    if (d.note) assertNfc(d.note, `note of ${d.numberSymbol}`);
    assert.ok(d.summary.length > 10, d.numberSymbol);
    assert.ok(d.date === null || isValidDate(d.date), d.numberSymbol);
    if (d.date === null) assert.equal(d.citation, true, `${d.numberSymbol}: no date → citation`);
    if (d.issuerCode !== null) assert.ok(agencyByCode.has(d.issuerCode), `${d.numberSymbol} issuer`);
    if (d.date) {
      const [dd, mm, yyyy] = d.dateAsWritten.split('/').map(Number);
      assert.equal(
        `${yyyy}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`,
        d.date,
        d.numberSymbol,
      );
    }
  }
});

/** Number series of our own documents: 'QĐ-UBND', 'KH-UBND', …; every letter 'N/UBND-XX' shares 'CV-UBND'. */
function series(d: DocumentSeed): { n: number; series: string } {
  const m = /^(\d+)\/(.+)$/.exec(d.numberSymbol);
  assert.ok(m, d.numberSymbol);
  const rest = m[2]!;
  return { n: Number(m[1]), series: rest.startsWith('UBND-') ? 'CV-UBND' : rest };
}

test('documents: our directive documents — valid dates in the window, numbers increase within each series', () => {
  const ours = documents.filter((d) => !d.citation);
  assert.ok(ours.length >= 40 && ours.length <= 60, `${ours.length} directive documents`);
  for (const d of ours) {
    assert.ok(d.date && d.date >= FROM && d.date <= T, `${d.numberSymbol} dated ${d.date}`);
    assert.ok(
      d.issuerCode === 'UBND' ||
        d.issuerCode === 'CT' ||
        agencyByCode.get(d.issuerCode ?? '')?.kind === 'vice_chairman',
      `${d.numberSymbol} issuer ${d.issuerCode}`,
    );
    const n = d.numberSymbol.split('/')[0]!;
    assert.ok(Number(n) >= 10 || n.length === 2, `${d.numberSymbol}: numbers below 10 are written 01–09`);
  }
  const groups = new Map<string, { n: number; date: string; sym: string }[]>();
  for (const d of ours) {
    const s = series(d);
    const k = `${s.series}/${d.date!.slice(0, 4)}`;
    groups.set(k, [...(groups.get(k) ?? []), { n: s.n, date: d.date!, sym: d.numberSymbol }]);
  }
  for (const [k, list] of groups) {
    list.sort((a, b) => a.n - b.n);
    for (let i = 1; i < list.length; i++) {
      assert.ok(list[i]!.n > list[i - 1]!.n, `${k}: duplicate number ${list[i]!.sym}`);
      assert.ok(list[i]!.date >= list[i - 1]!.date, `${k}: ${list[i]!.sym} dated before ${list[i - 1]!.sym}`);
    }
  }
});

test('documents: deterministic', () => {
  assert.deepEqual(demoDocuments(), demoDocuments());
});

// =================================================================================================

test('ledger: the seed table as of 2022-09-15, from dates only', () => {
  const t = table(ledger, FROM, T);
  assert.deepEqual(t, {
    total: 244,
    awaiting_receipt: { on_time: 14, overdue: 63, no_deadline: 0 },
    in_progress: { on_time: 1, overdue: 14, no_deadline: 0 },
    completed: { on_time: 94, overdue: 26, no_deadline: 0 },
    awaiting_closure: { on_time: 0, overdue: 24, no_deadline: 0 },
    stopped: { on_time: 2, overdue: 3, no_deadline: 3 },
  });
  // The four rows of the seed add up to 236; the 8 others are stopped.
  assert.equal(77 + 15 + 120 + 24 + 8, t.total);
});

test('ledger: no task of the four seed rows lacks a deadline', () => {
  for (const task of ledger) {
    const { status } = classify(task, T);
    if (status !== 'stopped') assert.notEqual(task.deadline, null, task.ref);
  }
});

test('ledger: refs, documents, agencies', () => {
  assert.equal(ledger.length, 244);
  assert.equal(new Set(ledger.map((t) => t.ref)).size, ledger.length, 'refs unique');
  for (const t of ledger) {
    assert.match(t.ref, /^QNG-NV-2022-\d{4}$/);
    assertNfc(t.title, `title of ${t.ref}`);
    assert.ok(t.title.length > 15, t.ref);
    assert.ok(t.assignedAt >= FROM && t.assignedAt <= T, `${t.ref} assigned ${t.assignedAt}`);
    const d = docByKey.get(`${t.document.number}@${t.document.date}`);
    assert.ok(d, `${t.ref}: document ${t.document.number} of ${t.document.date} missing`);
    assert.equal(d.citation, false, `${t.ref}: assigned by a registered document`);
    assert.equal(t.assignedAt, t.document.date, t.ref);
    const expected =
      d.issuerCode === 'UBND' ? 'committee' : d.issuerCode === 'CT' ? 'chairman' : 'vice_chairman';
    assert.equal(t.assignedBy, expected, t.ref);
    assert.ok(
      t.deadline === null || (isValidDate(t.deadline) && t.deadline > t.assignedAt),
      `${t.ref} deadline`,
    );

    const lead = agencyByCode.get(t.leadAgency);
    assert.ok(lead, `${t.ref}: lead ${t.leadAgency}`);
    assert.ok(isValidOn(lead, t.assignedAt), `${t.ref}: ${t.leadAgency} not valid on ${t.assignedAt}`);
    assert.ok(
      ['department', 'board', 'district', 'commune'].includes(lead.kind),
      `${t.ref}: lead kind ${lead.kind}`,
    );
    assert.ok(!t.cooperatingAgencies.includes(t.leadAgency), t.ref);
    assert.equal(new Set(t.cooperatingAgencies).size, t.cooperatingAgencies.length, t.ref);
    for (const c of t.cooperatingAgencies) {
      const a = agencyByCode.get(c);
      assert.ok(a && isValidOn(a, t.assignedAt), `${t.ref}: cooperating ${c}`);
    }
    if (t.followUnit !== undefined) {
      const f = agencyByCode.get(t.followUnit);
      assert.ok(
        f && f.kind === 'office_unit' && isValidOn(f, t.assignedAt),
        `${t.ref}: follow unit ${t.followUnit}`,
      );
    }
  }
  const kinds = new Set(ledger.map((t) => agencyByCode.get(t.leadAgency)!.kind));
  for (const k of ['department', 'board', 'district', 'commune'])
    assert.ok(kinds.has(k as AgencySeed['kind']), k);
  assert.ok(ledger.some((t) => t.leadAgency === 'VP'));
});

test('ledger: every history is legal, dated between assignment and 2022-09-15, in order', () => {
  for (const t of ledger) {
    let prev = t.assignedAt;
    for (const e of t.events) {
      const d = localDate(e.at);
      assert.ok(d >= t.assignedAt, `${t.ref}: ${e.type} ${e.at} before assignment`);
      assert.ok(d <= T, `${t.ref}: ${e.type} ${e.at} after ${T}`);
      assert.ok(d >= prev, `${t.ref}: ${e.type} ${e.at} out of order`);
      prev = d;
      if (e.type === 'extension_approved') assert.ok(e.deadline, t.ref);
      else assert.equal(e.deadline, undefined, `${t.ref}: deadline only with extension_approved`);
      if (e.note) assertNfc(e.note, `${t.ref} note`);
    }
    replay(t, T); // asserts legality
    // Nothing happens after a final state.
    const last = replay(t, '9999-12-31');
    if (last.status === 'completed') assert.equal(t.events.at(-1)!.type, 'confirmed_done', t.ref);
    if (last.status === 'stopped') assert.equal(t.events.at(-1)!.type, 'stopped', t.ref);
  }
});

test('ledger: the seed tasks — 1100/QĐ-UBND and 3340/UBND-NC point 3', () => {
  const by1100 = ledger.filter((t) => t.document.number === '1100/QĐ-UBND');
  assert.ok(by1100.length > 0);
  const wg = ledger.find((t) => t.document.number === '3340/UBND-NC' && t.clause === 'điểm 3');
  assert.ok(wg);
  assert.equal(wg.leadAgency, 'VP');
  assert.equal(wg.document.date, '2022-07-08');
  assert.ok(OPEN.has(classify(wg, T).status), 'still open on 2022-09-15');
});

test('ledger: the edge cases are there', () => {
  const withReplay = ledger.map((t) => ({ t, r: replay(t, T), c: classify(t, T) }));
  // A report dated exactly on the deadline day, on time.
  assert.ok(
    withReplay.some(
      ({ r, c }) => r.lastReport !== null && r.lastReport === r.deadline && c.cell === 'on_time',
    ),
    'report on the deadline day',
  );
  // An extension approved after the task was already overdue.
  assert.ok(
    withReplay.some(({ t, r }) =>
      t.events.some(
        (e, i) =>
          e.type === 'extension_approved' &&
          r.before[i]?.deadline &&
          localDate(e.at) > r.before[i]!.deadline!,
      ),
    ),
    'extension approved after the deadline',
  );
  // Returned, then reported again late the second time (first report on time).
  assert.ok(
    withReplay.some(({ t, r }) => {
      const reports = t.events.filter((e) => e.type === 'reported_done').map((e) => localDate(e.at));
      return (
        t.events.some((e) => e.type === 'returned') &&
        reports.length >= 2 &&
        r.deadline !== null &&
        reports[0]! <= r.deadline &&
        reports.at(-1)! > r.deadline
      );
    }),
    'returned then late',
  );
  // A deadline on a Sunday.
  assert.ok(
    ledger.some((t) => t.deadline !== null && new Date(`${t.deadline}T00:00:00Z`).getUTCDay() === 0),
    'Sunday deadline',
  );
  // A report the day after a Sunday deadline is overdue (dates compared as dates).
  assert.ok(
    withReplay.some(
      ({ r, c }) =>
        r.deadline !== null &&
        new Date(`${r.deadline}T00:00:00Z`).getUTCDay() === 0 &&
        r.lastReport === addDays(r.deadline, 1) &&
        c.cell === 'overdue',
    ),
    'Monday report after a Sunday deadline',
  );
  // Several events on the same date.
  assert.ok(
    ledger.some((t) => new Set(t.events.map((e) => localDate(e.at))).size < t.events.length),
    'same-day events',
  );
  // An open task whose deadline is T itself is on time.
  assert.ok(
    withReplay.some(({ r, c }) => OPEN.has(c.status) && r.deadline === T && c.cell === 'on_time'),
    'deadline = T',
  );
  // Extensions refused, received late, times of day with an offset.
  assert.ok(ledger.some((t) => t.events.some((e) => e.type === 'extension_refused')));
  assert.ok(
    ledger.some((t) => {
      const rec = t.events.find((e) => e.type === 'received');
      return rec !== undefined && localDate(rec.at) > addDays(t.assignedAt, 7);
    }),
  );
  assert.ok(ledger.some((t) => t.events.some((e) => e.at.includes('T'))));
});

test('ledger: deterministic', () => {
  assert.deepEqual(demoTaskLedger(), demoTaskLedger());
});
