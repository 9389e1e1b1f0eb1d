/**
 * Files of a dossier over HTTP (multipart): the citizen's uploads after an online filing (upload token,
 * PDF / JPEG / PNG checked by magic bytes, stored with the dossier with an `attach_file` event), the staff
 * upload's stricter multipart handling (a 2nd file part, a truncated body, TIFF / WebP magic), the
 * per-dossier lockout of the public check digits, and the action-body checks of `start_step` / `return`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';

process.env.KIENTAO_PUBLIC_RATE_LIMIT = '500';
const { errorOf, startTestApp } = await import('../helpers/app.ts');
const { queryRows } = await import('../../src/db/engine.ts');
const { seedTestProcedure } = await import('../../src/modules/dossiers/fixtures.ts');
type TestApp = Awaited<ReturnType<typeof startTestApp>>;

let t: TestApp;
let ip = 1;
const nextIp = () => `192.0.2.${ip++}`;
const anon = (addr = nextIp()) => {
  const c = t.anon();
  const req = c.req.bind(c);
  c.req = (m, p, b, h = {}) => req(m, p, b, { ...h, 'x-forwarded-for': addr });
  return c;
};

let phoneSeq = 100;
const applicantWith = (phone: string) => ({
  name: 'Trần Văn Ghe',
  idNumber: '051190001234',
  phone,
  address: 'Xã Tịnh Kỳ, TP Quảng Ngãi',
});

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.transaction(async (tx) => {
    await seedTestProcedure(tx, {
      code: 'KT-TEST-UP',
      limits: [
        { channel: 'counter', value: 10, unit: 'working_days' },
        { channel: 'online', value: 7, unit: 'working_days' },
      ],
    });
  });
});
after(() => t?.close());

const PDF = Buffer.from('%PDF-1.4\n% test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000dIHDR-rest-of-png'),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-rest')]);
const TIFF = Buffer.concat([Buffer.from('II*\u0000', 'latin1'), Buffer.from('rest-of-tiff')]);
const WEBP = Buffer.concat([Buffer.from('RIFF\u0010\u0000\u0000\u0000WEBPVP8 ', 'latin1')]);

const form = (
  parts: { bytes: Buffer; type: string; name: string }[],
  fields: Record<string, string> = {},
) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const p of parts) fd.append('file', new Blob([new Uint8Array(p.bytes)], { type: p.type }), p.name);
  return fd;
};

/** Files the online filing: verification through the log notifier, then POST → the 201 body. */
async function fileOnline(components = [{ name: 'Tờ khai', original: true, count: 1 }]) {
  const phone = `0912${String(phoneSeq++).padStart(6, '0')}`;
  const c = anon();
  let r = await c.post('/api/public/verifications', { channel: 'phone', contact: phone });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id as string;
  const [msg] = await queryRows<{ body: string }>(
    t.database.db,
    sql`SELECT body FROM sent_messages WHERE ref = ${'verification:' + id}`,
  );
  const code = /(\d{6})/.exec(msg!.body)![1]!;
  r = await c.post(`/api/public/verifications/${id}/confirm`, { code });
  assert.equal(r.status, 200);
  r = await c.post('/api/public/dossiers', {
    verificationToken: r.body.token,
    procedureCode: 'KT-TEST-UP',
    applicant: applicantWith(phone),
    components,
    returnMethod: 'online',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { code: string; uploadToken: string; uploadExpiresAt: string; maxFiles: number };
}

const publicUpload = (code: string, token: string | null, fd: FormData | string, headers = {}) =>
  fetch(`${t.url}/api/public/dossiers/${code}/files`, {
    method: 'POST',
    headers: { 'x-forwarded-for': nextIp(), ...(token ? { 'x-upload-token': token } : {}), ...headers },
    body: fd,
  });

const json = async (r: Response) => (await r.json()) as { error: { code: string; path: string | null } };

async function filesOf(code: string) {
  return queryRows<{ name: string; mime: string; component_index: number | null; created_by: string | null }>(
    t.database.db,
    sql`SELECT f.name, f.mime, f.component_index, f.created_by FROM dossier_files f
        JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = ${code} ORDER BY f.created_at`,
  );
}

test('online filing returns an upload token; the citizen uploads PDF / JPEG / PNG components; each is stored with an attach_file event', async () => {
  const filing = await fileOnline([
    { name: 'Tờ khai', original: true, count: 1 },
    { name: 'Ảnh tàu cá', original: false, count: 1 },
  ]);
  assert.match(filing.uploadToken, /^[0-9a-f-]{36}\.[\w-]{20,}$/);
  assert.match(filing.uploadExpiresAt, /\+07:00$/);
  assert.equal(filing.maxFiles, 20);
  let r = await publicUpload(
    filing.code,
    filing.uploadToken,
    form([{ bytes: PDF, type: 'application/pdf', name: 'To khai.pdf' }], { componentIndex: '0' }),
  );
  assert.equal(r.status, 201, await r.clone().text());
  const f = (await r.json()) as { id: string; componentIndex: number; kind: string; size: number };
  assert.equal(f.componentIndex, 0);
  assert.equal(f.kind, 'component');
  assert.equal(f.size, PDF.length);
  for (const [bytes, type, name] of [
    [JPEG, 'image/jpeg', 'anh-tau.jpg'],
    [PNG, 'image/png', 'anh-tau.png'],
  ] as const) {
    r = await publicUpload(
      filing.code,
      filing.uploadToken,
      form([{ bytes, type, name }], { componentIndex: '1' }),
    );
    assert.equal(r.status, 201, await r.clone().text());
  }
  // staff see the three files and three attach_file events (by the citizen: no actor), version counted
  const counter = await t.login('counter.staff');
  const d = await counter.get(`/api/dossiers/${filing.code}`);
  assert.equal(d.status, 200);
  assert.deepEqual(
    d.body.files.map((x: { mime: string }) => x.mime),
    ['application/pdf', 'image/jpeg', 'image/png'],
  );
  const attach = d.body.events.filter((e: { type: string }) => e.type === 'attach_file');
  assert.equal(attach.length, 3);
  assert.equal(attach[0].data.by, 'citizen');
  assert.equal(attach[0].data.fileId, f.id);
  assert.equal(d.body.version, 4, 'intake + 3 files');
  const rows = await filesOf(filing.code);
  assert.ok(rows.every((x) => x.created_by === null));
  // the bytes come back unchanged to staff
  const dl = await fetch(`${t.url}/api/dossiers/${filing.code}/files/${f.id}`, {
    headers: { cookie: counter.cookie },
  });
  assert.deepEqual(Buffer.from(await dl.arrayBuffer()), PDF);
  // the one-stop accepts it (version still consistent), then the token no longer uploads
  r = await fetch(`${t.url}/api/dossiers/${filing.code}/actions`, {
    method: 'POST',
    headers: { cookie: counter.cookie, 'x-csrf-token': counter.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'accept', expectedVersion: 4 }),
  });
  assert.equal(r.status, 200, await r.clone().text());
  r = await publicUpload(
    filing.code,
    filing.uploadToken,
    form([{ bytes: PDF, type: 'application/pdf', name: 'late.pdf' }]),
  );
  assert.equal(r.status, 409);
  assert.equal((await json(r)).error.code, 'already_accepted');
  assert.equal((await filesOf(filing.code)).length, 3);
});

test('citizen upload: token, type (magic bytes; TIFF / WebP refused), index, kind, size, one file, truncated body — nothing stored on failure', async () => {
  const filing = await fileOnline();
  const other = await fileOnline();
  const ok = () => form([{ bytes: PDF, type: 'application/pdf', name: 'a.pdf' }]);
  const cases: [string | null, FormData | string, number, string, Record<string, string>?][] = [
    [null, ok(), 401, 'invalid_upload_token'],
    ['not-a-token-at-all', ok(), 401, 'invalid_upload_token'],
    [filing.uploadToken.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), ok(), 401, 'invalid_upload_token'],
    // another dossier's token
    [other.uploadToken, ok(), 401, 'invalid_upload_token'],
    [
      filing.uploadToken,
      form([{ bytes: TIFF, type: 'image/tiff', name: 'scan.tif' }]),
      415,
      'unsupported_file_type',
    ],
    [
      filing.uploadToken,
      form([{ bytes: WEBP, type: 'image/webp', name: 'scan.webp' }]),
      415,
      'unsupported_file_type',
    ],
    [
      filing.uploadToken,
      form([{ bytes: Buffer.from('hello'), type: 'text/plain', name: 'a.txt' }]),
      415,
      'unsupported_file_type',
    ],
    // the name and the declared type say PDF / PNG / JPEG, the bytes do not
    [
      filing.uploadToken,
      form([{ bytes: Buffer.from('MZ not a pdf'), type: 'application/pdf', name: 'a.pdf' }]),
      400,
      'file_content_mismatch',
    ],
    [
      filing.uploadToken,
      form([{ bytes: PDF, type: 'image/png', name: 'a.png' }]),
      400,
      'file_content_mismatch',
    ],
    [
      filing.uploadToken,
      form([{ bytes: TIFF, type: 'image/jpeg', name: 'a.jpg' }]),
      400,
      'file_content_mismatch',
    ],
    [
      filing.uploadToken,
      form([{ bytes: PDF, type: 'application/pdf', name: 'a.pdf' }], { componentIndex: '5' }),
      400,
      'invalid_component_index',
    ],
    [
      filing.uploadToken,
      form([{ bytes: PDF, type: 'application/pdf', name: 'a.pdf' }], { componentIndex: '-1' }),
      400,
      'invalid_component_index',
    ],
    [
      filing.uploadToken,
      form([{ bytes: PDF, type: 'application/pdf', name: 'a.pdf' }], { kind: 'result' }),
      400,
      'invalid_kind',
    ],
    [
      filing.uploadToken,
      form([
        { bytes: PDF, type: 'application/pdf', name: 'a.pdf' },
        { bytes: PNG, type: 'image/png', name: 'b.png' },
      ]),
      400,
      'too_many_files',
    ],
    [filing.uploadToken, form([], { kind: 'component' }), 400, 'file_required'],
    [
      filing.uploadToken,
      form([{ bytes: Buffer.alloc(0), type: 'application/pdf', name: 'e.pdf' }]),
      400,
      'empty_file',
    ],
    [
      filing.uploadToken,
      form([
        {
          bytes: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
          type: 'application/pdf',
          name: 'big.pdf',
        },
      ]),
      413,
      'file_too_large',
    ],
  ];
  for (const [token, body, status, code] of cases) {
    const r = await publicUpload(filing.code, token, body);
    assert.equal(r.status, status, `${code}: ${await r.clone().text()}`);
    assert.equal((await json(r)).error.code, code);
  }
  // a truncated multipart body (no closing boundary) is a 400, not a 413
  const b = 'XyZboundary';
  const truncated =
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n` +
    `Content-Type: application/pdf\r\n\r\n%PDF-1.4 partial content`;
  let r = await publicUpload(filing.code, filing.uploadToken, truncated, {
    'content-type': `multipart/form-data; boundary=${b}`,
  });
  assert.equal(r.status, 400, await r.clone().text());
  assert.equal((await json(r)).error.code, 'invalid_multipart');
  // JSON instead of multipart
  r = await publicUpload(filing.code, filing.uploadToken, '{}', { 'content-type': 'application/json' });
  assert.equal(r.status, 415);
  assert.equal((await filesOf(filing.code)).length, 0, 'nothing stored');
  const [v] = await queryRows<{ version: number }>(
    t.database.db,
    sql`SELECT version FROM dossiers WHERE code = ${filing.code}`,
  );
  assert.equal(v!.version, 1);
  // an expired token
  await queryRows(
    t.database.db,
    sql`UPDATE dossier_upload_tokens SET expires_at = now() - interval '1 second'
        WHERE dossier_id = (SELECT id FROM dossiers WHERE code = ${filing.code})`,
  );
  r = await publicUpload(filing.code, filing.uploadToken, ok());
  assert.equal(r.status, 401);
});

test('citizen upload: at most 20 files per filing (429 too_many_files)', async () => {
  const filing = await fileOnline();
  await queryRows(
    t.database.db,
    sql`UPDATE dossier_upload_tokens SET uploads = 19
        WHERE dossier_id = (SELECT id FROM dossiers WHERE code = ${filing.code})`,
  );
  const one = () => form([{ bytes: PNG, type: 'image/png', name: 'p.png' }]);
  let r = await publicUpload(filing.code, filing.uploadToken, one());
  assert.equal(r.status, 201);
  r = await publicUpload(filing.code, filing.uploadToken, one());
  assert.equal(r.status, 429);
  assert.equal((await json(r)).error.code, 'too_many_files');
  assert.equal((await filesOf(filing.code)).length, 1);
});

/** A counter dossier transferred to the processing agency (SNNPTNT); applicant phone …4321, ID …9876. */
async function staffDossier() {
  const leader = await t.login('centre.leader');
  const r = await leader.post('/api/dossiers', {
    procedureCode: 'KT-TEST-UP',
    channel: 'counter',
    applicant: { ...applicantWith('0987654321'), idNumber: '051187659876' },
    components: [{ name: 'Tờ khai', original: true, count: 1 }],
    returnMethod: 'post',
    receivedAt: '2022-03-04T09:00:00+07:00',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const code = r.body.code as string;
  assert.equal((await leader.post(`/api/dossiers/${code}/actions`, { action: 'transfer' })).status, 200);
  return { code, leader };
}

test('staff upload: a 2nd file part → 400, truncated body → 400, TIFF / WebP checked by magic bytes; an attach_file event', async () => {
  const { code } = await staffDossier();
  const counter = await t.login('counter.staff');
  const up = (body: FormData | string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/dossiers/${code}/files`, {
      method: 'POST',
      headers: { cookie: counter.cookie, 'x-csrf-token': counter.csrf, ...headers },
      body,
    });
  let r = await up(
    form([
      { bytes: PDF, type: 'application/pdf', name: 'a.pdf' },
      { bytes: PDF, type: 'application/pdf', name: 'b.pdf' },
    ]),
  );
  assert.equal(r.status, 400);
  assert.equal((await json(r)).error.code, 'too_many_files');
  const b = 'AbCboundary';
  r = await up(
    `--${b}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncomponent\r\n--${b}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 cut`,
    { 'content-type': `multipart/form-data; boundary=${b}` },
  );
  assert.equal(r.status, 400, await r.clone().text());
  assert.equal((await json(r)).error.code, 'invalid_multipart');
  r = await up(form([{ bytes: PDF, type: 'image/tiff', name: 'fake.tif' }]));
  assert.equal(r.status, 400);
  assert.equal((await json(r)).error.code, 'file_content_mismatch');
  r = await up(form([{ bytes: PNG, type: 'image/webp', name: 'fake.webp' }]));
  assert.equal(r.status, 400);
  assert.equal((await filesOf(code)).length, 0);
  r = await up(
    form([{ bytes: TIFF, type: 'image/tiff', name: 'scan.tif' }], { kind: 'component', componentIndex: '0' }),
  );
  assert.equal(r.status, 201, await r.clone().text());
  r = await up(form([{ bytes: WEBP, type: 'image/webp', name: 'scan.webp' }]));
  assert.equal(r.status, 201, await r.clone().text());
  // fields after the file part are read too (the old reader ignored them)
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'kq.pdf');
  fd.append('kind', 'result');
  r = await up(fd);
  assert.equal(r.status, 201);
  assert.equal(((await r.json()) as { kind: string }).kind, 'result');
  // a NUL, a bidi override or a directory in the file name is cleaned, not a 500
  r = await up(
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="../x/a\u0000b\u202e.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n%PDF-1.4\n\r\n--${b}--\r\n`,
    { 'content-type': `multipart/form-data; boundary=${b}` },
  );
  assert.equal(r.status, 201, await r.clone().text());
  assert.equal(((await r.json()) as { name: string }).name, 'ab.pdf');
  const d = await counter.get(`/api/dossiers/${code}`);
  const attach = d.body.events.filter((e: { type: string }) => e.type === 'attach_file');
  assert.equal(attach.length, 4);
  assert.equal(attach[0].data.by, 'staff');
  assert.equal(attach[0].actorName, d.body.events.at(-1).actorName);
  // actions still work after the file events (seq and version consistent)
  const officer = await t.login('processing.officer');
  r = await fetch(`${t.url}/api/dossiers/${code}/actions`, {
    method: 'POST',
    headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'result_ready', expectedVersion: d.body.version }),
  });
  assert.equal(r.status, 200, await r.clone().text());
});

test('check digits: 5 wrong values in 15 minutes across look-up and web rating lock the dossier (429 check_locked, even for the right value); other dossiers and the plain look-up unaffected', async () => {
  const { code, leader } = await staffDossier();
  const { code: code2 } = await staffDossier();
  await leader.post(`/api/dossiers/${code}/actions`, { action: 'withdraw', note: 'Rút hồ sơ' });
  // wrong values from five different clients: three look-ups, two ratings
  for (const check of ['1111', '2222', '3333']) {
    const r = await anon().get(`/api/public/dossiers/${code}?check=${check}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.verified, false);
  }
  // the right value still works before the 5th failure
  let r = await anon().get(`/api/public/dossiers/${code}?check=4321`);
  assert.equal(r.body.verified, true);
  for (const check of ['4444', '5555']) {
    r = await anon().post(`/api/public/dossiers/${code}/ratings`, { check, vote: 'satisfied' });
    assert.equal(r.status, 400);
    assert.equal(errorOf(r).code, 'check_mismatch');
  }
  for (const req of [
    () => anon().get(`/api/public/dossiers/${code}?check=4321`),
    () => anon().get(`/api/public/dossiers/${code}?check=9876`),
    () => anon().get(`/api/public/dossiers/${code}?check=0000`),
    () => anon().post(`/api/public/dossiers/${code}/ratings`, { check: '4321', vote: 'satisfied' }),
    () => anon().post(`/api/public/dossiers/${code}/ratings`, { check: '0000', vote: 'satisfied' }),
  ]) {
    r = await req();
    assert.equal(r.status, 429, JSON.stringify(r.body));
    assert.equal(errorOf(r).code, 'check_locked');
    assert.equal(errorOf(r).path, 'check');
    const after = Number(r.headers.get('retry-after'));
    assert.ok(after > 800 && after <= 900, String(after));
  }
  // the right and the wrong value get the same answer: nothing to learn; refusals are not counted
  const [n] = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM dossier_check_attempts a JOIN dossiers d ON d.id = a.dossier_id
        WHERE d.code = ${code}`,
  );
  assert.equal(n!.n, 5);
  // no rating was stored
  const rated = await queryRows(
    t.database.db,
    sql`SELECT 1 FROM dossier_ratings r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = ${code}`,
  );
  assert.equal(rated.length, 0);
  // the look-up without digits still answers (no personal data); another dossier is not locked
  r = await anon().get(`/api/public/dossiers/${code}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.applicant, null);
  r = await anon().get(`/api/public/dossiers/${code2}?check=4321`);
  assert.equal(r.body.verified, true);
  // 15 minutes later (the window slides past the oldest failure) the right value works again
  await queryRows(
    t.database.db,
    sql`UPDATE dossier_check_attempts SET at = at - interval '15 minutes'
        WHERE dossier_id = (SELECT id FROM dossiers WHERE code = ${code})`,
  );
  r = await anon().get(`/api/public/dossiers/${code}?check=4321`);
  assert.equal(r.status, 200);
  assert.equal(r.body.verified, true);
  r = await anon().post(`/api/public/dossiers/${code}/ratings`, { check: '9876', vote: 'satisfied' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
});

test('check digits: 12 parallel wrong guesses → exactly 5 counted, the rest refused', async () => {
  const { code } = await staffDossier();
  const rs = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      anon().get(`/api/public/dossiers/${code}?check=${String(1000 + i)}`),
    ),
  );
  const statuses = rs.map((r) => r.status).sort();
  assert.deepEqual(statuses, [...Array(5).fill(200), ...Array(7).fill(429)]);
  const r = await anon().get(`/api/public/dossiers/000.00.20.H48-220304-9998?check=1234`);
  assert.equal(r.status, 404);
});

test('actions: start_step with an unknown agency or a value without its unit → 400 with the path; postal sentOn after the return → 400', async () => {
  const { code, leader } = await staffDossier();
  const officer = await t.login('processing.officer');
  const cases: [Record<string, unknown>, string, string][] = [
    [{ name: 'Thẩm định', agencyCode: 'NO-SUCH-AGENCY' }, 'unknown_agency', 'agencyCode'],
    [{ name: 'Thẩm định', value: 3 }, 'required', 'unit'],
    [{ name: 'Thẩm định', unit: 'working_days' }, 'required', 'value'],
  ];
  for (const [body, errCode, path] of cases) {
    const r = await officer.post(`/api/dossiers/${code}/actions`, { action: 'start_step', ...body });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(errorOf(r).code, errCode);
    assert.equal(errorOf(r).path, path);
  }
  let r = await leader.post(`/api/dossiers/${code}/actions`, {
    action: 'transfer',
    agencyCode: 'NO-SUCH-AGENCY',
  });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'agencyCode');
  r = await officer.post(`/api/dossiers/${code}/actions`, {
    action: 'start_step',
    name: 'Thẩm định',
    agencyCode: 'SNNPTNT',
    value: 2,
    unit: 'working_days',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await officer.post(`/api/dossiers/${code}/actions`, { action: 'result_ready' })).status, 200);
  const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
  r = await leader.post(`/api/dossiers/${code}/actions`, {
    action: 'return',
    method: 'post',
    postal: { itemCode: 'RR123456789VN', sentOn: tomorrow },
  });
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(errorOf(r).code, 'sent_on_in_future');
  assert.equal(errorOf(r).path, 'postal.sentOn');
  r = await leader.post(`/api/dossiers/${code}/actions`, {
    action: 'return',
    method: 'post',
    postal: { itemCode: 'RR123456789VN' },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
});
