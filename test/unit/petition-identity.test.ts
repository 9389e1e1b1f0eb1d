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
  visibleLength,
} from '../../src/modules/petitions/identity.ts';
import { checkLetterIdentity } from '../../src/modules/petitions/letters.ts';
import { AppError } from '../../src/kernel/errors.ts';

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
    for (const bad of ['tuyết', 'tuyet', '051199001234', '0905 123 456', 'tổ 5', 'tuyet@'])
      assert.ok(!out.normalize('NFC').toLowerCase().includes(bad), `${bad} in ${out}`);
    assert.ok(out.includes(REDACTED));
    // the hamlet part is cut, the ward (an administrative unit, also where the matter happens) stays
    assert.ok(out.normalize('NFC').includes(`ở ${REDACTED}, phường Nghĩa Chánh.`), out);
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

test('redactText keeps administrative units and one-syllable given names; cuts distinctive given names', () => {
  const signer = identityRows(
    '00000000-0000-4000-8000-000000000002',
    [{ name: 'Trần Bình Sơn', address: 'Thôn Phước Hòa, xã Bình Sơn, huyện Bình Sơn, tỉnh Quảng Ngãi' }],
    true,
  ).map((r) => ({ ...r, confidential: true })) as never;
  const text =
    'Ông Trần Bình Sơn (thôn Phước Hòa) tố cáo Chủ tịch UBND xã Bình Sơn, huyện Bình Sơn; anh Sơn nói ông Bình Sơn bị dọa.';
  const out = redactText(text, signer)!;
  // the accused's body and the places are kept
  assert.ok(out.includes('tố cáo Chủ tịch UBND xã Bình Sơn, huyện Bình Sơn;'), out);
  // the full name and the hamlet are cut; the two-syllable given name is cut where it is not a place
  assert.ok(!out.includes('Trần Bình Sơn') && !/thôn Phước Hòa/i.test(out), out);
  assert.ok(out.includes(`ông ${REDACTED} bị dọa`), out);
  // a one-syllable given name is a common word: not cut alone
  assert.ok(out.includes('anh Sơn nói'), out);
  // a hamlet written without commas before the commune
  const [r2] = identityRows(
    '00000000-0000-4000-8000-000000000003',
    [{ name: 'Lê Văn Tám', address: 'Thôn An Hội xã Nghĩa Hà' }],
    true,
  );
  assert.equal(
    redactText('Nhà ở thôn An Hội, xã Nghĩa Hà; UBND xã Nghĩa Hà chậm trả lời.', [r2!] as never),
    `Nhà ở ${REDACTED}, xã Nghĩa Hà; UBND xã Nghĩa Hà chậm trả lời.`,
  );
  // a word that only contains a needle is not cut ("Tổ 5" vs "tổ 50")
  const [r3] = identityRows(
    '00000000-0000-4000-8000-000000000004',
    [{ name: 'Lê Văn Tám', address: 'Tổ 5, phường Trần Phú' }],
    true,
  );
  assert.equal(redactText('Họp tổ 50 phường Trần Phú', [r3!] as never), 'Họp tổ 50 phường Trần Phú');
});

test('a non-confidential petition’s text is never redacted for its readers', () => {
  const open = identityRows(
    '00000000-0000-4000-8000-000000000005',
    [
      {
        name: 'Võ Thị Mai',
        address: 'Khối 2, thị trấn Chợ Chùa, huyện Nghĩa Hành',
        idNumber: '051100200300',
      },
    ],
    false,
  ) as never;
  const text = 'Bà Võ Thị Mai, khối 2, thị trấn Chợ Chùa (CCCD 051100200300) kiến nghị sửa đường.';
  assert.equal(redactText(text, open), text);
  assert.deepEqual(redact({ content: text }, open).content, text);
  // search keys cut every signer's identity, but a place stays a place (duplicate suggestions keep it)
  assert.equal(
    redactText(text, open, true),
    `Bà ${REDACTED}, ${REDACTED}, thị trấn Chợ Chùa (CCCD ${REDACTED}) kiến nghị sửa đường.`,
  );
});

test('redactText cuts phones written in any national form and names with any separators', () => {
  const [k] = identityRows(
    '00000000-0000-4000-8000-000000000002',
    [{ name: 'Đỗ Nu Khang', phone: '0912 777 666', idNumber: '051234567890' }],
    true,
  );
  const ks = [{ ...k!, confidential: true }] as never;
  for (const variant of [
    '+84 912 777 666',
    '84912777666',
    '(091)2777666',
    '0912.777.666',
    '0912-777-666',
    '+84-912.777.666',
    '(+84) 912 777 666',
    '0912\u200b777\u200b666',
    'Đỗ-Nu-Khang',
    'đỗ.nu.khang',
    'Do_Nu_Khang',
    'ĐỖ - NU - KHANG',
    'Đỗ\u200bNu\u200bKhang',
    '0512.3456.7890',
    '0512 3456 7890',
  ]) {
    const out = redactText(`Người tố cáo: ${variant}. Ông Chủ tịch xã Nu Khang nhận tiền.`, ks)!;
    assert.equal(out, `Người tố cáo: ${REDACTED}. Ông Chủ tịch xã Nu Khang nhận tiền.`, variant);
    // search keys (every identity cut) hold no trace either
    assert.ok(!redactText(variant, ks, true)!.replace(/\D/g, '').includes('912777666'), variant);
  }
  // other numbers and dates stay
  assert.equal(redactText('Ngày 12/3/2026, số 0912 777 000.', ks), 'Ngày 12/3/2026, số 0912 777 000.');
});

test('a reason counts only its visible characters', () => {
  assert.equal(visibleLength('\u200b\u200b\u200b\u200b\u200b'), 0);
  assert.equal(visibleLength(' \u00a0\u2060\ufeff ab c'), 3);
  assert.equal(visibleLength('xác minh'), 7);
});

test('the letter guard answers 422 (never 500) when a letter would carry an identity string', () => {
  const d = {
    confidential: true,
    petition: { content: `Liên hệ 84912777666`, respondent: null, signers: [] },
  } as never;
  const rows = [
    {
      name: 'Đỗ Nu Khang',
      idNumber: null,
      address: null,
      phone: '0912777666',
      email: null,
      confidential: true,
    },
  ];
  assert.throws(
    () => checkLetterIdentity(d, rows),
    (e: unknown) =>
      e instanceof AppError &&
      e.status === 422 &&
      e.code === 'letter_identity_guard' &&
      !e.messageVi.includes('0912'),
  );
  const clean = {
    confidential: true,
    petition: { content: `Liên hệ ${REDACTED}`, respondent: null, signers: [] },
  } as never;
  assert.doesNotThrow(() => checkLetterIdentity(clean, rows));
});
