/** A compact, paged task list for a document or an agency page (same API as the task list). */
import { useState } from 'react';
import { Alert, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type Query } from '../api/client.ts';
import type { Page, TaskListItem, TaskStatus, Timeliness } from '../api/types.ts';
import { fmtDate } from '../lib/dates.ts';
import { useErrorText } from '../lib/errors.ts';
import { StatusTag, TimelinessTag } from './tags.tsx';

export function TaskMiniTable({
  query,
  showAgency = true,
  showDocument = true,
  emptyText,
  testId,
}: {
  query: Query;
  showAgency?: boolean;
  showDocument?: boolean;
  emptyText?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const q = { ...query, page, pageSize };
  const { data, isFetching, error } = useQuery({
    queryKey: ['tasks', 'mini', q],
    queryFn: () => api.get<Page<TaskListItem>>('/api/tasks', q),
    placeholderData: (prev) => prev,
  });
  const columns: TableColumnsType<TaskListItem> = [
    {
      title: t('tasks.ref'),
      dataIndex: 'ref',
      width: 150,
      render: (ref: string | null, r) => (
        <Link to={`/tasks/${r.id}`} className="nowrap">
          {ref ?? '—'}
        </Link>
      ),
    },
    {
      title: t('tasks.content'),
      dataIndex: 'title',
      render: (title: string, r) => (
        <div>
          <Link to={`/tasks/${r.id}`}>{title}</Link>
          {r.clause && <div className="muted small">{r.clause}</div>}
        </div>
      ),
    },
    ...(showDocument
      ? [
          {
            title: t('tasks.documentCol'),
            key: 'doc',
            width: 130,
            render: (_: unknown, r: TaskListItem) => (
              <Link to={`/documents/${r.documentId}`}>{r.documentNumber}</Link>
            ),
          },
        ]
      : []),
    ...(showAgency
      ? [
          {
            title: t('tasks.lead'),
            key: 'lead',
            width: 190,
            render: (_: unknown, r: TaskListItem) => (
              <Link to={`/agencies/${encodeURIComponent(r.leadAgency)}`}>{r.leadAgencyName}</Link>
            ),
          },
        ]
      : []),
    {
      title: t('tasks.assignedDate'),
      dataIndex: 'assignedDate',
      width: 105,
      render: (d: string) => fmtDate(d),
    },
    {
      title: t('tasks.deadline'),
      dataIndex: 'deadline',
      width: 105,
      render: (d: string | null) => (d ? fmtDate(d) : <span className="muted">{t('tasks.noDeadline')}</span>),
    },
    {
      title: t('tasks.status'),
      dataIndex: 'status',
      width: 140,
      render: (s: TaskStatus) => <StatusTag status={s} />,
    },
    {
      title: t('tasks.timeliness'),
      dataIndex: 'timeliness',
      width: 120,
      render: (v: Timeliness) => <TimelinessTag value={v} />,
    },
  ];
  if (error && !data) return <Alert type="error" showIcon message={errorText(error)} data-testid={testId} />;
  return (
    <Table<TaskListItem>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={isFetching}
      locale={{ emptyText }}
      scroll={{ x: 900 }}
      data-testid={testId}
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50],
        hideOnSinglePage: true,
        showTotal: (total) => t('common.rowsTotal', { count: total }),
        onChange: (p, s) => {
          setPage(s !== pageSize ? 1 : p);
          setPageSize(s);
        },
      }}
    />
  );
}
