/** Task import: upload an XLSX → preview of the parsed tasks + trial run → "Nhập" commits. */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type ErrorItem } from '../../api/client.ts';
import type { ImportResult, ImportTask } from '../../api/types.ts';
import { fmtDate } from '../../lib/dates.ts';
import { useErrorText } from '../../lib/errors.ts';

const rowOf = (e: ErrorItem): number | null => {
  if (typeof e.index === 'number') return e.index;
  const m = /^tasks\.(\d+)/.exec(e.path ?? '');
  return m ? Number(m[1]) : null;
};

export function ImportTasksTab() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const [fileName, setFileName] = useState<string | null>(null);
  const [tasks, setTasks] = useState<ImportTask[] | null>(null);
  const [dry, setDry] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'read' | 'dry' | 'commit' | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);

  const rowErrors = useMemo(() => {
    const m = new Map<number, string[]>();
    if (error instanceof ApiError) {
      for (const e of error.errors) {
        const r = rowOf(e);
        if (r === null) continue;
        m.set(r, [...(m.get(r) ?? []), en ? (e.messageEn ?? e.message) : e.message]);
      }
    }
    return m;
  }, [error, en]);

  const dryRun = async (list: ImportTask[]) => {
    setBusy('dry');
    try {
      setDry(await api.post<ImportResult>('/api/tasks/import', { tasks: list }, { dryRun: 'true' }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const read = async (file: File) => {
    setFileName(file.name);
    setTasks(null);
    setDry(null);
    setDone(null);
    setError(null);
    setBusy('read');
    try {
      const fd = new FormData();
      fd.append('file', file);
      const r = await api.post<{ tasks: ImportTask[] }>('/api/tasks/import/xlsx', fd);
      setTasks(r.tasks);
      setBusy(null);
      await dryRun(r.tasks);
    } catch (e) {
      setError(e);
      setBusy(null);
    }
  };

  const commit = async () => {
    if (!tasks) return;
    setBusy('commit');
    try {
      const r = await api.post<ImportResult>('/api/tasks/import', { tasks }, { dryRun: 'false' });
      setDone(r);
      void message.success(t('admin.committed', { imported: r.imported, skipped: r.skipped.length }));
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      void qc.invalidateQueries({ queryKey: ['reports'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<ImportTask & { i: number }> = [
    { title: t('admin.row'), dataIndex: 'i', width: 64, render: (i: number) => i + 2 },
    { title: t('tasks.ref'), dataIndex: 'ref', width: 130, className: 'nowrap' },
    { title: t('tasks.content'), dataIndex: 'title' },
    {
      title: t('tasks.documentCol'),
      key: 'doc',
      width: 130,
      render: (_: unknown, r) => (
        <div>
          <div className="nowrap">{r.document.number}</div>
          <div className="muted small">{fmtDate(r.document.date, r.document.date)}</div>
        </div>
      ),
    },
    { title: t('tasks.lead'), dataIndex: 'leadAgency', width: 100 },
    {
      title: t('tasks.assignedDate'),
      dataIndex: 'assignedAt',
      width: 100,
      render: (d: string) => fmtDate(d, d),
    },
    {
      title: t('tasks.deadline'),
      dataIndex: 'deadline',
      width: 100,
      render: (d: string | null) => (d ? fmtDate(d, d) : t('tasks.noDeadline')),
    },
    {
      title: t('admin.events'),
      key: 'ev',
      width: 76,
      align: 'right',
      render: (_: unknown, r) => r.events.length,
    },
    {
      title: t('admin.dryRun'),
      key: 'err',
      width: 220,
      render: (_: unknown, r) =>
        rowErrors.get(r.i)?.map((m, k) => (
          <Tag color="error" key={k} className="wrap-tag">
            {m}
          </Tag>
        )) ?? (dry ? <Tag color="success">OK</Tag> : null),
    },
  ];

  const step = done ? 3 : dry ? 2 : tasks ? 1 : 0;

  return (
    <div>
      <Typography.Paragraph type="secondary">{t('admin.xlsxHint')}</Typography.Paragraph>
      <Steps
        size="small"
        current={step}
        className="mb"
        items={[
          { title: t('admin.xlsxChoose') },
          { title: t('admin.preview') },
          { title: t('admin.dryRun') },
          { title: t('admin.commit') },
        ]}
      />
      <Space className="mb" wrap>
        <Upload
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          beforeUpload={(file) => {
            void read(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy === 'read'}>
            {t('admin.xlsxChoose')}
          </Button>
        </Upload>
        {fileName && <Typography.Text type="secondary">{fileName}</Typography.Text>}
        <Button
          type="primary"
          disabled={!tasks || !dry || !!done}
          loading={busy === 'commit'}
          onClick={() => void commit()}
          data-testid="import-commit"
        >
          {t('admin.commit')}
        </Button>
      </Space>
      {tasks && <Alert type="info" className="mb" title={t('admin.parsed', { count: tasks.length })} />}
      {dry && !done && (
        <Alert
          type="success"
          showIcon
          className="mb"
          title={t('admin.dryRunOk', { imported: dry.imported, skipped: dry.skipped.length })}
        />
      )}
      {done && (
        <Alert
          type="success"
          showIcon
          className="mb"
          title={t('admin.committed', { imported: done.imported, skipped: done.skipped.length })}
        />
      )}
      {error !== null && (
        <Alert
          type="error"
          showIcon
          className="mb"
          title={tasks && !dry ? t('admin.dryRunFailed') : errorText(error)}
          description={tasks && !dry ? errorText(error) : undefined}
        />
      )}
      {tasks && (
        <Table<ImportTask & { i: number }>
          rowKey="i"
          size="small"
          columns={columns}
          dataSource={tasks.map((x, i) => ({ ...x, i }))}
          rowClassName={(r) => (rowErrors.has(r.i) ? 'row-error' : '')}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 960 }}
        />
      )}
    </div>
  );
}
