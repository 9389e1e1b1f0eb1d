/**
 * PDF of an office document through LibreOffice headless (issue 6 point 3): `soffice --headless
 * --convert-to pdf` in a fresh temporary folder with its OWN user profile (`-env:UserInstallation=file:///…`),
 * so parallel conversions never share (and lock) a profile. The process runs in its own process group: a
 * timeout (default 120 s, env `KIENTAO_SOFFICE_TIMEOUT_MS`) or an abort kills the whole group (soffice and
 * its soffice.bin child). The folder is removed afterwards.
 *
 * Errors: soffice missing → 503 `pdf_unavailable`; a timeout or a failed conversion → 500-class `pdf_failed`
 * (never caused by user input: the input is a document we built); an abort rejects with an `AbortError`.
 * The binary: env `KIENTAO_SOFFICE` or `soffice` on the PATH.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../../kernel/errors.ts';

export const PDF_MIME = 'application/pdf';

const pdfUnavailable = () =>
  new AppError(
    503,
    'pdf_unavailable',
    'Không tạo được tệp PDF: máy chủ chưa cài LibreOffice (soffice).',
    'PDF export is unavailable: LibreOffice (soffice) is not installed on the server.',
  );
const pdfFailed = (why: string) =>
  new AppError(
    500,
    'pdf_failed',
    `Chuyển đổi sang PDF không thành công (${why}).`,
    `The PDF conversion failed (${why}).`,
  );
const abortError = () => Object.assign(new Error('aborted'), { name: 'AbortError' });

export interface ConvertOptions {
  signal?: AbortSignal;
  /** ms; default env KIENTAO_SOFFICE_TIMEOUT_MS or 120000 */
  timeoutMs?: number;
  /** LibreOffice filter target, default 'pdf' (e.g. 'csv', 'pdf:calc_pdf_Export') */
  to?: string;
}

/**
 * Converts `input` (a file named `in.<ext>`) with LibreOffice and returns the bytes of the result.
 * `ext` is the input's extension ('docx', 'xlsx'); the result extension is the part of `to` before ':'.
 */
export async function sofficeConvert(input: Buffer, ext: string, opts: ConvertOptions = {}): Promise<Buffer> {
  if (opts.signal?.aborted) throw abortError();
  const to = opts.to ?? 'pdf';
  const outExt = to.split(':')[0]!;
  const timeoutMs = opts.timeoutMs ?? (Number(process.env.KIENTAO_SOFFICE_TIMEOUT_MS) || 120_000);
  const dir = await mkdtemp(join(tmpdir(), 'kt-soffice-'));
  try {
    const src = join(dir, `in.${ext}`);
    await writeFile(src, input);
    const profile = pathToFileURL(join(dir, 'profile')).href;
    const bin = process.env.KIENTAO_SOFFICE || 'soffice';
    const args = [
      `-env:UserInstallation=${profile}`,
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--convert-to',
      to,
      '--outdir',
      dir,
      src,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(bin, args, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let settled = false;
      child.stdout.on('data', () => {});
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < 4000) stderr += d.toString();
      });
      const killGroup = () => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      };
      const finish = (e: Error | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (e) reject(e);
        else resolve();
      };
      const onAbort = () => {
        killGroup();
        finish(abortError());
      };
      const timer = setTimeout(() => {
        killGroup();
        finish(pdfFailed(`quá ${Math.round(timeoutMs / 1000)} giây / timed out`));
      }, timeoutMs);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (e: NodeJS.ErrnoException) =>
        finish(e.code === 'ENOENT' ? pdfUnavailable() : pdfFailed(e.message)),
      );
      child.on('close', (code) => {
        if (code === 0) finish(null);
        else finish(pdfFailed(`soffice exit ${code}: ${stderr.trim().slice(0, 300)}`));
      });
    });
    try {
      return await readFile(join(dir, `in.${outExt}`));
    } catch {
      throw pdfFailed('soffice produced no file');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A DOCX as PDF through LibreOffice (see the module docstring). */
export function docxToPdf(docx: Buffer, signal?: AbortSignal): Promise<Buffer> {
  return sofficeConvert(docx, 'docx', { signal, to: 'pdf' });
}
