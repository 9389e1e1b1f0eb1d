/**
 * The denouncer's identity never leaks (issue 5 item 5; Luật Tố cáo 2018 Art 8 cl.3, Art 9 cl.1b, Art 56).
 *
 * A denunciation is seeded with unique identity strings (name, ID number, address, phone, e-mail), also
 * written into its content and into a staff note. Then, as EVERY role (admin without a grant included) and
 * anonymously, every GET route that the app registers under /api/petitions, /api/receptions,
 * /api/reports/petitions and /open311 — enumerated from fastify's route table, so routes added later are
 * scanned too — is called with its parameters filled in and a few query variants (search by the name and
 * the phone, report windows and every drill-down metric, letter drafts); every answer (JSON, text, DOCX/XLSX
 * unzipped) must hold none of the strings. The database rows that others read (event data and notes, audit
 * data, search keys) must not hold them either. With a grant, the identity endpoint shows them and an audit
 * row is written (entity `petition_identity`, actor, reason), without the identity.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { sql } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { createUser } from '../../src/kernel/auth/service.ts';
import { ROLES, type Role } from '../../src/kernel/auth/roles.ts';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/server/app.ts';

let t: TestApp;
const PASSWORD = 'P1-leak-scan-password!';
const clients = new Map<string, Client>();
/** one user per role; petition handler and agency roles in STP (the body that will hold the case) */
const USERS: { username: string; roles: Role[]; agency: string | null }[] = [
  ...ROLES.filter((r) => r !== 'admin').map((r) => ({
    username: `leak.${r}`,
    roles: [r],
    agency: r.startsWith('reception')
      ? 'VP-BTCD'
      : ['counter_staff', 'callcentre_staff', 'centre_leader'].includes(r)
        ? 'VP-TTHC'
        : r.startsWith('office')
          ? 'VP'
          : 'STP',
  })),
  { username: 'leak.handler.other', roles: ['petition_handler'], agency: 'SCT' },
];

const ID = {
  name: 'Lê Thị Zyxwvukq',
  idNumber: '079188776655',
  address: 'Thôn Xqzvhamlet, xã Tịnh Khê',
  phone: '0977123498',
  email: 'zyxwvukq@example.vn',
};
/** what must never appear (compared case- and diacritics-blind) */
const NEEDLES = ['zyxwvukq', '079188776655', '0977123498', '0977 123 498', 'xqzvhamlet'];
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
/** the phone's national number, also looked for with separators removed (+84 977 123 498, (097)7123498 …) */
const PHONE_DIGITS = '977123498';
const leaks = (text: string) => [
  ...NEEDLES.filter((n) => fold(text).includes(n)),
  ...(text.replace(/[\s.\-()+_\u200b]/g, '').includes(PHONE_DIGITS) ? [PHONE_DIGITS] : []),
  ...(/l[eê]\W+th[iị]\W+zyxw/i.test(fold(text)) ? ['le-thi-zyxw'] : []),
];

let petitionId = '';
let petitionCode = '';
let receptionId: string | null = null;

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.transaction(async (tx) => {
    for (const x of USERS)
      await createUser(tx, null, {
        username: x.username,
        displayName: `Cán bộ ${x.username}`,
        password: PASSWORD,
        roles: x.roles,
        agencyCode: x.agency,
      });
  });
  for (const x of USERS) clients.set(x.username, await t.login(x.username, PASSWORD));
  clients.set('admin', await t.login('admin'));
  const officer = clients.get('leak.reception_officer')!;
  // a reception session of the same denouncer (the register keeps visitors confidential too)
  const rec = await officer.post('/api/receptions', {
    receivedAt: '2026-03-02T08:30:00+07:00',
    kind: 'regular',
    visitors: [{ name: ID.name, idNumber: ID.idNumber, address: ID.address, phone: ID.phone }],
    headcount: 1,
    summary: 'Công dân đến tố cáo cán bộ địa chính.',
    classification: 'denunciation',
    outcome: 'accepted',
  });
  if (rec.status === 201) receptionId = (rec.body as { id: string }).id;
  const r = await officer.post('/api/petitions', {
    receivedAt: '2026-03-02T09:00:00+07:00',
    channel: 'in_person',
    kind: 'denunciation',
    signers: [ID],
    content: `Tôi là ${ID.name}, CCCD ${ID.idNumber}, ở thôn Xqzvhamlet, điện thoại 0977 123 498 (cũng là +84 977 123 498, 84977123498, (097)7123498, 0977.123.498; ký Lê-Thị-Zyxwvukq, lê.thị.zyxwvukq, Le_Thi_Zyxwvukq). Tôi tố cáo ông Trưởng phòng Tài nguyên và Môi trường huyện nhận tiền để hợp thức hóa đất lấn chiếm.`,
    respondent: 'Trưởng phòng Tài nguyên và Môi trường huyện',
    ...(receptionId ? { receptionId } : {}),
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual(leaks(JSON.stringify(r.body)), []);
  petitionId = r.body.id;
  petitionCode = r.body.code;
  const act = async (c: Client, action: string, body: Record<string, unknown> = {}) => {
    const d = await officer.get(`/api/petitions/${petitionId}`);
    const x = await c.post(`/api/petitions/${petitionId}/actions`, {
      action,
      version: d.body.version,
      ...body,
    });
    assert.equal(x.status, 200, `${action}: ${JSON.stringify(x.body)}`);
    assert.deepEqual(leaks(JSON.stringify(x.body)), [], `${action} answer`);
  };
  await act(officer, 'set_eligibility', {
    eligibility: 'ineligible',
    reason: 'not_competent',
    note: `Đã gọi lại cho ${ID.name} (số ${ID.phone}) để xác minh.`,
  });
  await act(officer, 'forward', { toAgencyCode: 'STP' });
  await act(officer, 'urge');
  // an issued urging letter (an export to another body), when the letters module is there
  // (issued by the board's leader — officers prepare drafts — with the version it read)
  const cur = await officer.get(`/api/petitions/${petitionId}`);
  const iss = await clients
    .get('leak.reception_leader')!
    .post(`/api/petitions/${petitionId}/letters/urging/issue`, { version: cur.body.version });
  if (iss.status !== 404) {
    assert.equal(iss.status, 201, JSON.stringify(iss.body));
    assert.deepEqual(leaks(JSON.stringify(iss.body)), [], 'issue answer');
  }
  // a look without a grant (logged, refused) and the audit view afterwards
  await clients
    .get('admin')!
    .get(`/api/petitions/${petitionId}/identity?reason=${encodeURIComponent('kiểm tra quét rò rỉ')}`);
});
after(() => t?.close());

/** Full paths of the routes fastify registered, with their methods (from `printRoutes`). */
function registeredRoutes(): { path: string; methods: string[] }[] {
  const text: string = (t.app as unknown as { printRoutes(o: object): string }).printRoutes({
    commonPrefix: false,
  });
  const out: { path: string; methods: string[] }[] = [];
  const stack: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    // params of several routes at one position print as "/:file|:kind": keep the first name
    stack.push(m[2]!.replace(/(:[A-Za-z]+)(?:\|:[A-Za-z]+)+/g, '$1'));
    if (m[3]) out.push({ path: stack.join(''), methods: m[3].split(',').map((x) => x.trim()) });
  }
  return out;
}

const SCANNED = [/^\/api\/petitions/, /^\/api\/receptions/, /^\/api\/reports\/petitions/, /^\/open311/];

async function bodyText(res: Response): Promise<string> {
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.subarray(0, 2).toString('latin1') === 'PK') {
    const zip = await JSZip.loadAsync(buf);
    const parts: string[] = [];
    for (const f of Object.values(zip.files)) if (!f.dir) parts.push(await f.async('string'));
    const xml = parts.join('\n');
    // text runs may split a word: scan the raw XML and the text with the tags removed
    return `${xml}\n${xml.replace(/<[^>]+>/g, '')}`;
  }
  return buf.toString('utf8');
}

async function metrics(): Promise<string[]> {
  try {
    const m = await import('../../src/modules/reports/petition-report.ts');
    return [...((m as { PETITION_METRICS?: readonly string[] }).PETITION_METRICS ?? [])];
  } catch {
    return [];
  }
}

/** The URLs to call for a route pattern. */
async function urlsFor(pattern: string): Promise<string[]> {
  const fill = (p: string, file: string) =>
    p
      .replace(':id', pattern.startsWith('/api/receptions') ? (receptionId ?? petitionId) : petitionId)
      .replace(':grantId', '00000000-0000-4000-8000-000000000000')
      .replace(':kind', 'forwarding')
      .replace(':file', file)
      .replace(/:[a-zA-Z]+/g, petitionId);
  const files = pattern.includes('/letters/')
    ? ['forwarding.docx', 'urging.docx']
    : pattern.startsWith('/open311')
      ? [`${petitionCode}.json`, `${petitionId}.json`, 'x.json']
      : ['x'];
  const bases = files.map((f) => fill(pattern, f));
  const qs = [''];
  const enc = encodeURIComponent;
  if (pattern === '/api/petitions' || pattern === '/api/receptions' || pattern.endsWith('requests.json'))
    qs.push(
      `?q=${enc('Zyxwvukq')}`,
      `?q=${enc('0977123498')}`,
      `?q=${enc('84977123498')}`,
      '?pageSize=500',
      `?q=${enc(petitionCode)}`,
    );
  if (pattern.endsWith('/identity')) qs.push(`?reason=${enc('quét rò rỉ danh tính')}`);
  if (pattern.includes('/letters/')) qs.push('?draft=1', '?draft=1&toAgencyCode=STP');
  if (pattern.startsWith('/api/reports/petitions')) {
    const w = 'from=2026-01-01&to=2026-12-31';
    qs.push(`?${w}`, `?${w}&asOf=2026-12-31`);
    if (pattern.endsWith('/items'))
      for (const m of await metrics()) qs.push(`?${w}&metric=${enc(m)}&pageSize=500`);
  }
  if (pattern.endsWith('leader-days')) qs.push('?month=2026-03');
  if (pattern.startsWith('/open311'))
    qs.push('?start_date=2026-01-01T00:00:00Z&end_date=2026-12-31T00:00:00Z');
  return bases.flatMap((b) => qs.map((q) => b + q));
}

async function scanAll(who: string, c: Client | null) {
  const routes = registeredRoutes().filter(
    (r) => SCANNED.some((re) => re.test(r.path)) && r.methods.includes('GET'),
  );
  let calls = 0;
  let ok = 0;
  for (const r of routes) {
    for (const url of await urlsFor(r.path)) {
      // one client address per call: the public routes' rate limit must not hide an answer
      const headers: Record<string, string> = { 'x-forwarded-for': `10.77.${calls >> 8}.${calls & 255}` };
      if (c?.cookie) headers.cookie = c.cookie;
      const res = await fetch(t.url + url, { headers });
      const text = await bodyText(res);
      calls++;
      if (res.status === 200) ok++;
      if (process.env.LEAK_DEBUG === who) console.log(res.status, url);
      assert.ok(res.status < 500, `${who} GET ${url} → ${res.status} ${text.slice(0, 200)}`);
      assert.deepEqual(leaks(text), [], `${who} GET ${url} (${res.status}) leaks: ${text.slice(0, 300)}`);
    }
  }
  return { routes: routes.length, calls, ok };
}

test('the routes scanned include the petition core, receptions, the report and Open311', () => {
  const paths = registeredRoutes().map((r) => r.path);
  for (const p of [
    '/api/petitions',
    '/api/petitions/:id',
    '/api/petitions/overdue',
    '/api/petitions/:id/identity',
    '/api/petitions/:id/identity-log',
  ])
    assert.ok(paths.includes(p), `${p} registered: ${paths.filter((x) => x.includes('petition')).join(' ')}`);
});

test('no role, admin included, sees the identity anywhere without a grant', async () => {
  const summary: string[] = [];
  for (const [who, c] of clients) {
    const s = await scanAll(who, c);
    summary.push(`${who}: ${s.ok}/${s.calls}`);
  }
  const anon = await scanAll('anonymous', null);
  summary.push(`anonymous: ${anon.ok}/${anon.calls}`);
  // the scan reached real answers: the reception board read the detail, the list and the report
  const officer = clients.get('leak.reception_officer')!;
  const d = await officer.get(`/api/petitions/${petitionId}`);
  assert.equal(d.status, 200);
  assert.equal(d.body.confidential, true);
  assert.ok(
    d.body.signers.every((x: { redacted: boolean; name: string | null }) => x.redacted && x.name === null),
  );
  assert.match(d.body.content, /\[đã ẩn danh tính\]/, 'identity cut out of the content');
  assert.match(d.body.content, /Trưởng phòng Tài nguyên/, 'the rest of the content stays');
  const l = await officer.get(`/api/petitions?q=${encodeURIComponent('zyxwvukq')}`);
  assert.equal(l.body.total, 0, 'search never matches an identity');
  for (const q of ['84977123498', '977 123 498', '+84977123498', 'Lê-Thị-Zyxwvukq', 'le thi zyxwvukq']) {
    const x = await officer.get(`/api/petitions?q=${encodeURIComponent(q)}`);
    assert.equal(x.body.total, 0, `search by ${q} never matches an identity`);
  }
  const l2 = await officer.get(`/api/petitions?q=${encodeURIComponent('hop thuc hoa dat lan chiem')}`);
  assert.ok(
    l2.body.items.some((x: { id: string }) => x.id === petitionId),
    'the content is searchable',
  );
  console.log(`identity-leak scan (200 answers / calls): ${summary.join('; ')}`);
});

test('the rows other modules read hold no identity (event data and notes, audit data, search keys)', async () => {
  const rows = await queryRows<{ t: string }>(
    t.database.db,
    sql`SELECT coalesce(data::text, '') || ' ' || coalesce(note, '') AS t FROM petition_events WHERE petition_id = ${petitionId}
        UNION ALL SELECT coalesce(data::text, '') || ' ' || coalesce(reason, '') FROM audit_events WHERE entity_id = ${petitionId}
        UNION ALL SELECT search_key || ' ' || coalesce(eligibility_note, '') || ' ' || coalesce(result::text, '') FROM petitions WHERE id = ${petitionId}
        UNION ALL SELECT coalesce(data::text, '') FROM audit_events WHERE entity_type = 'petition_identity'`,
  );
  assert.ok(rows.length >= 5);
  for (const r of rows) assert.deepEqual(leaks(r.t), [], r.t);
  const ids = await queryRows<{ confidential: boolean }>(
    t.database.db,
    sql`SELECT confidential FROM party_identities WHERE subject_type = 'petition' AND subject_id = ${petitionId}`,
  );
  assert.deepEqual(
    ids.map((x) => x.confidential),
    [true],
  );
});

test('with a grant the identity endpoint shows it, and every look is logged without the identity', async () => {
  const leader = clients.get('leak.reception_leader')!;
  const officer = clients.get('leak.reception_officer')!;
  const admin = clients.get('admin')!;
  const url = `/api/petitions/${petitionId}/identity?reason=${encodeURIComponent('xác minh theo yêu cầu của lãnh đạo')}`;
  // admin and the board leader: no grant → 403, logged
  for (const c of [admin, leader, officer]) {
    const r = await c.get(url);
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'identity_grant_required');
  }
  assert.equal(
    (await officer.get(`/api/petitions/${petitionId}/identity`)).status,
    400,
    'a reason is required',
  );
  // the petition handler of another agency cannot even see the case
  assert.equal((await clients.get('leak.handler.other')!.get(url)).status, 404);
  // only the board leader (or admin) grants
  const users = await queryRows<{ id: string; username: string }>(
    t.database.db,
    sql`SELECT id, username FROM users WHERE username IN ('leak.reception_officer', 'leak.petition_handler')`,
  );
  const officerId = users.find((u) => u.username === 'leak.reception_officer')!.id;
  const denied = await officer.post(`/api/petitions/${petitionId}/identity-grants`, {
    userId: officerId,
    reason: 'tự cấp quyền',
  });
  assert.equal(denied.status, 403);
  const g = await leader.post(`/api/petitions/${petitionId}/identity-grants`, {
    userId: officerId,
    reason: 'Xác minh nội dung tố cáo, cần liên hệ người tố cáo',
  });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const twice = await leader.post(`/api/petitions/${petitionId}/identity-grants`, {
    userId: officerId,
    reason: 'Cấp lần hai',
  });
  assert.equal(twice.status, 409);
  // admin may not grant itself
  const [adminRow] = await queryRows<{ id: string }>(
    t.database.db,
    sql`SELECT id FROM users WHERE username = 'admin'`,
  );
  const self = await admin.post(`/api/petitions/${petitionId}/identity-grants`, {
    userId: adminRow!.id,
    reason: 'Quản trị tự xem',
  });
  assert.equal(self.status, 403);
  // nor may the board leader, and a grant needs a grantee who may read the case (need to know)
  const more = await queryRows<{ id: string; username: string }>(
    t.database.db,
    sql`SELECT id, username FROM users WHERE username IN ('leak.reception_leader', 'leak.counter_staff', 'leak.handler.other')`,
  );
  for (const [username, status, code] of [
    ['leak.reception_leader', 403, 'forbidden'],
    ['leak.counter_staff', 400, 'grantee_cannot_read_case'],
    ['leak.handler.other', 400, 'grantee_cannot_read_case'],
  ] as const) {
    const r = await leader.post(`/api/petitions/${petitionId}/identity-grants`, {
      userId: more.find((u) => u.username === username)!.id,
      reason: 'Thử cấp quyền không đúng',
    });
    assert.equal(r.status, status, `${username}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.code, code);
  }
  const seen = await officer.get(url);
  assert.equal(seen.status, 200, JSON.stringify(seen.body));
  assert.equal(seen.body.confidential, true);
  assert.equal(seen.body.identities[0].name, ID.name);
  assert.equal(seen.body.identities[0].idNumber, ID.idNumber);
  assert.equal(seen.body.identities[0].phone, ID.phone);
  assert.equal(seen.headers.get('cache-control'), 'no-store');
  // the grant does not open anything else: lists and detail stay redacted for the grantee
  const d = await officer.get(`/api/petitions/${petitionId}`);
  assert.deepEqual(leaks(JSON.stringify(d.body)), []);
  assert.equal(d.body.identityAccess.granted, true);
  // the audit rows: who, why; never the identity
  const audit = await queryRows<{ action: string; actor_name: string; reason: string; data: unknown }>(
    t.database.db,
    sql`SELECT action, actor_name, reason, data FROM audit_events WHERE entity_type = 'petition_identity' AND entity_id = ${petitionId} ORDER BY at`,
  );
  const views = audit.filter((a) => a.action === 'view');
  assert.equal(views.length, 1);
  assert.equal(views[0]!.actor_name, 'leak.reception_officer');
  assert.equal(views[0]!.reason, 'xác minh theo yêu cầu của lãnh đạo');
  assert.ok(audit.filter((a) => a.action === 'view_refused').length >= 4, 'refused looks are logged too');
  assert.ok(audit.some((a) => a.action === 'grant'));
  for (const a of audit) assert.deepEqual(leaks(JSON.stringify(a)), []);
  // the audit view for the board leader
  const log = await leader.get(`/api/petitions/${petitionId}/identity-log`);
  assert.equal(log.status, 200);
  assert.ok(
    log.body.items.some(
      (x: { action: string; actor: string }) => x.action === 'view' && x.actor === 'leak.reception_officer',
    ),
  );
  assert.deepEqual(leaks(JSON.stringify(log.body)), []);
  // revoke: the next look is refused again
  const rv = await leader.post(`/api/petitions/${petitionId}/identity-grants/${g.body.id}/revoke`, {
    reason: 'Xong việc',
  });
  assert.equal(rv.status, 200, JSON.stringify(rv.body));
  assert.equal((await officer.get(url)).status, 403);
  const again = await leader.post(`/api/petitions/${petitionId}/identity-grants/${g.body.id}/revoke`, {});
  assert.equal(again.status, 409);
});

test('request logs (level info) keep no query string: a search by name leaves no trace of it', async () => {
  const lines: string[] = [];
  const stream = { write: (l: string) => void lines.push(l) };
  const app = await buildApp(
    { database: t.database, config: { ...loadConfig({}), logLevel: 'info', demo: false, queue: false } },
    { logger: { level: 'info', stream } },
  );
  try {
    const officer = clients.get('leak.reception_officer')!;
    for (const q of ['Zyxwvukq', '0977123498', 'xqzvhamlet']) {
      const r = await app.inject({
        method: 'GET',
        url: `/api/petitions?q=${encodeURIComponent(q)}`,
        headers: { cookie: officer.cookie },
      });
      assert.equal(r.statusCode, 200);
    }
    const r = await app.inject({
      method: 'GET',
      url: `/api/petitions/${petitionId}/identity?reason=${encodeURIComponent('ghi nhật ký')}`,
      headers: { cookie: officer.cookie },
    });
    assert.equal(r.statusCode, 403);
  } finally {
    await app.close();
  }
  const log = lines.join('');
  assert.ok(log.includes('/api/petitions'), 'requests are logged');
  assert.deepEqual(leaks(log), []);
});
