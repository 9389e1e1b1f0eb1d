/**
 * Sổ tiếp công dân: the reception register (GET /api/receptions: session date from/to, kind, search in
 * the summary; visitors are never listed). Opened from a statistics figure (`?metric=receptions.…`), it
 * shows that figure's sessions (GET /api/reports/petitions/items). A row opens the entry in a drawer
 * (GET /api/receptions/{id}: visitors — redacted for a denunciation —, documents, outcome and the petitions
 * recorded from the visit, each a link).
 */
import './petitions.css';
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Input,
  List,
  Select,
  Skeleton,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import type { TableColumnsType } from 'antd';
import { LockOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { fmtDate, fmtDateTime, todayIso } from '../../lib/dates.ts';
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

interface ReceptionDetail extends ReceptionItem {
  outcomeNote: string | null;
  outcomeAgencyCode: string | null;
  leaderAgencyCode: string | null;
  documentsReceived: { name: string; copies?: number }[];
  refusalNoticeDue: string | null;
  petitions: { id: string; code: string }[];
  visitors: {
    seq: number;
    role: string;
    redacted: boolean;
    name: string | null;
    idNumber: string | null;
    address: string | null;
    phone: string | null;
  }[];
}

/** One register entry in a drawer, with links to the petitions recorded from the visit. */
function ReceptionDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const agencies = useAgencyMap();
  const q = useQuery({
    queryKey: ['receptions', 'detail', id],
    queryFn: () => api.get<ReceptionDetail>(`/api/receptions/${id}`),
    enabled: !!id,
  });
  const r = q.data;
  const ag = (c: string | null | undefined) => (c ? (agencies.get(c)?.name ?? c) : '—');
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={620}
      title={r ? t('pet.receptions.detail', { code: r.code }) : ''}
      data-testid="reception-drawer"
    >
      {q.error ? (
        <Alert type="error" showIcon title={errorText(q.error)} />
      ) : !r ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('pet.desk.receivedAt')}>
              {fmtDateTime(r.receivedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('pet.receptions.kind')}>
              {t(`pet.kinds.${r.kind}`, { defaultValue: r.kind })}
            </Descriptions.Item>
            <Descriptions.Item label={t('pet.receptions.receiver')}>{r.receiverName}</Descriptions.Item>
            {r.leaderName && (
              <Descriptions.Item label={t('pet.receptions.leaderName')}>
                {r.leaderName} — {ag(r.leaderAgencyCode)}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('pet.receptions.headcount')}>
              {r.headcount} {r.massDelegation && <Tag color="volcano">{t('pet.receptions.mass')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('pet.receptions.classification')}>
              {t(`pet.classes.${r.classification}`, { defaultValue: r.classification })}
            </Descriptions.Item>
            <Descriptions.Item label={t('pet.receptions.summary')}>
              <div style={{ whiteSpace: 'pre-wrap' }} data-testid="reception-drawer-summary">
                {r.summary}
              </div>
            </Descriptions.Item>
            <Descriptions.Item label={t('pet.receptions.outcome')}>
              {t(`pet.outcomes.${r.outcome}`, { defaultValue: r.outcome })}
              {r.refusalGround &&
                ` — ${t(`pet.grounds.${r.refusalGround}`, { defaultValue: r.refusalGround })}`}
            </Descriptions.Item>
            {r.outcomeAgencyCode && (
              <Descriptions.Item label={t('pet.receptions.agency')}>
                {ag(r.outcomeAgencyCode)}
              </Descriptions.Item>
            )}
            {r.outcomeNote && (
              <Descriptions.Item label={t('pet.receptions.note')}>{r.outcomeNote}</Descriptions.Item>
            )}
            {r.refusalNoticeDue && (
              <Descriptions.Item label={t('pet.receptions.refusalNoticeDue')}>
                {fmtDate(r.refusalNoticeDue)}
              </Descriptions.Item>
            )}
            {r.receiptSlipNo && (
              <Descriptions.Item label={t('pet.receptions.receiptSlip')}>{r.receiptSlipNo}</Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5} className="mt">
            {t('pet.receptions.petitionsTitle')}
          </Typography.Title>
          {r.petitions.length === 0 ? (
            <div className="muted">{t('pet.receptions.noPetition')}</div>
          ) : (
            <Flex gap={8} wrap data-testid="reception-drawer-petitions">
              {r.petitions.map((x) => (
                <Link key={x.id} to={`/petitions/${x.id}`} data-testid={`reception-petition-${x.code}`}>
                  <Button size="small">{x.code}</Button>
                </Link>
              ))}
            </Flex>
          )}
          <Typography.Title level={5} className="mt">
            {t('pet.receptions.visitorsTitle')}
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={r.visitors}
            renderItem={(v) => (
              <List.Item>
                {v.redacted ? (
                  <Tag icon={<LockOutlined />}>{t('pet.receptions.redactedVisitor')}</Tag>
                ) : (
                  <span>
                    {v.name}
                    {v.address && <span className="muted small"> — {v.address}</span>}
                  </span>
                )}
                {v.role === 'representative' && <Tag className="ml-s">{t('pet.desk.representative')}</Tag>}
              </List.Item>
            )}
          />
          {r.documentsReceived.length > 0 && (
            <>
              <Typography.Title level={5} className="mt">
                {t('pet.receptions.documents')}
              </Typography.Title>
              <ul>
                {r.documentsReceived.map((d, i) => (
                  <li key={i}>
                    {d.name}
                    {d.copies ? ` (${d.copies})` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Drawer>
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
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => setText(query.q ?? ''), [query.q]);
  const { data, error, isFetching } = useQuery({
    queryKey: metric ? ['reports', 'petitions', 'items', drill] : ['receptions', query],
    queryFn: async (): Promise<{ items: Row[]; total: number; figure?: number }> => {
      if (!metric) return api.get<{ items: Row[]; total: number }>('/api/receptions', query);
      const r = await api.get<{ items: DrillItem[]; total: number; count?: number }>(
        '/api/reports/petitions/items',
        drill,
      );
      // `total` is the figure (persons for receptions.persons), `count` the sessions listed
      return {
        total: r.count ?? r.total,
        figure: r.total,
        items: r.items.map((x) => ({
          id: x.id,
          code: x.code,
          sessionDate: x.date ?? undefined,
          // a reception drill-down row: `kind` is the session kind, `status` its outcome
          kind: x.kind ?? undefined,
          outcome: x.status ?? undefined,
          headcount: x.headcount ?? undefined,
          massDelegation: x.massDelegation ?? undefined,
        })),
      };
    },
    placeholderData: (p) => p,
  });

  const columns: TableColumnsType<Row> = [
    {
      title: t('pet.receptions.code'),
      dataIndex: 'code',
      width: 185,
      render: (c: string, r) => (
        <div>
          <Typography.Link
            className="nowrap"
            onClick={(e) => {
              e.stopPropagation();
              setOpen(r.id);
            }}
            data-testid={`reception-open-${c}`}
          >
            {c}
          </Typography.Link>
          {r.kind && (
            <div className="small muted nowrap">{t(`pet.kinds.${r.kind}`, { defaultValue: r.kind })}</div>
          )}
        </div>
      ),
    },
    {
      title: t('pet.receptions.date'),
      dataIndex: 'sessionDate',
      width: 100,
      render: (d: string | undefined) => fmtDate(d ?? null),
    },
    ...(metric
      ? []
      : [
          {
            title: t('pet.receptions.summary'),
            dataIndex: 'summary',
            ellipsis: { showTitle: false },
            render: (s: string) => (
              <Tooltip title={s} placement="topLeft" mouseEnterDelay={0.4}>
                <span data-testid="reception-summary">{s}</span>
              </Tooltip>
            ),
          },
        ]),
    {
      title: t('pet.receptions.headcount'),
      key: 'headcount',
      width: 150,
      render: (_: unknown, r) => (
        <span className="nowrap">
          {r.headcount ?? '—'}{' '}
          {r.massDelegation && (
            <Tag color="volcano" icon={<TeamOutlined />} data-testid={`mass-${r.code}`}>
              {t('pet.receptions.mass')}
            </Tag>
          )}
        </span>
      ),
    },
    ...(metric
      ? []
      : [
          {
            title: t('pet.receptions.classification'),
            dataIndex: 'classification',
            width: 130,
            render: (c: string | undefined) => (c ? t(`pet.classes.${c}`, { defaultValue: c }) : '—'),
          },
        ]),
    {
      title: t('pet.receptions.outcome'),
      dataIndex: 'outcome',
      width: 130,
      render: (o: string | undefined) => (o ? t(`pet.outcomes.${o}`, { defaultValue: o }) : '—'),
    },
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
      <div className="muted mt-s" data-testid="reception-count-text">
        {metric === 'receptions.persons'
          ? t('pet.report.personsIn', { persons: data?.figure ?? 0, sessions: data?.total ?? 0 })
          : t('pet.receptions.total', { count: data?.total ?? 0 })}
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
          tableLayout="fixed"
          dataSource={data?.items ?? []}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
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
      <ReceptionDrawer id={open} onClose={() => setOpen(null)} />
    </div>
  );
}
