/** Every 4xx has the standard body; user input never yields a 5xx. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let office: Client;
before(async () => {
  t = await startTestApp({ demo: true });
  office = await t.login('office.specialist');
});
after(() => t?.close());

test('health is public and names the engine', async () => {
  const r = await t.anon().get('/api/health');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 'ok', engine: t.engine });
});

test('OpenAPI at /api/docs comes from the same schemas', async () => {
  const r = await t.anon().get('/api/docs/json');
  assert.equal(r.status, 200);
  assert.ok(r.body.paths['/api/reports/tasks']);
  assert.ok(r.body.paths['/api/tasks/import'].post.requestBody);
  const ui = await fetch(`${t.url}/api/docs`, { redirect: 'follow' });
  assert.equal(ui.status, 200);
});

test('framework errors: 400 JSON, 404, 405, 413, 415 all have the error body', async () => {
  const h = { cookie: office.cookie, 'x-csrf-token': office.csrf };
  const badJson = await fetch(`${t.url}/api/tasks/import`, {
    method: 'POST',
    headers: { ...h, 'content-type': 'application/json' },
    body: '{"tasks": [',
  });
  assert.equal(badJson.status, 400);
  assert.equal(((await badJson.json()) as any).error.code, 'invalid_json');
  const nf = await office.get('/api/nope');
  assert.equal(nf.status, 404);
  assert.equal(errorOf(nf).code, 'not_found');
  const m = await office.req('DELETE', '/api/tasks');
  assert.equal(m.status, 405);
  assert.equal(errorOf(m).code, 'method_not_allowed');
  assert.match(m.headers.get('allow') ?? '', /GET/);
  const big = await fetch(`${t.url}/api/documents`, {
    method: 'POST',
    headers: { ...h, 'content-type': 'application/json' },
    body: JSON.stringify({ numberSymbol: '1/QĐ-UBND', date: '2023-01-01', summary: 'x'.repeat(3_000_000) }),
  });
  assert.equal(big.status, 413);
  assert.equal(((await big.json()) as any).error.code, 'payload_too_large');
  const media = await fetch(`${t.url}/api/documents`, {
    method: 'POST',
    headers: { ...h, 'content-type': 'application/xml' },
    body: '<a/>',
  });
  assert.equal(media.status, 415);
  assert.equal(((await media.json()) as any).error.code, 'unsupported_media_type');
  // a malformed percent-encoding in the path: 400 with the uniform body
  for (const path of ['/api/dossiers/%ED%A0%80', '/api/public/dossiers/%E0%A4%A']) {
    const bad = await fetch(`${t.url}${path}`, { headers: h });
    assert.equal(bad.status, 400, path);
    const body = (await bad.json()) as any;
    assert.ok(body.error?.code && body.error.message && body.error.messageEn, JSON.stringify(body));
  }
});

test('429 from the login rate limit has the error body', async () => {
  let last;
  for (let i = 0; i < 25; i++)
    last = await t.anon().post('/api/auth/login', { username: `nobody${i}`, password: 'x' });
  assert.equal(last!.status, 429);
  assert.equal(errorOf(last!).code, 'too_many_requests');
});

test('bad query parameters name the field, in Vietnamese and English', async () => {
  const r = await office.get('/api/reports/tasks?from=2022-02-30&to=2022-09-15');
  assert.equal(r.status, 400);
  const e = errorOf(r);
  assert.equal(e.path, 'from');
  assert.match(e.message, /Ngày không hợp lệ/);
  assert.match(e.messageEn, /Invalid date/);
  assert.equal(errorOf(await office.get('/api/reports/tasks?to=2022-09-15')).path, 'from');
  assert.equal(
    errorOf(await office.get('/api/reports/tasks?from=2022-09-16&to=2022-09-15')).code,
    'invalid_range',
  );
  assert.equal(errorOf(await office.get('/api/tasks?status=done')).path, 'status');
  assert.equal(errorOf(await office.get('/api/tasks?pageSize=100000')).path, 'pageSize');
  assert.equal(errorOf(await office.get('/api/tasks/not-a-uuid')).path, 'id');
  assert.equal((await office.get('/api/tasks/00000000-0000-4000-8000-000000000000')).status, 404);
});

test('a sweep of hostile inputs never yields a 5xx', async () => {
  const bodies: unknown[] = [
    null,
    0,
    'x',
    [],
    {},
    { action: null },
    { action: 'receive', deadline: '9999-99-99' },
    { tasks: 'x' },
    { tasks: [null] },
    { tasks: [{}] },
    { numberSymbol: '\u0000', date: '\u0000', summary: '\u0000' },
  ];
  const paths = [
    '/api/tasks',
    '/api/tasks/import',
    '/api/documents',
    '/api/users',
    '/api/tasks/transfer-agency',
    '/api/auth/login',
    '/api/auth/password',
  ];
  for (const p of paths) {
    for (const b of bodies) {
      const r = await office.req('POST', p, JSON.stringify(b));
      assert.ok(r.status >= 400 && r.status < 500, `${p} ${JSON.stringify(b)} → ${r.status}`);
      errorOf(r);
    }
  }
  for (const q of [
    '?q=%00',
    "?q='; drop table tasks;--",
    '?from=0000-00-00',
    '?asOf=20220915',
    '?page=-1',
    '?agency=' + 'x'.repeat(500),
    '?document=1',
  ]) {
    const r = await office.get(`/api/tasks${q}`);
    assert.ok(r.status < 500, `${q} → ${r.status}`);
  }
});

test('year 0000, deep nesting and malformed multipart are 400s, not 500s', async () => {
  const r = await office.get('/api/tasks?from=0000-01-01');
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'from');
  const deep = '{"tasks":' + '['.repeat(8000) + ']'.repeat(8000) + '}';
  const d = await office.req('POST', '/api/tasks/import', deep);
  assert.equal(d.status, 400);
  const mp = await fetch(`${t.url}/api/tasks/import/xlsx`, {
    method: 'POST',
    headers: { cookie: office.cookie, 'x-csrf-token': office.csrf, 'content-type': 'multipart/form-data' },
    body: 'garbage',
  });
  assert.ok(mp.status >= 400 && mp.status < 500, String(mp.status));
  const future = await office.post('/api/tasks/import', {
    tasks: [
      {
        ref: 'F-1',
        title: 'x',
        document: { number: '5/UBND-NC', date: '2023-01-05' },
        assignedBy: 'committee',
        leadAgency: 'STC',
        cooperatingAgencies: [],
        assignedAt: '2023-01-05',
        deadline: null,
        events: [{ type: 'received', at: '2099-01-01' }],
      },
    ],
  });
  assert.equal(future.status, 422);
  assert.equal(errorOf(future).path, 'tasks.0.events.0.at');
});

test('characters no document can hold (C0 controls, U+FFFE/U+FFFF, lone surrogates) are a 400 naming the field; tab and line breaks pass', async () => {
  for (const bad of ['a\u0001b', 'x\u000Bx', 'y\uFFFEy', 'z\uFFFF', 'w\uD800w']) {
    const r = await office.req(
      'POST',
      '/api/documents',
      JSON.stringify({ numberSymbol: '12/BC-UBND', date: '2022-01-05', summary: bad }),
    );
    assert.equal(r.status, 400, JSON.stringify(bad));
    const e = errorOf(r);
    assert.equal(e.code, 'invalid_character');
    assert.equal(e.path, 'summary');
  }
  const ok = await office.req(
    'POST',
    '/api/documents',
    JSON.stringify({ numberSymbol: '13/BC-UBND', date: '2022-01-05', summary: 'Dòng 1\n\tDòng 2\r\n' }),
  );
  assert.ok(ok.status === 201 || ok.status === 409, String(ok.status));
});

test('report windows at the edges of the calendar are a 400 naming the field', async () => {
  for (const [q, path] of [
    ['from=2026-01-01&to=9999-12-31', 'to'],
    ['from=0001-01-01&to=0001-12-31', 'from'],
  ] as const) {
    for (const url of ['/api/reports/petitions', '/api/reports/dossiers']) {
      const r = await office.get(`${url}?${q}`);
      assert.equal(r.status, 400, `${url}?${q}: ${JSON.stringify(r.body)}`);
      assert.equal(errorOf(r).path, path);
    }
  }
});
