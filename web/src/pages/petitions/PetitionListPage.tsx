/**
 * Đơn thư: the list of petitions (GET /api/petitions: search blind to case and diacritics, status, kind,
 * eligibility, received from/to, overdue only; state in the URL). Opened from a statistics figure
 * (`?metric=…&from&to&asOf`), it shows that figure's rows instead (GET /api/reports/petitions/items), so
 * the list's total is the figure.
 */
import './petitions.css';
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Flex, Input, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useAgencyMap } from '../../api/hooks.ts';
import { useAuth } from '../../auth.tsx';
import { fmtDate } from '../../lib/dates.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useUrlState } from '../../lib/urlState.ts';
import { IsoDatePicker } from '../../components/inputs.tsx';
import {
  KINDS,
  PETITION_STATUSES,
  kindLabel,
  reasonLabel,
  statusLabel,
  type PetitionListItem,
} from './api.ts';
import { metricLabel, type DrillItem } from './metrics.ts';
import { KindTag, OverdueTag, PetitionStatusTag } from './tags.tsx';
import { petitionAccess } from './nav.tsx';

type Row = PetitionListItem & {
  nextDeadline?: { clock: string; dueDate: string } | null;
  date?: string | null;
};

export default function PetitionListPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const errorText = useErrorText();
  const { user } = useAuth();
  const agencies = useAgencyMap();
  const { get, set } = useUrlState();
  const page = Math.max(1, Number(get('page') ?? 1) || 1);
  const pageSize = [20, 50, 100].includes(Number(get('pageSize'))) ? Number(get('pageSize')) : 20;
  const metric = get('metric');
  const query = {
    q: get('q'),
    status: get('status'),
    kind: get('kind'),
    eligibility: get('eligibility'),
    from: get('from'),
    to: get('to'),
    overdue: get('overdue') === 'true' ? 'true' : undefined,
    page,
    pageSize,
  };
  const drill = { metric, from: get('from'), to: get('to'), asOf: get('asOf'), page, pageSize };
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);
  const { data, error, isFetching } = useQuery({
    queryKey: metric ? ['reports', 'petitions', 'items', drill] : ['petitions', query],
    queryFn: async (): Promise<{ items: Row[]; total: number }> => {
      if (!metric) return api.get<{ items: Row[]; total: number }>('/api/petitions', query);
      const r = await api.get<{ items: DrillItem[]; total: number }>('/api/reports/petitions/items', drill);
      return {
        total: r.total,
        items: r.items.map((x) => ({
          id: x.id,
          code: x.code,
          kind: x.kind ?? '',
          status: x.status ?? '',
          receivedDate: x.date,
          eligibility: x.eligibility,
          ineligibleReason: x.reason,
          handlingAgencyCode: x.handlingAgencyCode,
        })),
      };
    },
    placeholderData: (p) => p,
  });
  const agencyName = (c: string | null | undefined) => (c ? (agencies.get(c)?.name ?? c) : '—');

  const columns: TableColumnsType<Row> = [
    {
      title: t('pet.list.code'),
      dataIndex: 'code',
      width: 150,
      render: (c: string, r) => (
        <Link to={`/petitions/${r.id}`} className="nowrap" data-testid={`petition-link-${c}`}>
          {c}
        </Link>
      ),
    },
    {
      title: t('pet.list.received'),
      key: 'received',
      width: 105,
      render: (_: unknown, r) => fmtDate(r.receivedDate ?? r.receivedAt ?? null),
    },
    {
      title: t('pet.list.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (k: string) => (k ? <KindTag kind={k} /> : '—'),
    },
    ...(metric
      ? []
      : [
          {
            title: t('pet.list.content'),
            dataIndex: 'content',
            render: (c: string | null) => <div className="pet-clamp-2">{c ?? '—'}</div>,
          },
        ]),
    {
      title: t('pet.list.status'),
      key: 'status',
      width: 190,
      render: (_: unknown, r) => (
        <div>
          {r.status && <PetitionStatusTag status={r.status} />}
          <OverdueTag overdue={r.overdue} />
          {r.eligibility === 'ineligible' && (
            <div className="small muted">
              {t('pet.eligibility.ineligible')}
              {r.ineligibleReason ? `: ${reasonLabel(r.ineligibleReason, en)}` : ''}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('pet.list.handling'),
      dataIndex: 'handlingAgencyCode',
      width: 180,
      responsive: ['lg'],
      render: (c: string | null) => <span className="small">{agencyName(c)}</span>,
    },
    ...(metric
      ? []
      : [
          {
            title: t('pet.list.nextDue'),
            key: 'next',
            width: 110,
            render: (_: unknown, r: Row) => (
              <span className={r.overdue ? 'col-overdue' : undefined}>
                {fmtDate(r.nextDeadline?.dueDate ?? r.nextDueDate ?? null)}
              </span>
            ),
          },
        ]),
  ];

  const access = petitionAccess(user?.roles ?? []);
  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} className="page-title">
          {t('pet.list.title')}
        </Typography.Title>
        {access.desk && (
          <Link to="/receptions/new">
            <Button type="primary">{t('pet.nav.desk')}</Button>
          </Link>
        )}
      </Flex>
      {metric && (
        <Alert
          className="mt-s"
          type="info"
          showIcon
          data-testid="drill-banner"
          title={t('pet.list.metric', {
            metric: `${metricLabel(
              metric,
              t,
              (k) => kindLabel(k, en),
              (r) => reasonLabel(r, en),
            )} (${fmtDate(drill.from)} – ${fmtDate(drill.to)})`,
          })}
          action={
            <Button size="small" onClick={() => set({ metric: null, asOf: null, from: null, to: null })}>
              {t('pet.list.clearMetric')}
            </Button>
          }
        />
      )}
      {!metric && (
        <Card size="small" className="mt-s">
          <Flex gap={8} wrap align="center">
            <Input.Search
              allowClear
              value={text}
              onChange={(e) => setText(e.target.value)}
              onSearch={(v) => set({ q: v.trim() })}
              placeholder={t('pet.list.search')}
              aria-label={t('common.search')}
              style={{ maxWidth: 340 }}
              data-testid="petition-search"
            />
            <Select
              allowClear
              placeholder={t('pet.list.status')}
              aria-label={t('pet.list.status')}
              value={query.status}
              onChange={(v: string | undefined) => set({ status: v })}
              style={{ minWidth: 190 }}
              options={PETITION_STATUSES.map((s) => ({ value: s, label: statusLabel(s, en) }))}
              data-testid="petition-status-filter"
            />
            <Select
              allowClear
              placeholder={t('pet.list.kind')}
              aria-label={t('pet.list.kind')}
              value={query.kind}
              onChange={(v: string | undefined) => set({ kind: v })}
              style={{ minWidth: 150 }}
              options={KINDS.map((k) => ({ value: k, label: kindLabel(k, en) }))}
              data-testid="petition-kind-filter"
            />
            <Select
              allowClear
              placeholder={t('pet.list.eligibility')}
              aria-label={t('pet.list.eligibility')}
              value={query.eligibility}
              onChange={(v: string | undefined) => set({ eligibility: v })}
              style={{ minWidth: 160 }}
              options={(['pending', 'eligible', 'ineligible'] as const).map((e) => ({
                value: e,
                label: t(`pet.eligibility.${e}`),
              }))}
            />
            <IsoDatePicker
              value={query.from}
              onChange={(v) => set({ from: v })}
              placeholder={t('common.from')}
              aria-label={t('common.from')}
            />
            <IsoDatePicker
              value={query.to}
              onChange={(v) => set({ to: v })}
              placeholder={t('common.to')}
              aria-label={t('common.to')}
            />
            <Checkbox
              checked={query.overdue === 'true'}
              onChange={(e) => set({ overdue: e.target.checked ? 'true' : null })}
              data-testid="petition-overdue-filter"
            >
              {t('pet.list.onlyOverdue')}
            </Checkbox>
          </Flex>
        </Card>
      )}
      <div className="muted mt-s">
        {t('pet.list.total', { count: data?.total ?? 0 })}
        <span className="sr-only" data-testid="petition-total">
          {data?.total ?? 0}
        </span>
      </div>
      {error && <Alert type="error" showIcon className="mt" title={errorText(error)} />}
      <Card size="small" className="mt-s">
        <Table<Row>
          rowKey="id"
          size="small"
          loading={isFetching}
          columns={columns}
          dataSource={data?.items ?? []}
          data-testid="petition-table"
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
