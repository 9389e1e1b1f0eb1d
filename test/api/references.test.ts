/** POST /api/documents/extract-references: shape, UTF-16 offsets into the NFC text, 400s naming `text`, 401. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

const URL_ = '/api/documents/extract-references';
let t: TestApp;
let office: Client;
let agency: Client;
before(async () => {
  t = await startTestApp({ demo: true });
  office = await t.login('office.specialist');
  agency = await t.login('agency.staff');
});
after(() => t?.close());

test('returns every reference with its fields; offsets slice the NFC text', async () => {
  const text =
    '📄 Thực hiện Quyết định số 1100/QĐ-UBND ngày 12/11/2021 của UBND tỉnh và Công văn số 3340/UBND-NC ' +
    'ngày 08/7/2022; Quy tắc ban hành kèm theo Quyết định số 31/QĐ-VP ngày 31/4/2019; Luật số 02/2011/QH13.';
  const r = await office.post(URL_, { text });
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body), ['references']);
  const refs = r.body.references;
  assert.deepEqual(
    refs.map((x: any) => Object.keys(x).sort()),
    refs.map(() =>
      ['date', 'dateAsWritten', 'dateValid', 'end', 'issuer', 'issuerCode', 'number', 'start', 'type'].sort(),
    ),
  );
  assert.deepEqual(refs[0], {
    type: 'QĐ',
    number: '1100/QĐ-UBND',
    date: '2021-11-12',
    dateAsWritten: '12/11/2021',
    dateValid: true,
    issuer: 'UBND tỉnh',
    issuerCode: 'UBND',
    // the emoji before is two UTF-16 code units: offsets are UTF-16, as in JavaScript
    start: text.indexOf('Quyết định'),
    end: text.indexOf(' của UBND'),
  });
  assert.equal(text.slice(refs[0].start, refs[0].end), 'Quyết định số 1100/QĐ-UBND ngày 12/11/2021');
  assert.deepEqual(
    refs.slice(1).map((x: any) => [x.type, x.number, x.date, x.dateAsWritten, x.dateValid, x.issuer]),
    [
      ['CV', '3340/UBND-NC', '2022-07-08', '08/7/2022', true, 'UBND'],
      ['QĐ', '31/QĐ-VP', null, '31/4/2019', false, 'VP'],
      ['Luật', '02/2011/QH13', null, null, true, 'QH13'],
    ],
  );
  for (const x of refs) assert.ok(text.slice(x.start, x.end).includes(x.number));
  // any signed-in user may use it
  const a = await agency.post(URL_, { text: 'Chỉ thị 08/CT-TTg' });
  assert.equal(a.status, 200);
  assert.equal(a.body.references[0].type, 'CT');
  // a text without references gives an empty list
  const none = await agency.post(URL_, { text: 'Từ ngày 12/11/2021 đến nay, đạt 99%; 1/2 số xã; 8h00.' });
  assert.deepEqual(none.body, { references: [] });
});

test('decomposed (NFD) input: offsets refer to the NFC-normalised text', async () => {
  const text = 'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;';
  const nfd = text.normalize('NFD');
  assert.notEqual(nfd.length, text.length);
  const r = await office.post(URL_, { text: nfd });
  assert.equal(r.status, 200);
  const [x] = r.body.references;
  assert.equal(text.slice(x.start, x.end), 'Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020');
  assert.deepEqual([x.type, x.date, x.issuer], ['NĐ', '2020-03-05', 'Chính phủ']);
});

test('the seed report: 63 citations, the impossible date flagged', async () => {
  const seed = readFileSync('/work/shared/seed/000_7eaaa9fbbb774b1b.txt', 'utf8');
  const r = await office.post(URL_, { text: seed });
  assert.equal(r.status, 200);
  assert.equal(r.body.references.length, 63);
  const qd31 = r.body.references.find((x: any) => x.number === '31/QĐ-VP');
  assert.deepEqual([qd31.date, qd31.dateAsWritten, qd31.dateValid], [null, '31/4/2019', false]);
});

test('400 naming `text` for a missing, empty, wrong-typed, too long or control-character text', async () => {
  for (const body of [{}, { text: '' }, { text: 42 }, { text: null }, { text: 'x', extra: 1 }]) {
    const r = await office.post(URL_, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    const e = errorOf(r);
    assert.equal(e.path, 'extra' in body ? 'extra' : 'text', JSON.stringify(body));
    assert.ok(e.message && e.messageEn);
  }
  const long = await office.post(URL_, { text: 'a'.repeat(500_001) });
  assert.equal(long.status, 400);
  assert.deepEqual([errorOf(long).code, errorOf(long).path], ['text_too_long', 'text']);
  const ctl = await office.post(URL_, { text: 'Quyết định số 1100/QĐ-UBND\u0007' });
  assert.equal(ctl.status, 400);
  assert.deepEqual([errorOf(ctl).code, errorOf(ctl).path], ['invalid_character', 'text']);
  const notJson = await office.req('POST', URL_, 'text=abc', { 'content-type': 'application/json' });
  assert.equal(notJson.status, 400);
  // exactly the maximum is accepted
  const max = await office.post(URL_, { text: 'a'.repeat(500_000) });
  assert.equal(max.status, 200);
});

test('401 when not signed in', async () => {
  const r = await t.anon().post(URL_, { text: 'Quyết định số 1100/QĐ-UBND' });
  assert.equal(r.status, 401);
  assert.equal(errorOf(r).code, 'unauthenticated');
});

test('rate limit: beyond 30 requests a minute per user → 429 too_many_requests; another user is not affected', async () => {
  const u = await t.login('office.specialist');
  let limited: Awaited<ReturnType<typeof u.post>> | null = null;
  let ok = 0;
  for (let i = 0; i < 40 && !limited; i++) {
    const r = await u.post(URL_, { text: 'Chỉ thị 08/CT-TTg' });
    if (r.status === 429) limited = r;
    else {
      assert.equal(r.status, 200);
      ok++;
    }
  }
  assert.ok(limited, 'a 429 came');
  assert.ok(ok <= 30, `at most 30 accepted, got ${ok}`);
  assert.equal(errorOf(limited).code, 'too_many_requests');
  // the limit is per user, not global
  const other = await t.login('agency.staff');
  assert.equal((await other.post(URL_, { text: 'Chỉ thị 08/CT-TTg' })).status, 200);
});
