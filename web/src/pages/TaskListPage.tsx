/**
 * Nhiệm vụ: the list behind every table cell. All filter state lives in the URL (a dashboard cell
 * link opens the right list; back works); paging and sorting happen on the server.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface.js';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Page, TaskListItem, TaskStatus, Timeliness } from '../api/types.ts';
import { TASK_STATUSES, TIMELINESS } from '../api/types.ts';
import { useAuth } from '../auth.tsx';
import { fmtDate, todayIso } from '../lib/dates.ts';
import { useUrlState } from '../lib/urlState.ts';
import { useErrorText } from '../lib/errors.ts';
import { AgencySelect, DocumentSelect, IsoDatePicker } from '../components/inputs.tsx';
import { StatusTag, TimelinessTag } from '../components/tags.tsx';
import { TaskCreateModal } from './TaskCreateModal.tsx';

const SORTS = ['assigned', 'deadline', 'status', 'agency', 'ref'] as const;
type Sort = (typeof SORTS)[number];
const PAGE_SIZES = [20, 50, 100];

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | undefined =>
  list.includes(v as T) ? (v as T) : undefined;

export default function TaskListPage() {
  const { t } = useTranslation();
  const { office } = useAuth();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const { get, set } = useUrlState();
  const [creating, setCreating] = useState(false);

  const status = oneOf(TASK_STATUSES, get('status'));
  const timeliness = oneOf(TIMELINESS, get('timeliness'));
  const sort = oneOf(SORTS, get('sort'));
  const order = get('order') === 'desc' ? 'desc' : get('order') === 'asc' ? 'asc' : undefined;
  const page = Math.max(1, Number(get('page') ?? 1) || 1);
  const pageSizeRaw = Number(get('pageSize') ?? 20);
  const pageSize = PAGE_SIZES.includes(pageSizeRaw) ? pageSizeRaw : 20;
  const query = {
    from: get('from'),
    to: get('to'),
    asOf: get('asOf'),
    status,
    timeliness,
    agency: get('agency'),
    q: get('q'),
    document: get('document'),
    deadlineFrom: get('deadlineFrom'),
    deadlineTo: get('deadlineTo'),
    sort,
    order,
    page,
    pageSize,
  };

  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);

  const { data, error, isFetching } = useQuery({
    queryKey: ['tasks', query],
    queryFn: () => api.get<Page<TaskListItem>>('/api/tasks', query),
    placeholderData: (prev) => prev,
  });

  const today = todayIso();
  const asOfShown = query.asOf ?? query.to ?? today;
  const windowText = query.from
    ? t('tasks.windowLabel', {
        from: fmtDate(query.from),
        to: fmtDate(query.to ?? today),
        asOf: fmtDate(asOfShown),
      })
    : t('tasks.windowAll', { asOf: fmtDate(asOfShown) });

  const sortOrder = (key: Sort) =>
    sort === key ? (order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null;

  const columns: TableColumnsType<TaskListItem> = [
    {
      title: t('tasks.ref'),
      dataIndex: 'ref',
      key: 'ref',
      width: 128,
      sorter: true,
      sortOrder: sortOrder('ref'),
      render: (ref: string | null, r) => (
        <Link to={`/tasks/${r.id}`} className="nowrap">
          {ref ?? '—'}
        </Link>
      ),
    },
    {
      title: t('tasks.content'),
      dataIndex: 'title',
      key: 'title',
      render: (title: string, r) => (
        <div>
          <Link to={`/tasks/${r.id}`} className="task-title-link">
            {title}
          </Link>
          {r.clause && <div className="muted small">{r.clause}</div>}
        </div>
      ),
    },
    {
      title: t('tasks.documentCol'),
      key: 'document',
      width: 112,
      render: (_: unknown, r) => (
        <div>
          <Link to={`/documents/${r.documentId}`} className="nowrap">
            {r.documentNumber}
          </Link>
          {r.documentDate && <div className="muted small">{fmtDate(r.documentDate)}</div>}
        </div>
      ),
    },
    {
      title: t('tasks.lead'),
      dataIndex: 'leadAgencyName',
      key: 'agency',
      width: 150,
      sorter: true,
      sortOrder: sortOrder('agency'),
      render: (name: string, r) => <Link to={`/agencies/${encodeURIComponent(r.leadAgency)}`}>{name}</Link>,
    },
    {
      title: t('tasks.assignedDate'),
      dataIndex: 'assignedDate',
      key: 'assigned',
      width: 94,
      sorter: true,
      sortOrder: sortOrder('assigned'),
      render: (d: string) => fmtDate(d),
    },
    {
      title: t('tasks.deadline'),
      dataIndex: 'deadline',
      key: 'deadline',
      width: 94,
      sorter: true,
      sortOrder: sortOrder('deadline'),
      render: (d: string | null) => (d ? fmtDate(d) : <span className="muted">{t('tasks.noDeadline')}</span>),
    },
    {
      title: t('tasks.status'),
      dataIndex: 'status',
      key: 'status',
      width: 132,
      sorter: true,
      sortOrder: sortOrder('status'),
      render: (s: TaskStatus) => <StatusTag status={s} />,
    },
    {
      title: t('tasks.timeliness'),
      dataIndex: 'timeliness',
      key: 'timeliness',
      width: 96,
      render: (v: Timeliness) => <TimelinessTag value={v} />,
    },
  ];

  const onTableChange = (
    p: TablePaginationConfig,
    _f: unknown,
    s: SorterResult<TaskListItem> | SorterResult<TaskListItem>[],
  ) => {
    const one = Array.isArray(s) ? s[0] : s;
    const key = oneOf(SORTS, typeof one?.columnKey === 'string' ? one.columnKey : undefined);
    const nextSort = one?.order ? key : undefined;
    const nextOrder = one?.order === 'descend' ? 'desc' : one?.order === 'ascend' ? 'asc' : undefined;
    const sortChanged = nextSort !== sort || nextOrder !== order;
    const sizeChanged = (p.pageSize ?? pageSize) !== pageSize;
    set(
      {
        sort: nextSort,
        order: nextOrder,
        pageSize: (p.pageSize ?? pageSize) === 20 ? undefined : p.pageSize,
        page: sortChanged || sizeChanged || (p.current ?? 1) === 1 ? undefined : p.current,
      },
      { keepPage: true },
    );
  };

  const hasFilters = [
    'status',
    'timeliness',
    'agency',
    'q',
    'document',
    'deadlineFrom',
    'deadlineTo',
    'from',
    'to',
    'asOf',
  ].some((k) => get(k));

  return (
    <div className="page">
      <Flex justify="space-between" align="flex-start" wrap gap={12}>
        <div>
          <Typography.Title level={2} className="page-title">
            {t('tasks.title')}
          </Typography.Title>
          <div className="window-line" role="group" aria-label={t('tasks.windowEdit')}>
            <span className="muted">{t('dashboard.assignedFrom')}</span>
            <IsoDatePicker
              size="small"
              variant="borderless"
              aria-label={t('dashboard.assignedFrom')}
              placeholder={t('tasks.anyDate')}
              value={query.from}
              onChange={(v) => set({ from: v })}
            />
            <span className="muted">{t('common.to').toLowerCase()}</span>
            <IsoDatePicker
              size="small"
              variant="borderless"
              aria-label={t('common.to')}
              value={query.to}
              placeholder={fmtDate(today)}
              onChange={(v) => set({ to: v })}
            />
            <span className="muted">{t('dashboard.asOf').toLowerCase()}</span>
            <IsoDatePicker
              size="small"
              variant="borderless"
              aria-label={t('dashboard.asOf')}
              value={query.asOf}
              placeholder={fmtDate(query.to ?? today)}
              onChange={(v) => set({ asOf: v })}
            />
            <span className="sr-only">{windowText}</span>
          </div>
        </div>
        <Space>
          <Button onClick={() => navigate('/tasks')} disabled={!hasFilters}>
            {t('common.reset')}
          </Button>
          {office && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="task-create"
            >
              {t('tasks.create')}
            </Button>
          )}
        </Space>
      </Flex>

      <Card size="small" className="filters mt-s">
        <Form layout="vertical" className="filter-grid compact">
          <Form.Item label={t('common.search')} htmlFor="task-q" className="span-2">
            <Input.Search
              id="task-q"
              allowClear
              value={text}
              onChange={(e) => setText(e.target.value)}
              onSearch={(v) => set({ q: v.trim() || undefined })}
              placeholder={t('tasks.searchPlaceholder')}
              data-testid="task-search"
            />
          </Form.Item>
          <Form.Item label={t('tasks.status')} htmlFor="task-status">
            <Select<TaskStatus>
              id="task-status"
              allowClear
              placeholder={t('common.all')}
              value={status}
              onChange={(v) => set({ status: v })}
              options={TASK_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('tasks.timeliness')} htmlFor="task-timeliness">
            <Select<Timeliness>
              id="task-timeliness"
              allowClear
              placeholder={t('common.all')}
              value={timeliness}
              onChange={(v) => set({ timeliness: v })}
              options={TIMELINESS.map((s) => ({ value: s, label: t(`timeliness.${s}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('tasks.agency')} htmlFor="task-agency" className="span-2">
            <AgencySelect
              id="task-agency"
              allowClear
              placeholder={t('common.all')}
              value={query.agency}
              onChange={(v) => set({ agency: typeof v === 'string' ? v : undefined })}
            />
          </Form.Item>
          <Form.Item label={t('tasks.document')} htmlFor="task-document" className="span-2">
            <DocumentSelect
              id="task-document"
              allowClear
              placeholder={t('common.all')}
              value={query.document}
              onChange={(v) => set({ document: v })}
            />
          </Form.Item>
          <Form.Item label={t('tasks.deadlineRange')} className="span-2">
            <Space.Compact block>
              <IsoDatePicker
                aria-label={`${t('tasks.deadlineRange')} — ${t('common.from')}`}
                placeholder={t('common.from')}
                value={query.deadlineFrom}
                onChange={(v) => set({ deadlineFrom: v })}
              />
              <IsoDatePicker
                aria-label={`${t('tasks.deadlineRange')} — ${t('common.to')}`}
                placeholder={t('common.to')}
                value={query.deadlineTo}
                onChange={(v) => set({ deadlineTo: v })}
              />
            </Space.Compact>
          </Form.Item>
        </Form>
      </Card>

      {error && (
        <Alert
          type="error"
          showIcon
          className="mt"
          title={t('common.loadError')}
          description={errorText(error)}
        />
      )}

      <Card size="small" className="mt">
        <div className="list-total" role="status" aria-live="polite">
          {t('tasks.totalLabel')}: <strong data-testid="task-total">{data ? data.total : ''}</strong>{' '}
          {t('tasks.tasksUnit')}
        </div>
        <Table<TaskListItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          onChange={onTableChange}
          locale={{ emptyText: t('tasks.empty') }}
          scroll={{ x: 1040 }}
          data-testid="task-table"
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total, [start, end]) => t('tasks.range', { start, end, total }),
          }}
        />
      </Card>
      {creating && (
        <TaskCreateModal
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate(`/tasks/${id}`);
          }}
        />
      )}
    </div>
  );
}
