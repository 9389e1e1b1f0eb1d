/**
 * The letter renderer as a pure function (src/modules/petitions/letters.ts): number/symbol patterns of the
 * register (ND 30/2020 Appendix III), the draft's blanks, the denunciation slip's title and form label, and
 * — defence in depth — a confidential letter prints no signer even when one is handed to the renderer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strFromU8, unzipSync } from 'fflate';
import {
  letterSummary,
  letterTitle,
  renderLetter,
  symbolOf,
  type LetterData,
} from '../../src/modules/petitions/letters.ts';
import { parseNumberSymbol } from '../../src/kernel/documents/numbering.ts';

const ISSUER = {
  governingBody: 'VĂN PHÒNG UBND TỈNH QUẢNG NGÃI',
  unit: 'BAN TIẾP CÔNG DÂN',
  unitName: 'Ban Tiếp công dân tỉnh',
  symbol: 'BTCD',
  agencyCode: 'VP-BTCD',
};

const base = (o: Partial<LetterData> = {}): LetterData => ({
  kind: 'forwarding',
  petitionKind: 'complaint',
  confidential: false,
  issuer: ISSUER,
  numberSymbol: null,
  date: '2026-02-05',
  draft: true,
  recipient: { code: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường' },
  petition: {
    code: 'DON-2026-00042',
    receivedDate: '2026-01-20',
    content: 'Khiếu nại việc thu hồi đất.',
    respondent: 'UBND xã Tịnh Hà',
    signerCount: 1,
    signers: [{ name: 'Trần Văn Ký', address: 'Thôn Phước Lộc', representative: false }],
  },
  signer: { title: 'TRƯỞNG BAN', name: null },
  ...o,
});

const text = async (d: LetterData) =>
  strFromU8(unzipSync(new Uint8Array(await renderLetter(d)))['word/document.xml']!)
    .replace(/<w:p[ >]/g, '\n$&')
    .replace(/<[^>]+>/g, '');

test('number/symbols follow ND 30/2020 and parse back to the register issuer', () => {
  assert.equal(symbolOf('forwarding', ISSUER, 7), '07/PC-BTCD');
  assert.equal(symbolOf('urging', ISSUER, 123), '123/BTCD-XLĐ');
  assert.equal(symbolOf('forwarding', ISSUER, null), '…/PC-BTCD');
  const slip = parseNumberSymbol('07/PC-BTCD')!;
  assert.deepEqual([slip.pattern, slip.type, slip.issuer, slip.number], ['typed', 'PC', 'BTCD', 7]);
  const cv = parseNumberSymbol('123/BTCD-XLĐ')!;
  assert.deepEqual([cv.pattern, cv.issuer, cv.unit, cv.number], ['letter', 'BTCD', 'XLĐ', 123]);
  assert.equal(letterTitle('forwarding', 'denunciation'), 'PHIẾU CHUYỂN ĐƠN TỐ CÁO');
  assert.equal(letterTitle('forwarding', 'complaint'), 'PHIẾU CHUYỂN ĐƠN');
  assert.equal(letterTitle('urging', 'complaint'), null);
});

test('a draft: "Số: …", the day blank (month 02 zero-padded), DỰ THẢO; issued: the number and full date', async () => {
  const d = await text(base());
  assert.ok(d.includes('Số: …/PC-BTCD'));
  assert.ok(d.includes('Quảng Ngãi, ngày …… tháng 02 năm 2026'));
  assert.ok(d.includes('DỰ THẢO'));
  assert.ok(d.includes('Trần Văn Ký'));
  assert.ok(d.includes('Ông (bà) Trần Văn Ký (để biết);'), 'the complainant is told');
  const i = await text(
    base({
      numberSymbol: '07/PC-BTCD',
      draft: false,
      signer: { title: 'TRƯỞNG BAN', name: 'Lê Văn Ký Tên' },
    }),
  );
  assert.ok(i.includes('Số: 07/PC-BTCD'));
  assert.ok(i.includes('Quảng Ngãi, ngày 05 tháng 02 năm 2026'));
  assert.ok(!i.includes('DỰ THẢO') && !i.includes('Số: …'));
  assert.ok(i.includes('Lê Văn Ký Tên'));
});

test('a confidential letter prints no signer, even when one is handed to the renderer', async () => {
  const d = base({
    petitionKind: 'denunciation',
    confidential: true,
    petition: {
      ...base().petition,
      signers: [{ name: 'Người Tố Cáo Bí Mật', address: 'Số 9 đường Bí Mật', representative: true }],
    },
  });
  const x = await text(d);
  assert.ok(x.includes('PHIẾU CHUYỂN ĐƠN TỐ CÁO'));
  assert.ok(x.includes('Mẫu số 03 - TT 05/2021/TT-TTCP'));
  assert.ok(!x.includes('Người Tố Cáo Bí Mật') && !x.includes('Số 9 đường Bí Mật'));
  assert.ok(!x.includes('(để biết)'));
  const u = await text({ ...d, kind: 'urging' });
  assert.ok(u.includes('V/v đôn đốc giải quyết đơn tố cáo'));
  assert.ok(!u.includes('Người Tố Cáo Bí Mật'));
  assert.equal(letterSummary(d), 'Chuyển đơn tố cáo số DON-2026-00042 đến Sở Nông nghiệp và Môi trường');
  // a complaint kept confidential (it was once classified a denunciation): its own title, still no signer
  const c = await text({ ...d, petitionKind: 'complaint' });
  assert.ok(c.includes('PHIẾU CHUYỂN ĐƠN') && !c.includes('TỐ CÁO') && !c.includes('Mẫu số 03'));
  assert.ok(c.includes('Thông tin về người đứng đơn đã được loại bỏ'));
  assert.ok(!c.includes('Người Tố Cáo Bí Mật'));
});
