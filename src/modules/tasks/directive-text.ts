/**
 * The text of an uploaded directive (văn bản chỉ đạo) for the task proposer: DOCX through `mammoth`
 * (`extractRawText`: paragraphs separated by blank lines; Word's automatic numbering is not text and is
 * lost, typed numbers "1.", "a)" are kept) and PDF through `unpdf` (`extractText` with `mergePages`; a
 * scanned PDF without a text layer gives no text). The type is told by the file's first bytes, not by
 * its name. Every failure is a 400 naming `file`.
 *
 * Also reads the document's own number and date from its header (ND 30/2020/NĐ-CP Appendix I: "Số: …"
 * and the place-and-date line "Quảng Ngãi, ngày 15 tháng 8 năm 2022").
 */
import mammoth from 'mammoth';
import { unzipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';
import { badRequest } from '../../kernel/errors.ts';
import { isIsoDate } from '../../kernel/calendar/dates.ts';
import { extractReferences } from '../../kernel/documents/references.ts';

/** Largest directive file accepted (bytes). */
export const MAX_DIRECTIVE_BYTES = 10 * 1024 * 1024;
/** Longest directive text accepted (characters), pasted or extracted. */
export const MAX_DIRECTIVE_CHARS = 300_000;

/** Most entries a DOCX may hold (its central directory is read before anything is inflated). */
export const MAX_DOCX_ENTRIES = 2_000;
/** Largest total uncompressed size of a DOCX's entries (bytes), as its central directory declares them. */
export const MAX_DOCX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024;

export type DirectiveFileType = 'docx' | 'pdf';

/**
 * Refuses a ZIP bomb before mammoth inflates it: reads the central directory only (fflate's filter sees
 * every entry's declared `originalSize` and extracts nothing) and refuses more than `MAX_DOCX_ENTRIES`
 * entries or more than `MAX_DOCX_UNCOMPRESSED_BYTES` in total.
 * @throws AppError 400 `file_too_large` (path `file`); `unreadable_file` when the ZIP cannot be read
 */
export function checkDocxArchive(buf: Buffer): void {
  let entries = 0;
  let total = 0;
  let tooLarge = false;
  try {
    unzipSync(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), {
      filter: (f) => {
        entries += 1;
        total += Math.max(0, f.originalSize);
        if (entries > MAX_DOCX_ENTRIES || total > MAX_DOCX_UNCOMPRESSED_BYTES) tooLarge = true;
        return false;
      },
    });
  } catch {
    throw unreadable('docx');
  }
  if (tooLarge) {
    throw badRequest(
      'file_too_large',
      `Tệp DOCX giải nén quá lớn (tối đa ${MAX_DOCX_ENTRIES} mục và ${MAX_DOCX_UNCOMPRESSED_BYTES / 1024 / 1024} MB khi giải nén).`,
      `The DOCX is too large once unpacked (at most ${MAX_DOCX_ENTRIES} entries and ${MAX_DOCX_UNCOMPRESSED_BYTES / 1024 / 1024} MB uncompressed).`,
      'file',
    );
  }
}

function unreadable(type: DirectiveFileType) {
  return badRequest(
    'unreadable_file',
    `Không đọc được tệp ${type.toUpperCase()} (tệp hỏng hoặc có mật khẩu).`,
    `The ${type.toUpperCase()} file cannot be read (damaged or password-protected).`,
    'file',
  );
}

/** 'docx' (a ZIP holding word/document.xml), 'pdf' (%PDF-) or null. */
export function sniffType(buf: Buffer): DirectiveFileType | null {
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return 'docx';
  return null;
}

/**
 * The plain text of a DOCX or PDF directive.
 * A DOCX is first checked by `checkDocxArchive` (ZIP bomb).
 * @throws AppError 400 `file_too_large` | `unsupported_file_type` | `unreadable_file` | `no_text` (path `file`)
 */
export async function directiveText(buf: Buffer): Promise<{ type: DirectiveFileType; text: string }> {
  if (buf.length > MAX_DIRECTIVE_BYTES) {
    throw badRequest(
      'file_too_large',
      `Tệp quá lớn (tối đa ${MAX_DIRECTIVE_BYTES / 1024 / 1024} MB).`,
      `The file is too large (at most ${MAX_DIRECTIVE_BYTES / 1024 / 1024} MB).`,
      'file',
    );
  }
  const type = sniffType(buf);
  if (!type) {
    throw badRequest(
      'unsupported_file_type',
      'Chỉ nhận tệp DOCX hoặc PDF.',
      'Only DOCX or PDF files are accepted.',
      'file',
    );
  }
  if (type === 'docx') checkDocxArchive(buf);
  let text: string;
  try {
    if (type === 'docx') {
      text = (await mammoth.extractRawText({ buffer: buf })).value;
    } else {
      const pdf = await getDocumentProxy(new Uint8Array(buf));
      text = (await extractText(pdf, { mergePages: true })).text;
    }
  } catch {
    throw unreadable(type);
  }
  text = text
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .normalize('NFC');
  if (!text.trim()) {
    throw badRequest(
      'no_text',
      'Tệp không có lớp chữ (có thể là bản quét); hãy dán nội dung văn bản.',
      'The file has no text layer (a scan?); paste the text instead.',
      'file',
    );
  }
  if (text.length > MAX_DIRECTIVE_CHARS) {
    throw badRequest(
      'text_too_long',
      `Văn bản quá dài (tối đa ${MAX_DIRECTIVE_CHARS} ký tự).`,
      `The text is too long (at most ${MAX_DIRECTIVE_CHARS} characters).`,
      'file',
    );
  }
  return { type, text };
}

/**
 * The directive's own number and date from its header (first 1,500 characters): "Số: 25/CT-UBND" and
 * "…, ngày 15 tháng 8 năm 2022" (or "ngày 15/8/2022" on that line). Null parts when absent or impossible.
 */
export function headerOf(text: string): { numberSymbol: string | null; date: string | null } {
  const head = text.normalize('NFC').slice(0, 1500);
  let numberSymbol: string | null = null;
  const so = /(?:^|\n)\s*Số\s*:\s*([0-9]+[^\s,;]*\/[^\s,;]+)/iu.exec(head);
  if (so) numberSymbol = so[1]!;
  else {
    const ref = extractReferences(head).find((r) => r.start < 300);
    if (ref) numberSymbol = ref.number;
  }
  let date: string | null = null;
  const m =
    /,\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu.exec(head) ??
    /,\s*ngày\s+(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/iu.exec(head);
  if (m) {
    const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    if (isIsoDate(iso)) date = iso;
  }
  return { numberSymbol, date };
}
