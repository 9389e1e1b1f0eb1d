/**
 * The jobs API (issue 6 point 10). Every signed-in user may ask about HIS OWN jobs; an admin about any.
 * Someone else's job answers 404, the same as a job that does not exist (its existence is not disclosed).
 *
 * - `GET /api/jobs/:id` → `{ id, type, state, progress (0–100), message, errorCode, createdAt, finishedAt,
 *   downloadUrl | null }` (`downloadUrl` once `state = 'done'`); instants are ISO strings (UTC).
 * - `DELETE /api/jobs/:id` → cancels a queued or running job (state `cancelled`; a running renderer stops, a
 *   worker thread is terminated, soffice is killed; no file is kept) → the job; an ended job → 409
 *   `job_finished`.
 * - `GET /api/jobs/:id/download` → the file with `content-disposition: attachment` (UTF-8 filename);
 *   a job cancelled → 409 `job_cancelled`, failed → 409 `job_failed`, still queued/running → 409 `job_not_done`.
 */
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import { requireUser } from '../auth/http.ts';
import type { Principal } from '../auth/roles.ts';
import { AppError, notFound } from '../errors.ts';
import { JOB_STATES } from './states.ts';
import { jobRunner, type JobView } from './runner.ts';

const Params = z.object({ id: z.uuid() });

export const JobSchema = z.object({
  id: z.string(),
  type: z.string(),
  state: z.enum(JOB_STATES),
  progress: z.number().int().min(0).max(100),
  message: z.string().nullable(),
  errorCode: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  downloadUrl: z.string().nullable(),
});

/** The job as the API shows it. */
export function jobBody(j: JobView): z.infer<typeof JobSchema> {
  return {
    id: j.id,
    type: j.type,
    state: j.state,
    progress: j.progress,
    message: j.message,
    errorCode: j.errorCode,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt ? j.finishedAt.toISOString() : null,
    downloadUrl: j.state === 'done' ? `/api/jobs/${j.id}/download` : null,
  };
}

/** RFC 6266 content-disposition with an ASCII fallback and the UTF-8 name. */
export function attachment(filename: string): string {
  const ascii = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function jobRoutes(app: App, ctx: ServerContext): Promise<void> {
  const runner = jobRunner(ctx.database.db);
  app.addHook('onReady', () => runner.recover());
  app.addHook('onClose', () => runner.shutdown());

  /** The job if `p` may see it (owner or admin), else 404. */
  const visible = async (p: Principal, id: string) => {
    const j = await runner.get(id);
    if (!j || (j.ownerUserId !== p.id && !p.roles.includes('admin'))) throw notFound('tác vụ / job', 'id');
    return j;
  };

  app.get(
    '/api/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Tình trạng tác vụ nền / Background job status',
        params: Params,
        response: { 200: JobSchema },
      },
    },
    async (req) => jobBody(await visible(requireUser(req), req.params.id)),
  );

  app.delete(
    '/api/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Hủy tác vụ nền / Cancel a background job',
        params: Params,
        response: { 200: JobSchema },
      },
    },
    async (req) => {
      const j = await visible(requireUser(req), req.params.id);
      if (!(await runner.cancel(j.id)))
        throw new AppError(
          409,
          'job_finished',
          'Tác vụ đã kết thúc, không thể hủy.',
          'The job has already ended and cannot be cancelled.',
          'id',
        );
      return jobBody((await runner.get(j.id))!);
    },
  );

  app.get(
    '/api/jobs/:id/download',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Tải tệp kết quả của tác vụ / Download the job result',
        params: Params,
      },
    },
    async (req, reply) => {
      const j = await visible(requireUser(req), req.params.id);
      if (j.state === 'cancelled')
        throw new AppError(
          409,
          'job_cancelled',
          'Tác vụ đã bị hủy, không có tệp để tải. Hãy chạy lại nếu cần.',
          'The job was cancelled; there is no file. Run it again if needed.',
          'id',
        );
      if (j.state === 'failed')
        throw new AppError(
          409,
          'job_failed',
          'Tác vụ bị lỗi, không có tệp để tải. Hãy chạy lại hoặc báo quản trị viên.',
          'The job failed; there is no file. Run it again or tell an administrator.',
          'id',
        );
      const f = j.state === 'done' ? await runner.file(j.id) : null;
      if (!f)
        throw new AppError(
          409,
          'job_not_done',
          'Tác vụ chưa hoàn thành, chưa có tệp để tải.',
          'The job is not done; there is no file yet.',
          'id',
        );
      return reply
        .header('content-type', f.type)
        .header('content-disposition', attachment(f.name))
        .header('cache-control', 'private, no-store')
        .send(f.data);
    },
  );
}
