/** Hồ sơ: the staff list of dossiers (search, status, channel; paging in the URL). */
import './onestop.css';
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Flex, Input, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { fmtDateTime } from '../../lib/dates.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useUrlState } from '../../lib/urlState.ts';
import { fmtDeadline, fmtNum } from './api.ts';
import { CHANNELS, DOSSIER_STATUSES, procCode, procName, statusLabel, type DossierListItem } from './api.ts';
import { DossierStatusTag, TimelinessTag } from './tags.tsx';
import { BookButton } from './BookButton.tsx';

export default function DossierListPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const errorText = useErrorText();
  const { user } = useAuth();
  const counter = !!user?.roles.some((r) => r === 'admin' || r === 'counter_staff' || r === 'centre_leader');
  const { get, set } = useUrlState();
  const page = Math.max(1, Number(get('page') ?? 1) || 1);
  const pageSize = [20, 50, 100].includes(Number(get('pageSize'))) ? Number(get('pageSize')) : 20;
  const query = {
    q: get('q'),
    status: get('status'),
    channel: get('channel'),
    from: get('from'),
    to: get('to'),
    page,
    pageSize,
  };
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);
  const { data, error, isFetching } = useQuery({
    queryKey: ['dossiers', query],
    queryFn: () => api.get<{ items: DossierListItem[]; total: number }>('/api/dossiers', query),
    placeholderData: (p) => p,
  });

  const columns: TableColumnsType<DossierListItem> = [
    {
      title: t('dossiers.code'),
      dataIndex: 'code',
      width: 200,
      render: (c: string) => (
        <Link to={`/dossiers/${encodeURIComponent(c)}`} className="nowrap" data-testid={`dossier-link-${c}`}>
          {c}
        </Link>
      ),
    },
    {
      title: t('dossiers.procedure'),
      key: 'procedure',
      render: (_: unknown, r) => (
        <div>
          <div className="ellipsis-2">{procName(r)}</div>
          <div className="muted small">{procCode(r)}</div>
        </div>
      ),
    },
    {
      title: t('dossiers.applicant'),
      key: 'applicant',
      width: 160,
      responsive: ['lg'],
      render: (_: unknown, r) => r.applicantName ?? r.applicant?.name ?? '—',
    },
    {
      title: t('dossiers.channel'),
      dataIndex: 'channel',
      width: 90,
      responsive: ['md'],
      render: (c: string) => t(`dossiers.channels.${c}`, { defaultValue: c }),
    },
    {
      title: t('dossiers.receivedAt'),
      dataIndex: 'receivedAt',
      width: 130,
      responsive: ['xxl'],
      render: (d: string | null) => fmtDateTime(d),
    },
    {
      title: t('dossiers.appointment'),
      dataIndex: 'appointmentAt',
      width: 130,
      // 24:00 of the last day → the date only; a limit in hours → "trước 10:30, dd/mm/yyyy"
      render: (d: string | null) => fmtDeadline(d, i18n.language.startsWith('en')),
    },
    {
      title: t('dossiers.status'),
      key: 'status',
      width: 150,
      render: (_: unknown, r) => (
        <div>
          <DossierStatusTag status={r.status} />
          <TimelinessTag value={r.timeliness} />
        </div>
      ),
    },
  ];

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} className="page-title">
          {t('dossiers.listTitle')}
        </Typography.Title>
        <Flex gap={8} wrap>
          <BookButton />
          {counter && (
            <Link to="/counter">
              <Button type="primary">{t('dossiers.counterTitle')}</Button>
            </Link>
          )}
        </Flex>
      </Flex>
      <Card size="small" className="mt-s">
        <Flex gap={8} wrap align="center">
          <Input.Search
            allowClear
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => set({ q: v.trim() })}
            placeholder={t('dossiers.searchPh')}
            aria-label={t('dossiers.search')}
            style={{ maxWidth: 360 }}
            data-testid="dossier-search"
          />
          <Select
            allowClear
            placeholder={t('dossiers.status')}
            aria-label={t('dossiers.status')}
            value={query.status}
            onChange={(v: string | undefined) => set({ status: v })}
            style={{ minWidth: 200 }}
            options={DOSSIER_STATUSES.map((s) => ({ value: s, label: statusLabel(s, en) }))}
            data-testid="dossier-status-filter"
          />
          <Select
            allowClear
            placeholder={t('dossiers.channel')}
            aria-label={t('dossiers.channel')}
            value={query.channel}
            onChange={(v: string | undefined) => set({ channel: v })}
            style={{ minWidth: 150 }}
            options={CHANNELS.map((c) => ({ value: c, label: t(`dossiers.channels.${c}`) }))}
          />
          <span className="muted">
            {t('dossiers.totalN', { n: fmtNum(data?.total ?? 0) })}
            <span className="sr-only" data-testid="dossier-total">
              {data?.total ?? 0}
            </span>
          </span>
        </Flex>
      </Card>
      {error && <Alert type="error" showIcon className="mt" title={errorText(error)} />}
      <Card size="small" className="mt">
        <Table<DossierListItem>
          rowKey="code"
          size="small"
          loading={isFetching}
          columns={columns}
          dataSource={data?.items ?? []}
          data-testid="dossier-table"
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            onChange: (p, s) =>
              set({ page: p === 1 ? null : p, pageSize: s === 20 ? null : s }, { keepPage: true }),
          }}
        />
      </Card>
    </div>
  );
}
