/**
 * Export buttons DOCX / XLSX / PDF of the periodic report. Each starts an export job off the request
 * thread (POST /api/reports/periodic/exports → 202 { jobId }), shows its progress (GET /api/jobs/:id,
 * polled every 0.5 s) with a cancel button (DELETE /api/jobs/:id), and downloads the file when the job
 * is done (GET /api/jobs/:id/download, or the job's downloadUrl).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Flex, Progress, Space, Typography } from 'antd';
import {
  CloseCircleOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  FilePdfOutlined,
  FileWordOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../lib/errors.ts';
import { periodicApi, TERMINAL, type ExportFormat, type Job } from './api.ts';

const FORMATS: { format: ExportFormat; icon: ReactNode }[] = [
  { format: 'docx', icon: <FileWordOutlined /> },
  { format: 'xlsx', icon: <FileExcelOutlined /> },
  { format: 'pdf', icon: <FilePdfOutlined /> },
];

const downloadHref = (jobId: string, job?: Job) =>
  job?.downloadUrl || `/api/jobs/${encodeURIComponent(jobId)}/download`;

/** Starts a browser download of `href` (the server answers with Content-Disposition: attachment). */
function triggerDownload(href: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = '';
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export interface ExportButtonsProps {
  /** resolves to the snapshot to export (may create one first) */
  snapshotId: () => Promise<string>;
  disabled?: boolean;
}

export function ExportButtons({ snapshotId, disabled }: ExportButtonsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [jobs, setJobs] = useState<Partial<Record<ExportFormat, string>>>({});
  const [starting, setStarting] = useState<ExportFormat | null>(null);

  const start = async (format: ExportFormat) => {
    setStarting(format);
    try {
      const id = await snapshotId();
      const r = await periodicApi.startExport(id, format);
      setJobs((j) => ({ ...j, [format]: r.jobId }));
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setStarting(null);
    }
  };

  return (
    <div className="export-box" data-testid="export-box">
      <Space wrap>
        {FORMATS.map(({ format, icon }) => (
          <Button
            key={format}
            icon={icon}
            onClick={() => void start(format)}
            loading={starting === format}
            disabled={disabled || (starting !== null && starting !== format)}
            data-testid={`export-${format}`}
          >
            {t('periodic.export', { format: format.toUpperCase() })}
          </Button>
        ))}
      </Space>
      {FORMATS.map(({ format }) => {
        const id = jobs[format];
        return id ? (
          <ExportJob
            key={`${format}-${id}`}
            jobId={id}
            format={format}
            onClose={() => setJobs((j) => ({ ...j, [format]: undefined }))}
          />
        ) : null;
      })}
    </div>
  );
}

/** One running (or finished) export: progress, message, cancel, download. */
function ExportJob({ jobId, format, onClose }: { jobId: string; format: ExportFormat; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const F = format.toUpperCase();
  const [cancelling, setCancelling] = useState(false);
  const q = useQuery({
    queryKey: ['jobs', jobId],
    queryFn: () => periodicApi.job(jobId),
    refetchInterval: (query) => (query.state.data && TERMINAL.includes(query.state.data.state) ? false : 500),
    staleTime: 0,
  });
  const job = q.data;
  const downloaded = useRef(false);
  useEffect(() => {
    if (job?.state === 'done' && !downloaded.current) {
      downloaded.current = true;
      triggerDownload(downloadHref(jobId, job));
    }
  }, [job, jobId]);

  const cancel = async () => {
    setCancelling(true);
    try {
      await periodicApi.cancelJob(jobId);
      await q.refetch();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setCancelling(false);
    }
  };

  const state = job?.state ?? 'queued';
  const percent = Math.max(0, Math.min(100, Math.round(job?.progress ?? 0)));
  const running = state === 'queued' || state === 'running';
  return (
    <div
      className="export-job"
      data-testid={`job-${format}`}
      data-state={state}
      role="status"
      aria-live="polite"
    >
      <Flex align="center" gap={12} wrap>
        <Typography.Text strong className="export-format">
          {F}
        </Typography.Text>
        <Progress
          className="export-progress"
          percent={state === 'done' ? 100 : percent}
          status={
            state === 'failed' || state === 'cancelled'
              ? 'exception'
              : state === 'done'
                ? 'success'
                : 'active'
          }
          size="small"
          aria-label={t('periodic.exportRunning')}
          data-testid={`job-${format}-progress`}
        />
        <span className="muted small" data-testid={`job-${format}-state`}>
          {state === 'queued' && t('periodic.exportQueued')}
          {state === 'running' && `${t('periodic.exportRunning')}${job?.message ? `: ${job.message}` : ''}`}
          {state === 'done' && t('periodic.exportDone', { format: F })}
          {state === 'failed' && t('periodic.exportFailed', { format: F })}
          {state === 'cancelled' && t('periodic.exportCancelled', { format: F })}
        </span>
        {running && (
          <Button
            size="small"
            danger
            icon={<CloseCircleOutlined />}
            onClick={() => void cancel()}
            loading={cancelling}
            aria-label={t('periodic.cancelExport', { format: F })}
            data-testid={`job-${format}-cancel`}
          >
            {t('periodic.cancel')}
          </Button>
        )}
        {state === 'done' && (
          <a href={downloadHref(jobId, job)} download data-testid={`job-${format}-download`}>
            <DownloadOutlined /> {t('periodic.download', { format: F })}
          </a>
        )}
        {!running && (
          <Button size="small" type="text" onClick={onClose} aria-label={t('periodic.close')}>
            ×
          </Button>
        )}
      </Flex>
      {state === 'failed' && (
        <Alert
          type="error"
          showIcon
          className="mt-s"
          title={job?.message || t('periodic.exportFailed', { format: F })}
          description={job?.errorCode ?? undefined}
        />
      )}
      {q.error && <Alert type="error" showIcon className="mt-s" title={errorText(q.error)} />}
    </div>
  );
}
