/**
 * Dossier forms as DOCX (issue 4 §5, §11): every form of both eras renders, opens in LibreOffice (converted
 * to PDF and to text in the test), has the paper size of its circular (A5; the book A4 landscape) and
 * carries its Vietnamese text in NFC.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { renderForm, FormError } from '../../src/modules/dossiers/forms/render.ts';
import { FORM_SETS, type BookData, type DossierFormData } from '../../src/modules/dossiers/forms/types.ts';
import { dateLine, dueVi } from '../../src/modules/dossiers/forms/format.ts';
import type { Era } from '../../src/modules/dossiers/rules.ts';

const ISSUER = {
  governingBody: 'UBND TỈNH QUẢNG NGÃI',
  unit: 'TRUNG TÂM PHỤC VỤ - KIỂM SOÁT THỦ TỤC HÀNH CHÍNH',
  unitName: 'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh',
};
// NFD input on purpose: the renderer must write NFC
const APPLICANT_NFD = 'Nguyễn Thị Hằng'.normalize('NFD');
const APPLICANT = 'Nguyễn Thị Hằng';

function fixture(era: Era): DossierFormData {
  const y = era === 'nd61' ? '2022' : '2025';
  const m = era === 'nd61' ? '03' : '08';
  return {
    issuer: ISSUER,
    place: 'Quảng Ngãi',
    dossier: {
      code: `000.00.20.H48-${y.slice(2)}${m}05-0007`,
      procedureCode: '1.004359',
      procedureName: 'Cấp văn bản chấp thuận đóng mới, cải hoán, thuê, mua tàu cá',
      field: 'Thủy sản',
      channel: 'phone',
      receivedAt: new Date(`${y}-${m}-05T02:30:00Z`), // 09:30 in Hà Nội
      appointmentAt: new Date(`${y}-${m}-11T17:00:00Z`), // 24:00 of the 11th
      timeLimit: '04 ngày làm việc',
      applicant: {
        name: APPLICANT_NFD,
        idNumber: '051180000123',
        phone: '0905123456',
        email: 'hang@example.vn',
        address: 'Thôn Định Tân, xã Tịnh Kỳ, thành phố Quảng Ngãi',
      },
      representative: { name: 'Trần Văn Đức', relation: 'con', phone: '0912000111' },
      components: [
        { name: 'Tờ khai đề nghị đóng mới tàu cá', original: true, count: 1 },
        { name: 'Bản sao Giấy chứng nhận đăng ký tàu cá', original: false, count: 2 },
      ],
      returnMethod: 'post',
      registerSerial: 7,
      collectionPlace: 'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh, 54 Hùng Vương, Quảng Ngãi',
      receivingBodyName: 'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh',
      processingAgencyName: 'Sở Nông nghiệp và Phát triển nông thôn',
      receivedBy: 'Lê Thị Tổng Đài',
      fee: { amount: 150000, status: 'paid', receiptNumber: 'BL-0001' },
    },
    supplement: {
      at: new Date(`${y}-${m}-05T03:00:00Z`),
      missing: ['Bản vẽ thiết kế tàu cá được duyệt'],
      reason: 'Thiếu thành phần hồ sơ theo quy định',
      by: 'Lê Thị Tổng Đài',
    },
    refusal: {
      at: new Date(`${y}-${m}-05T03:00:00Z`),
      reasons: ['Hồ sơ không thuộc thẩm quyền giải quyết của tỉnh'],
    },
    apology: {
      at: new Date(`${y}-${m}-09T03:00:00Z`),
      reason: 'Cần xác minh thực địa tại cảng cá Sa Huỳnh',
      appointmentAt: new Date(`${y}-${m}-11T17:00:00Z`),
      newDate: `${y}-${m}-18`,
      by: 'Phạm Văn Giám Đốc',
    },
    stop: { at: new Date(`${y}-${m}-08T03:00:00Z`), reason: 'Ông/bà đề nghị dừng giải quyết hồ sơ' },
    control: [
      {
        from: 'Bộ phận Một cửa',
        to: 'Sở Nông nghiệp và Phát triển nông thôn',
        handedBy: 'Lê Thị Tổng Đài',
        receivedBy: 'Võ Văn Xử Lý',
        at: new Date(`${y}-${m}-05T03:00:00Z`),
        dueAt: new Date(`${y}-${m}-05T17:00:00Z`),
        result: 'on_time',
        note: 'Chuyển trong ngày',
      },
      {
        from: 'Sở Nông nghiệp và Phát triển nông thôn',
        to: 'Bộ phận Một cửa',
        at: new Date(`${y}-${m}-10T08:00:00Z`),
        dueAt: new Date(`${y}-${m}-11T17:00:00Z`),
        result: 'early',
      },
    ],
  };
}

function book(era: Era): BookData {
  const f = fixture(era);
  const y = era === 'nd61' ? '2022' : '2025';
  const rows = Array.from({ length: 40 }, (_, i) => ({
    serial: i + 1,
    code: `000.00.20.H48-${y.slice(2)}0305-${String(i + 1).padStart(4, '0')}`,
    procedureName: f.dossier.procedureName,
    applicant: i === 0 ? APPLICANT_NFD : `Chủ tàu số ${i + 1}`,
    applicantAddress: 'Xã Bình Châu, huyện Bình Sơn',
    leadBody: 'Sở Nông nghiệp và Phát triển nông thôn',
    receivedAt: f.dossier.receivedAt,
    appointmentAt: f.dossier.appointmentAt,
    transferredAt: f.dossier.receivedAt,
    resultAt: i % 2 ? null : f.dossier.receivedAt,
    returnedAt: null,
    note: i === 0 ? 'Trả qua bưu chính' : null,
  }));
  return {
    issuer: ISSUER,
    place: 'Quảng Ngãi',
    from: `${y}-01-01`,
    to: `${y}-12-31`,
    date: `${y}-12-31`,
    rows,
  };
}

const documentXml = (docx: Buffer) => strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']!);

test('date line: day < 10 and months 1–2 zero-padded (ND 30/2020)', () => {
  assert.equal(dateLine('Quảng Ngãi', '2022-03-05'), 'Quảng Ngãi, ngày 05 tháng 3 năm 2022');
  assert.equal(dateLine('Quảng Ngãi', '2022-02-15'), 'Quảng Ngãi, ngày 15 tháng 02 năm 2022');
  assert.equal(dateLine('Quảng Ngãi', '2022-12-31'), 'Quảng Ngãi, ngày 31 tháng 12 năm 2022');
  // a deadline at 24:00 of the 11th (stored as 00:00+07 of the 12th) is "ngày 11"
  assert.equal(dueVi(new Date('2022-03-11T17:00:00Z')), 'ngày 11/03/2022');
  assert.equal(dueVi(new Date('2022-03-11T03:15:00Z')), '10 giờ 15 phút, ngày 11/03/2022');
});

test('form sets: nd61 has 01–06 (TT 01/2018 Art 9), nd118 has 01–07 (TT 03/2025 Appendix I)', async () => {
  assert.deepEqual(
    FORM_SETS.nd61.map((f) => f.no),
    ['01', '02', '03', '04', '05', '06'],
  );
  assert.deepEqual(
    FORM_SETS.nd118.map((f) => f.no),
    ['01', '02', '03', '04', '05', '06', '07'],
  );
  assert.equal(FORM_SETS.nd61.find((f) => f.no === '05')!.kind, 'control');
  assert.equal(FORM_SETS.nd118.find((f) => f.no === '05')!.kind, 'stop');
  await assert.rejects(renderForm('07', 'nd61', book('nd61')), FormError);
  // a dossier form without its event data is refused, not rendered blank
  await assert.rejects(renderForm('04', 'nd61', { ...fixture('nd61'), apology: null }), FormError);
  await assert.rejects(renderForm('06', 'nd61', fixture('nd61')), FormError);
});

interface Rendered {
  era: Era;
  no: string;
  kind: string;
  title: string;
  paper: string;
  file: string;
}

const dir = mkdtempSync(join(tmpdir(), 'kt-forms-'));
const rendered: Rendered[] = [];

test('every form of both eras renders to DOCX with its page size, issuer, motto and NFC text', async () => {
  for (const era of ['nd61', 'nd118'] as const) {
    for (const spec of FORM_SETS[era]) {
      const data = spec.kind === 'book' ? book(era) : fixture(era);
      const buf = await renderForm(spec.no, era, data);
      assert.equal(buf.subarray(0, 2).toString(), 'PK', 'a zip container');
      const xml = documentXml(buf);
      // paper: A5 = 148×210 mm = 8390×11905 twips; book: A4 landscape
      if (spec.paper === 'A5') assert.match(xml, /<w:pgSz w:w="8390" w:h="11905"/);
      else assert.match(xml, /<w:pgSz w:w="16837" w:h="11905" w:orient="landscape"/);
      for (const text of [
        'UBND TỈNH QUẢNG NGÃI',
        'TRUNG TÂM PHỤC VỤ - KIỂM SOÁT THỦ TỤC HÀNH CHÍNH',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        spec.title,
        APPLICANT,
        'Times New Roman',
      ])
        assert.ok(xml.includes(text), `${era}/${spec.no}: ${text}`);
      assert.ok(!xml.includes(APPLICANT_NFD), `${era}/${spec.no}: no NFD text`);
      assert.ok(xml.includes(era === 'nd61' ? 'TT 01/2018/TT-VPCP' : 'TT 03/2025/TT-VPCP'));
      const file = join(dir, `${era}-${spec.no}.docx`);
      writeFileSync(file, buf);
      rendered.push({ era, no: spec.no, kind: spec.kind, title: spec.title, paper: spec.paper, file });
    }
  }
  assert.equal(rendered.length, 13);
  const receipt61 = documentXml(readFileSync(join(dir, 'nd61-01.docx')));
  for (const text of [
    'Mã hồ sơ: ',
    '000.00.20.H48-220305-0007',
    'Quảng Ngãi, ngày 05 tháng 3 năm 2022',
    '09 giờ 30 phút, ngày 05/03/2022',
    'ngày 11/03/2022',
    'Bản chính',
    'Bản sao',
    'Qua dịch vụ bưu chính công ích',
    'Số thứ tự: ',
    '150.000 đồng',
  ])
    assert.ok(receipt61.includes(text), `receipt: ${text}`);
  const apology118 = documentXml(readFileSync(join(dir, 'nd118-04.docx')));
  assert.ok(apology118.includes('đề nghị gia hạn thời gian giải quyết'));
  assert.ok(apology118.includes('18/08/2025'));
  assert.ok(apology118.includes('Nơi nhận:'));
  const control61 = documentXml(readFileSync(join(dir, 'nd61-05.docx')));
  for (const text of [
    'TÊN CƠ QUAN',
    'THỜI GIAN GIAO, NHẬN HỒ SƠ',
    'Đúng hạn',
    'Trước hạn',
    'Người nhận: Võ Văn Xử Lý',
  ])
    assert.ok(control61.includes(text), `control: ${text}`);
});

const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));

test(
  'LibreOffice opens every form: DOCX → PDF (page size, pages) and → text (Vietnamese content)',
  {
    skip: soffice
      ? false
      : 'LibreOffice (soffice) is not installed here; CI installs libreoffice-writer-nogui',
  },
  () => {
    assert.equal(rendered.length, 13, 'the render test ran first');
    const profile = `file:///tmp/lo-${randomBytes(6).toString('hex')}`;
    const files = rendered.map((r) => r.file);
    const run = (target: string, outdir: string) =>
      execFileSync(
        soffice!,
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--norestore',
          '--convert-to',
          target,
          '--outdir',
          outdir,
          ...files,
        ],
        { stdio: 'pipe', timeout: 240_000 },
      );
    try {
      run('pdf', dir);
      run('txt:Text (encoded):UTF8', dir);
    } finally {
      rmSync(profile.slice('file://'.length), { recursive: true, force: true });
    }
    for (const r of rendered) {
      const pdfFile = r.file.replace(/\.docx$/, '.pdf');
      assert.ok(existsSync(pdfFile), `${r.era}/${r.no}: PDF written`);
      const pdf = readFileSync(pdfFile).toString('latin1');
      assert.ok(pdf.startsWith('%PDF-'), 'a PDF');
      const boxes = [
        ...pdf.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g),
      ].map((m) => [Number(m[3]) - Number(m[1]), Number(m[4]) - Number(m[2])]);
      const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.ok(pages >= 1, `${r.era}/${r.no}: has pages`);
      assert.ok(boxes.length >= 1, `${r.era}/${r.no}: has a MediaBox`);
      // A5 = 419.5 × 595.3 pt; A4 landscape = 841.9 × 595.3 pt
      const [w, h] = r.paper === 'A5' ? [419.5, 595.3] : [841.9, 595.3];
      for (const [bw, bh] of boxes) {
        assert.ok(
          Math.abs(bw! - w) < 2 && Math.abs(bh! - h) < 2,
          `${r.era}/${r.no}: page ${bw}×${bh}, want ${w}×${h}`,
        );
      }
      if (r.kind !== 'book') assert.ok(pages <= 2, `${r.era}/${r.no}: ${pages} pages on A5`);
      // the font LibreOffice used: Times New Roman or its metric twin Liberation Serif
      assert.match(
        pdf,
        /\/BaseFont\s*\/[A-Z]{6}\+(TimesNewRoman|LiberationSerif)/,
        `${r.era}/${r.no}: serif font`,
      );
      const txt = readFileSync(r.file.replace(/\.docx$/, '.txt'), 'utf8').normalize('NFC');
      for (const text of [
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        r.title,
        APPLICANT,
      ])
        assert.ok(txt.includes(text), `${r.era}/${r.no} as read by LibreOffice: ${text}`);
    }
    const book61 = readFileSync(join(dir, 'nd61-06.pdf')).toString('latin1');
    assert.ok((book61.match(/\/Type\s*\/Page[^s]/g) ?? []).length >= 2, 'the 40-row book runs over pages');
  },
);

test.after(() => rmSync(dir, { recursive: true, force: true }));
