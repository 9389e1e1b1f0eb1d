/**
 * Files of a dossier (components scanned or uploaded, results): reading ONE file from a multipart request,
 * checking its type by its magic bytes, and storing it with the dossier together with an `attach_file`
 * event in the caller's transaction (issue 4 §3 "components and results may be scanned or uploaded and are
 * stored with the dossier", §6 "upload components"). Used by the staff route (`POST /api/dossiers/{code}/files`)
 * and the citizen's route after an online filing (`POST /api/public/dossiers/{code}/files`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../../kernel/errors.ts';
import { dossierEvents, dossierFiles, dossiers } from '../../db/schema.ts';
import { queryRows, type Tx } from '../../db/engine.ts';
import { isoHcm } from './fold.ts';
import type { DossierRow } from './service.ts';

/** Upload limit per file: 10 MB. */
export const FILE_MAX_BYTES = 10 * 1024 * 1024;

/** Types staff may upload (PDF, images, Word/Excel); every one is checked by its magic bytes. */
export const FILE_MIME_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;

/** Types a citizen may upload with an online filing: PDF, JPEG, PNG only. */
export const PUBLIC_FILE_MIME_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

const ascii = (b: Buffer, from: number, to: number) => b.subarray(from, to).toString('latin1');

/** Magic-byte checks per declared type (a declared type without a check is not accepted). */
export const MAGIC: Record<(typeof FILE_MIME_TYPES)[number], (b: Buffer) => boolean> = {
  'application/pdf': (b) => ascii(b, 0, 5) === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/tiff': (b) => ascii(b, 0, 4) === 'II*\u0000' || ascii(b, 0, 4) === 'MM\u0000*',
  'image/webp': (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (b) =>
    ascii(b, 0, 4) === 'PK\u0003\u0004',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (b) =>
    ascii(b, 0, 4) === 'PK\u0003\u0004',
};

/** One file read from a multipart request, with its text fields. */
export interface UploadedFile {
  name: string;
  mime: string;
  buf: Buffer;
  fields: Record<string, string>;
}

const tooLarge = () =>
  new AppError(
    413,
    'file_too_large',
    'Tệp quá lớn (tối đa 10 MB).',
    'The file is too large (max 10 MB).',
    'file',
  );

const invalidMultipart = () =>
  new AppError(
    400,
    'invalid_multipart',
    'Dữ liệu multipart không hợp lệ.',
    'Malformed multipart body.',
    'body',
  );

const tooManyFiles = () =>
  badRequest('too_many_files', 'Mỗi lần chỉ gửi một tệp.', 'Send one file per request.', 'file');

/** Maps the multipart reader's errors: too large → 413; truncated / malformed → 400; extra file → 400. */
function mapMultipartError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; message?: string };
  if (err.code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  if (err.code === 'FST_FILES_LIMIT') return tooManyFiles();
  // a body that ends inside a part: busboy's "Unexpected end of form", or — when the request stream has
  // already ended before the parts are read — the stream's premature close
  if (err.code === 'ERR_STREAM_PREMATURE_CLOSE') return invalidMultipart();
  if (err.code === 'FST_PARTS_LIMIT' || err.code === 'FST_FIELDS_LIMIT')
    return badRequest('too_many_parts', 'Quá nhiều trường dữ liệu.', 'Too many form fields.', 'body');
  if (
    /Boundary not found|terminated early|Unexpected end of (form|multipart)|Malformed part header|aborted/i.test(
      err.message ?? '',
    )
  )
    return invalidMultipart();
  return e;
}

/**
 * Reads exactly one file part (and the text fields around it) from a `multipart/form-data` request.
 * Errors: 415 `unsupported_media_type` (not multipart); 400 `file_required`, `too_many_files` (a 2nd file
 * part), `invalid_multipart` (truncated or malformed body), `empty_file`; 413 `file_too_large` (> 10 MB).
 * The type is NOT checked here (see `checkFileType`).
 */
export async function readOneFile(req: FastifyRequest): Promise<UploadedFile> {
  if (!req.isMultipart())
    throw new AppError(
      415,
      'unsupported_media_type',
      'Cần gửi tệp dạng multipart/form-data.',
      'Send the file as multipart/form-data.',
      'file',
    );
  const fields: Record<string, string> = {};
  let file: Omit<UploadedFile, 'fields'> | null = null;
  try {
    // files: 2 so that a second file part is seen (and refused) instead of being dropped silently
    for await (const part of req.parts({
      limits: { fileSize: FILE_MAX_BYTES, files: 2, fields: 20, parts: 24, fieldSize: 4096 },
    })) {
      if (part.type === 'file') {
        if (file) {
          part.file.resume();
          throw tooManyFiles();
        }
        const buf = await part.toBuffer();
        if (part.file.truncated) throw tooLarge();
        file = { name: safeFileName(part.filename), mime: part.mimetype, buf };
      } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
    }
  } catch (e) {
    throw mapMultipartError(e);
  }
  if (!file) throw badRequest('file_required', 'Thiếu tệp.', 'No file was sent.', 'file');
  if (file.buf.length > FILE_MAX_BYTES) throw tooLarge();
  if (!file.buf.length) throw badRequest('empty_file', 'Tệp rỗng.', 'The file is empty.', 'file');
  return { ...file, fields };
}

/**
 * Checks the declared type against the allowed list (415 `unsupported_file_type`) and the content against
 * the type's magic bytes (400 `file_content_mismatch`): a file is never trusted by its name or header.
 */
export function checkFileType(file: UploadedFile, allowed: readonly string[]): void {
  const magic = (MAGIC as Record<string, ((b: Buffer) => boolean) | undefined>)[file.mime];
  if (!allowed.includes(file.mime) || !magic) {
    const pub = allowed.length === PUBLIC_FILE_MIME_TYPES.length;
    throw new AppError(
      415,
      'unsupported_file_type',
      pub ? 'Chỉ nhận tệp PDF, JPEG, PNG.' : 'Chỉ nhận PDF, ảnh (JPEG, PNG, TIFF, WebP), DOCX, XLSX.',
      pub
        ? 'Only PDF, JPEG and PNG files are accepted.'
        : 'Only PDF, images (JPEG, PNG, TIFF, WebP), DOCX and XLSX are accepted.',
      'file',
    );
  }
  if (!magic(file.buf))
    throw badRequest(
      'file_content_mismatch',
      'Nội dung tệp không khớp kiểu khai báo.',
      'The file content does not match its declared type.',
      'file',
    );
}

/** `kind` (component | result, default component) and `componentIndex` (≥ 0, optional) from the fields. */
export function fileTarget(fields: Record<string, string>, allowResult = true) {
  const kind = fields.kind || 'component';
  if (kind !== 'component' && (kind !== 'result' || !allowResult))
    throw badRequest(
      'invalid_kind',
      allowResult ? 'Loại tệp: component | result.' : 'Loại tệp: component.',
      allowResult ? 'kind: component | result.' : 'kind: component.',
      'kind',
    );
  const ci = fields.componentIndex;
  const componentIndex = ci === undefined || ci === '' ? null : Number(ci);
  if (componentIndex !== null && (!/^\d{1,4}$/.test(ci!) || !Number.isInteger(componentIndex)))
    throw badRequest(
      'invalid_component_index',
      'Chỉ số thành phần không hợp lệ.',
      'Invalid component index.',
      'componentIndex',
    );
  return { kind: kind as 'component' | 'result', componentIndex };
}

/** Metadata of a stored file, as the API returns it. */
export interface StoredFile {
  id: string;
  kind: string;
  componentIndex: number | null;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  createdAt: string | null;
}

/**
 * Stores a file with the dossier and appends an `attach_file` event (version + 1) in the caller's
 * transaction; locks the dossier row first (concurrent uploads and actions serialise). The event's data holds
 * the file id, kind, component index, type, size and who sent it (`by`: staff | citizen) — not the file name.
 * 400 `invalid_component_index` when the dossier has no such component.
 */
export async function attachDossierFile(
  tx: Tx,
  dossierId: string,
  file: UploadedFile,
  target: { kind: 'component' | 'result'; componentIndex: number | null },
  actor: { id: string; displayName: string } | null,
  now = new Date(),
): Promise<StoredFile> {
  await queryRows(tx, sql`SELECT id FROM dossiers WHERE id = ${dossierId} FOR UPDATE`);
  const [row] = await tx.select().from(dossiers).where(eq(dossiers.id, dossierId));
  const d = row as DossierRow;
  const comps = (d.components as unknown[] | null) ?? [];
  if (target.componentIndex !== null && target.componentIndex >= comps.length)
    throw badRequest(
      'invalid_component_index',
      'Không có thành phần hồ sơ này.',
      'No such component.',
      'componentIndex',
    );
  const id = randomUUID();
  const sha256 = createHash('sha256').update(file.buf).digest('hex');
  const [f] = await tx
    .insert(dossierFiles)
    .values({
      id,
      dossierId,
      kind: target.kind,
      componentIndex: target.componentIndex,
      name: file.name,
      mime: file.mime,
      size: file.buf.length,
      sha256,
      data: file.buf.toString('base64'),
      createdBy: actor?.id ?? null,
    })
    .returning({ createdAt: dossierFiles.createdAt });
  const [last] = await queryRows<{ seq: number }>(
    tx,
    sql`SELECT coalesce(max(seq), 0)::int AS seq FROM dossier_events WHERE dossier_id = ${dossierId}`,
  );
  await tx.insert(dossierEvents).values({
    id: randomUUID(),
    dossierId,
    seq: Number(last?.seq ?? 0) + 1,
    type: 'attach_file',
    at: now,
    actorUserId: actor?.id ?? null,
    actorName: actor?.displayName ?? null,
    fromStatus: d.status,
    toStatus: d.status,
    note: null,
    data: {
      fileId: id,
      kind: target.kind,
      componentIndex: target.componentIndex,
      mime: file.mime,
      size: file.buf.length,
      by: actor ? 'staff' : 'citizen',
    },
  });
  await tx
    .update(dossiers)
    .set({ version: d.version + 1, updatedAt: now })
    .where(eq(dossiers.id, dossierId));
  return {
    id,
    kind: target.kind,
    componentIndex: target.componentIndex,
    name: file.name,
    mime: file.mime,
    size: file.buf.length,
    sha256,
    createdAt: isoHcm(f!.createdAt),
  };
}

/**
 * A client's file name as we store and send it back: NFC, no directory part, no control, bidi-override or
 * non-character code points (NUL, U+202E, U+FFFE/U+FFFF…: they break the database, XML and headers or
 * disguise an extension), at most 255 characters; `file` when nothing is left.
 */
export function safeFileName(name: string | undefined | null): string {
  const base = (name ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udfff]/g, (c, i: number, str: string) => {
      // keep well-formed surrogate pairs, drop lone halves
      const code = c.charCodeAt(0);
      if (code <= 0xdbff) return /[\udc00-\udfff]/.test(str[i + 1] ?? '') ? c : '';
      return /[\ud800-\udbff]/.test(str[i - 1] ?? '') ? c : '';
    })
    .trim();
  const cut = Array.from(clean).slice(0, 255).join('');
  return cut && cut !== '.' && cut !== '..' ? cut : 'file';
}
