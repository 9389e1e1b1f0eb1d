/**
 * Redaction of a denouncer's identity in free text and the redacted signer list (identity.ts): case- and
 * diacritics-blind, NFC or NFD input, ID and phone digits with separators, address parts, given names;
 * non-confidential identities are left alone unless asked; text without identities is unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  identityRows,
  redact,
  redactSigners,
  redactText,
  REDACTED,
} from '../../src/modules/petitions/identity.ts';

const who = {
  name: 'Nguyễn Thị Ánh Tuyết',
  idNumber: '051 199 001 234',
  address: 'Tổ 5, phường Nghĩa Chánh',
  phone: '0905.123.456',
  email: 'tuyet@example.vn',
};
const [row] = identityRows('00000000-0000-4000-8000-000000000001', [who], true);
const ids = [{ ...row!, confidential: true }] as never;

test('identity rows: NFC, normalised ID number, person key; the representative marked', () => {
  const rows = identityRows('00000000-0000-4000-8000-000000000001', [who, { name: 'Trần Văn B' }], false, 1);
  assert.equal(rows[0]!.idNumber, '051199001234');
  assert.equal(rows[0]!.role, 'signer');
  assert.equal(rows[1]!.role, 'representative');
  assert.equal(rows[0]!.confidential, false);
  assert.ok(rows[0]!.personKey?.includes('nguyen thi anh tuyet'));
});

test('redactText cuts every form of the identity and keeps the rest', () => {
  const text =
    'Tôi là NGUYỄN THỊ ÁNH TUYẾT (cccd 051199001234, đt 0905 123 456, tuyet@example.vn), ở tổ 5, phường Nghĩa Chánh. ' +
    'Bà Thị Ánh Tuyết tố cáo ông Phó Chủ tịch phường nhận tiền.';
  const nfd = text.normalize('NFD');
  for (const input of [text, nfd]) {
    const out = redactText(input, ids)!;
    for (const bad of ['tuyết', 'tuyet', '051199001234', '0905 123 456', 'nghĩa chánh', 'tổ 5'])
      assert.ok(!out.normalize('NFC').toLowerCase().includes(bad), `${bad} in ${out}`);
    assert.ok(out.includes(REDACTED));
    assert.ok(out.normalize('NFC').includes('tố cáo ông Phó Chủ tịch phường nhận tiền'), out);
  }
  assert.equal(redactText('Nội dung không có danh tính.', ids), 'Nội dung không có danh tính.');
  assert.equal(redactText(null, ids), null);
  // non-confidential rows are kept unless every identity is asked for (search keys)
  const open = [{ ...row!, confidential: false }] as never;
  assert.equal(redactText('Bà Nguyễn Thị Ánh Tuyết', open), 'Bà Nguyễn Thị Ánh Tuyết');
  assert.equal(redactText('Bà Nguyễn Thị Ánh Tuyết', open, true), `Bà ${REDACTED}`);
});

test('redactSigners and redact(): confidential → nothing identifying; otherwise the name only', () => {
  assert.deepEqual(redactSigners(ids), [{ seq: 1, role: 'signer', name: null, redacted: true }]);
  const open = [{ ...row!, confidential: false }] as never;
  assert.deepEqual(redactSigners(open), [
    { seq: 1, role: 'signer', name: 'Nguyễn Thị Ánh Tuyết', redacted: false },
  ]);
  const r = redact(
    { content: 'Tôi là Nguyễn Thị Ánh Tuyết.', respondent: 'Ông X', texts: ['gọi 0905123456'] },
    ids,
  );
  assert.equal(r.content, `Tôi là ${REDACTED}.`);
  assert.equal(r.respondent, 'Ông X');
  assert.deepEqual(r.texts, [`gọi ${REDACTED}`]);
  for (const v of Object.values(r.signers[0]!)) assert.ok(!String(v).includes('Tuyết'));
});
