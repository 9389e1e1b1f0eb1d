/**
 * Exports of a periodic report snapshot (issue 6 points 3 and 10): DOCX in the Decree 30 layout (docx.ts),
 * XLSX annexes (xlsx.ts), PDF through LibreOffice (pdf.ts). A snapshot never changes, so an export of it is
 * reproducible. Who: office_leader, office_specialist, admin (PERIODIC_REPORT_ROLES); others 403.
 *
 * - `POST /api/reports/periodic/exports` `{ snapshotId, format: 'docx' | 'xlsx' | 'pdf' }` → 202 `{ jobId }`:
 *   a background job (src/kernel/jobs) — follow it with `GET /api/jobs/:id`, cancel with `DELETE`, fetch the
 *   file from `GET /api/jobs/:id/download`. The snapshot is checked before the job is queued (404 `id`
 *   → path `snapshotId`); a bad format → 400 with path `format`.
 * - `GET /api/reports/periodic/snapshots/:id/export.docx | .xlsx | .pdf` → the file at once (for scripts).
 *   It takes a slot of the jobs runner (the same `KIENTAO_JOBS_CONCURRENCY` limit as the queued jobs); when
 *   every slot is busy → 503 `busy` with `retry-after: 10` (use the job endpoint to wait in line).
 * - A user with 5 unfinished export jobs (`KIENTAO_JOBS_PER_USER`) gets 429 `too_many_jobs` on POST.
 *
 * The DOCX/XLSX are built in a worker thread (kernel/jobs/worker.ts), so the event loop stays free; the
 * PDF conversion is a soffice child process, killed on cancel. File names follow the period:
 * `bao-cao-9-thang-2022.docx`, `bao-cao-thang-3-2022.xlsx`, `bao-cao-quy-3-2022.pdf`, `bao-cao-nam-2022…`.
 * Progress of a PDF job: 0–50 % the DOCX, 50–100 % LibreOffice (one step, no finer progress).
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App, ServerContext } from '../../../server/context.ts';
import { requireRole } from '../../../kernel/auth/http.ts';
import { jobRunner, type JobResult } from '../../../kernel/jobs/runner.ts';
import { attachment } from '../../../kernel/jobs/routes.ts';
import { runInWorker } from '../../../kernel/jobs/worker.ts';
import { AppError } from '../../../kernel/errors.ts';
import { DOCX_MIME } from './docx.ts';
import { XLSX_MIME } from './xlsx.ts';
import { PDF_MIME, docxToPdf } from './pdf.ts';
import { getSnapshot } from './snapshots.ts';
import { PERIODIC_REPORT_ROLES } from './routes.ts';
import type { ReportingPeriod, ReportSnapshot } from './types.ts';

export const EXPORT_FORMATS = ['docx', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const MIME: Record<ExportFormat, string> = { docx: DOCX_MIME, xlsx: XLSX_MIME, pdf: PDF_MIME };

/** `bao-cao-9-thang-2022`, `bao-cao-thang-3-2022`, `bao-cao-quy-3-2022`, `bao-cao-6-thang-2022`, `bao-cao-nam-2022`. */
export function exportBaseName(p: ReportingPeriod): string {
  switch (p.kind) {
    case 'month':
      return `bao-cao-thang-${p.number}-${p.year}`;
    case 'quarter':
      return `bao-cao-quy-${p.number}-${p.year}`;
    case '6_months':
      return `bao-cao-6-thang-${p.year}`;
    case '9_months':
      return `bao-cao-9-thang-${p.year}`;
    case 'year':
      return `bao-cao-nam-${p.year}`;
    default:
      return `bao-cao-${p.from}-${p.to}`;
  }
}

const DOCX_MODULE = 'src/modules/reports/periodic/docx.ts';
const XLSX_MODULE = 'src/modules/reports/periodic/xlsx.ts';

/**
 * Builds one export of a snapshot. `onProgress` 0–100 with a message (vi); `signal` aborts (worker
 * terminated, soffice killed). `baseUrl` makes the XLSX figure links absolute.
 */
export async function buildExport(
  snapshot: ReportSnapshot,
  format: ExportFormat,
  opts: { onProgress?(pct: number, msg?: string): void; signal?: AbortSignal; baseUrl?: string } = {},
): Promise<JobResult> {
  const progress = opts.onProgress ?? (() => {});
  const filename = `${exportBaseName(snapshot.report.period)}.${format}`;
  if (format === 'xlsx') {
    progress(0, 'Đang lập phụ lục XLSX');
    const file = await runInWorker(
      XLSX_MODULE,
      'renderXlsxInWorker',
      { snapshot, baseUrl: opts.baseUrl },
      { onProgress: (p) => progress(p), signal: opts.signal },
    );
    return { file, filename, contentType: MIME.xlsx };
  }
  progress(0, 'Đang lập văn bản DOCX');
  const scale = format === 'pdf' ? 0.5 : 1;
  const docx = await runInWorker(DOCX_MODULE, 'renderPeriodicDocx', snapshot, {
    onProgress: (p) => progress(p * scale),
    signal: opts.signal,
  });
  if (format === 'docx') return { file: docx, filename, contentType: MIME.docx };
  progress(50, 'Đang chuyển sang PDF (LibreOffice)');
  const file = await docxToPdf(docx, opts.signal);
  return { file, filename, contentType: MIME.pdf };
}

const baseUrlOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

const ExportBody = z
  .object({
    snapshotId: z.uuid(),
    format: z.enum(EXPORT_FORMATS),
  })
  .strict();

export async function periodicExportRoutes(app: App, ctx: ServerContext): Promise<void> {
  const { db } = ctx.database;
  const runner = jobRunner(db);

  app.post(
    '/api/reports/periodic/exports',
    {
      schema: {
        tags: ['reports'],
        summary: 'Xuất báo cáo định kỳ (tác vụ nền) / Export a periodic report (background job)',
        body: ExportBody,
        response: { 202: z.object({ jobId: z.string() }) },
      },
    },
    async (req, reply) => {
      const p = requireRole(req, PERIODIC_REPORT_ROLES);
      const { snapshotId, format } = req.body;
      const snapshot = await getSnapshot(db, snapshotId).catch((e: unknown) => {
        if (e instanceof AppError && e.status === 404)
          throw new AppError(404, e.code, e.messageVi, e.messageEn, 'snapshotId');
        throw e;
      });
      const baseUrl = baseUrlOf(req);
      const jobId = await runner.start(
        `periodic_export_${format}`,
        p.id,
        { snapshotId, format },
        ({ progress, signal }) => buildExport(snapshot, format, { onProgress: progress, signal, baseUrl }),
      );
      return reply.code(202).send({ jobId });
    },
  );

  const direct = (format: ExportFormat) =>
    app.get(
      `/api/reports/periodic/snapshots/:id/export.${format}`,
      {
        schema: {
          tags: ['reports'],
          summary: `Tải báo cáo định kỳ dạng ${format.toUpperCase()} / Download as ${format.toUpperCase()}`,
          params: z.object({ id: z.uuid() }),
        },
      },
      async (req, reply) => {
        requireRole(req, PERIODIC_REPORT_ROLES);
        const snapshot = await getSnapshot(db, req.params.id);
        const release = runner.tryAcquire();
        if (!release) {
          reply.header('retry-after', '10');
          throw new AppError(
            503,
            'busy',
            'Máy chủ đang bận xuất báo cáo khác; thử lại sau hoặc dùng xuất nền (POST /api/reports/periodic/exports).',
            'The server is busy with other exports; retry later or use a background export (POST /api/reports/periodic/exports).',
          );
        }
        // a client that goes away cancels the work (worker terminated, soffice killed)
        const controller = new AbortController();
        const onGone = () => {
          if (!reply.raw.writableFinished) controller.abort();
        };
        reply.raw.on('close', onGone);
        try {
          const r = await buildExport(snapshot, format, {
            signal: controller.signal,
            baseUrl: baseUrlOf(req),
          });
          return reply
            .header('content-type', r.contentType)
            .header('content-disposition', attachment(r.filename))
            .header('cache-control', 'private, no-store')
            .send(r.file);
        } finally {
          release();
          reply.raw.off('close', onGone);
        }
      },
    );
  for (const f of EXPORT_FORMATS) direct(f);
}
