/**
 * Sổ tiếp công dân: the reception register (GET /api/receptions: session date from/to, kind, search in
 * the summary; visitors are never listed). Opened from a statistics figure (`?metric=receptions.…`), it
 * shows that figure's sessions (GET /api/reports/petitions/items).
 */
import './petitions.css';
import { useEffect, useState } from 'react';
import { Alert, Button, Card, DatePicker, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TableColumnsType } from 'antd';
import { TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { fmtDate, todayIso } from '../../lib/dates.ts';
import { useAgencyMap } from '../../api/hooks.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useUrlState } from '../../lib/urlState.ts';
import { IsoDatePicker } from '../../components/inputs.tsx';
import { RECEPTION_KINDS, kindLabel, reasonLabel, type ReceptionItem } from './api.ts';
import { metricLabel, type DrillItem } from './metrics.ts';
import { petitionAccess } from './nav.tsx';

type Row = Partial<ReceptionItem> & { id: string; code: string };

interface LeaderDays {
  month: string;
  leaders: {
    leaderName: string | null;
    leaderAgencyCode: string | null;
    level: string;
    rule: string;
    source: string;
    required: number | null;
    held: number;
    adHoc: number;
    days: string[];
    ok: boolean | null;
  }[];
}

/**
 * Leaders' periodic reception days in a month against the legal minimum (Luật Tiếp công dân 2013 Art 12,
 * 13, 15, 18; GET /api/receptions/leader-days?month=YYYY-MM).
 */
function LeaderDaysCard() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const agencies = useAgencyMap();
  const [month, setMonth] = useState(todayIso().slice(0, 7));
  const r = useQuery({
    queryKey: ['receptions', 'leader-days', month],
    queryFn: () => api.get<LeaderDays>('/api/receptions/leader-days', { month }),
  });
  return (
    <Card
      size="small"
      className="mt"
      title={t('pet.receptions.leaderDays')}
      data-testid="leader-days"
      extra={
        <DatePicker
          picker="month"
          format="MM/YYYY"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
          aria-label={t('pet.receptions.month')}
        />
      }
    >
      {r.error ? (
        <Alert type="warning" showIcon title={errorText(r.error)} />
      ) : (
        <Table
          size="small"
          rowKey={(x) => `${x.leaderAgencyCode ?? ''}|${x.leaderName ?? ''}`}
          loading={r.isFetching}
          pagination={false}
          dataSource={r.data?.leaders ?? []}
          locale={{ emptyText: t('pet.receptions.noLeaders') }}
          columns={[
            {
              title: t('pet.receptions.leader'),
              key: 'leader',
              render: (_: unknown, x) => (
                <div>
                  <div>{x.leaderName ?? '—'}</div>
                  <div className="small muted">
                    {x.leaderAgencyCode ? (agencies.get(x.leaderAgencyCode)?.name ?? x.leaderAgencyCode) : ''}
                  </div>
                </div>
              ),
            },
            { title: t('pet.receptions.held'), dataIndex: 'held', width: 110 },
            {
              title: t('pet.receptions.required'),
              dataIndex: 'required',
              width: 90,
              render: (n: number | null) => n ?? '—',
            },
            { title: t('pet.receptions.adHoc'), dataIndex: 'adHoc', width: 90 },
            {
              title: t('pet.receptions.rule'),
              key: 'rule',
              responsive: ['lg'],
              render: (_: unknown, x) => (
                <span className="small" title={x.source}>
                  {x.rule}
                </span>
              ),
            },
            {
              title: '',
              dataIndex: 'ok',
              width: 100,
              render: (ok: boolean | null) =>
                ok === null ? null : (
                  <Tag color={ok ? 'success' : 'error'}>
                    {ok ? t('pet.receptions.ok') : t('pet.receptions.notOk')}
                  </Tag>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}

export default function ReceptionListPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const errorText = useErrorText();
  const { user } = useAuth();
  const { get, set } = useUrlState();
  const page = Math.max(1, Number(get('page') ?? 1) || 1);
  const pageSize = [20, 50, 100].includes(Number(get('pageSize'))) ? Number(get('pageSize')) : 20;
  const metric = get('metric');
  const query = { q: get('q'), kind: get('kind'), from: get('from'), to: get('to'), page, pageSize };
  const drill = { metric, from: get('from'), to: get('to'), asOf: get('asOf'), page, pageSize };
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);
  const { data, error, isFetching } = useQuery({
    queryKey: metric ? ['reports', 'petitions', 'items', drill] : ['receptions', query],
    queryFn: async (): Promise<{ items: Row[]; total: number }> => {
      if (!metric) return api.get<{ items: Row[]; total: number }>('/api/receptions', query);
      const r = await api.get<{ items: DrillItem[]; total: number }>('/api/reports/petitions/items', drill);
      return {
        total: r.total,
        items: r.items.map((x) => ({
          id: x.id,
          code: x.code,
          sessionDate: x.date ?? undefined,
          classification: x.kind ?? undefined,
          outcome: x.status ?? undefined,
          headcount: x.headcount ?? undefined,
          massDelegation: x.massDelegation ?? undefined,
        })),
      };
    },
    placeholderData: (p) => p,
  });

  const columns: TableColumnsType<Row> = [
    { title: t('pet.receptions.code'), dataIndex: 'code', width: 190, className: 'nowrap' },
    {
      title: t('pet.receptions.date'),
      dataIndex: 'sessionDate',
      width: 105,
      render: (d: string | undefined) => fmtDate(d ?? null),
    },
    ...(metric
      ? []
      : [
          {
            title: t('pet.receptions.kind'),
            dataIndex: 'kind',
            width: 150,
            responsive: ['lg' as const],
            render: (k: string) => t(`pet.kinds.${k}`, { defaultValue: k }),
          },
          {
            title: t('pet.receptions.summary'),
            dataIndex: 'summary',
            render: (s: string) => <div className="pet-clamp-2">{s}</div>,
          },
        ]),
    {
      title: t('pet.receptions.headcount'),
      key: 'headcount',
      width: 120,
      render: (_: unknown, r) => (
        <span>
          {r.headcount ?? '—'}{' '}
          {r.massDelegation && (
            <Tag color="volcano" icon={<TeamOutlined />} data-testid={`mass-${r.code}`}>
              {t('pet.receptions.mass')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('pet.receptions.classification'),
      dataIndex: 'classification',
      width: 110,
      render: (c: string | undefined) => (c ? t(`pet.classes.${c}`, { defaultValue: c }) : '—'),
    },
    {
      title: t('pet.receptions.outcome'),
      dataIndex: 'outcome',
      width: 120,
      render: (o: string | undefined) => (o ? t(`pet.outcomes.${o}`, { defaultValue: o }) : '—'),
    },
    ...((data?.items ?? []).some((r) => r.petitionId)
      ? [
          {
            title: '',
            key: 'petition',
            width: 90,
            render: (_: unknown, r: Row) =>
              r.petitionId ? (
                <Link to={`/petitions/${r.petitionId}`}>{t('pet.desk.openPetition')}</Link>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} className="page-title">
          {t('pet.receptions.title')}
        </Typography.Title>
        {petitionAccess(user?.roles ?? []).desk && (
          <Link to="/receptions/new">
            <Button type="primary">{t('pet.receptions.newVisit')}</Button>
          </Link>
        )}
      </Flex>
      {metric ? (
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
            <Button size="small" onClick={() => set({ metric: null, asOf: null })}>
              {t('pet.list.clearMetric')}
            </Button>
          }
        />
      ) : (
        <Card size="small" className="mt-s">
          <Flex gap={8} wrap align="center">
            <Input.Search
              allowClear
              value={text}
              onChange={(e) => setText(e.target.value)}
              onSearch={(v) => set({ q: v.trim() })}
              placeholder={t('pet.receptions.search')}
              aria-label={t('common.search')}
              style={{ maxWidth: 340 }}
              data-testid="reception-search"
            />
            <Select
              allowClear
              placeholder={t('pet.receptions.kind')}
              aria-label={t('pet.receptions.kind')}
              value={query.kind}
              onChange={(v: string | undefined) => set({ kind: v })}
              style={{ minWidth: 200 }}
              options={RECEPTION_KINDS.map((k) => ({ value: k, label: t(`pet.kinds.${k}`) }))}
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
          </Flex>
        </Card>
      )}
      <div className="muted mt-s">
        {t('pet.receptions.total', { count: data?.total ?? 0 })}
        <span className="sr-only" data-testid="reception-total">
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
          data-testid="reception-table"
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
      {!metric && <LeaderDaysCard />}
    </div>
  );
}
