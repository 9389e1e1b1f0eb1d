/**
 * Báo cáo hồ sơ một cửa: the period's figures (received by channel, resolved early / on time / late,
 * pending within / over the limit as of a date, supplements, refusals, apologies, withdrawals,
 * satisfaction), each a link to its dossiers, and the tables by agency and by procedure.
 * GET /api/reports/dossiers?from=&to=&asOf= ; drill-down GET /api/reports/dossiers/items?metric=…
 */
import { BookButton } from './BookButton.tsx';
import './onestop.css';
import { Alert, Button, Card, Col, Drawer, Flex, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../api/client.ts';
import { DownloadOutlined } from '@ant-design/icons';
import { fmtDate } from '../../lib/dates.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useUrlState } from '../../lib/urlState.ts';
import { IsoDatePicker } from '../../components/inputs.tsx';
import { fmtDeadline, fmtNum, procCode, procName, VI_SEPARATORS, type DossierListItem } from './api.ts';
import { DossierStatusTag, TimelinessTag } from './tags.tsx';

export const DEMO_WINDOW = { from: '2021-12-15', to: '2022-09-14' };

interface Figures {
  received: { total: number; byChannel?: Record<string, number> };
  resolved: { early: number; onTime: number; late: number };
  pending: { withinLimit: number; overLimit: number };
}

interface Breakdown extends Partial<Figures> {
  agencyCode?: string | null;
  agencyName?: string;
  procedureCode?: string;
  procedureName?: string;
}

export interface DossierReport {
  received: { total: number; byChannel: Record<string, number> };
  resolved: { early: number; onTime: number; late: number };
  pending: { withinLimit: number; overLimit: number };
  supplements: number;
  refusals: number;
  apologies: number;
  withdrawals: number;
  satisfaction: { rated: number; satisfied: number; percentSatisfied: number | null };
  byAgency?: Breakdown[];
  byProcedure?: Breakdown[];
}

/** A figure that opens its drill-down list. */
function Figure({
  metric,
  value,
  label,
  onOpen,
  suffix,
}: {
  metric: string;
  value: number | null | undefined;
  label: string;
  onOpen: (m: string) => void;
  suffix?: string;
}) {
  return (
    <Card size="small" className="figure-card">
      <Statistic
        title={label}
        value={value ?? 0}
        {...VI_SEPARATORS}
        suffix={suffix}
        valueRender={(node) => (
          <a
            onClick={() => onOpen(metric)}
            onKeyDown={(e) => e.key === 'Enter' && onOpen(metric)}
            data-testid={`metric-${metric.replace('.', '-')}`}
            role="link"
            tabIndex={0}
          >
            {node}
          </a>
        )}
      />
    </Card>
  );
}

function DrillDown({
  metric,
  q,
  extra,
}: {
  metric: string;
  q: Record<string, string | undefined>;
  extra?: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { get, set } = useUrlState();
  const page = Math.max(1, Number(get('dpage') ?? 1) || 1);
  const query = { metric, ...q, ...extra, page, pageSize: 20 };
  const r = useQuery({
    queryKey: ['reports', 'dossiers', 'items', query],
    queryFn: () => api.get<{ items: DossierListItem[]; total: number }>('/api/reports/dossiers/items', query),
    placeholderData: (p) => p,
  });
  if (r.error) return <Alert type="error" showIcon title={errorText(r.error)} />;
  const columns: TableColumnsType<DossierListItem> = [
    {
      title: t('dossiers.code'),
      dataIndex: 'code',
      render: (c: string) => <Link to={`/dossiers/${encodeURIComponent(c)}`}>{c}</Link>,
    },
    {
      title: t('dossiers.procedure'),
      key: 'p',
      render: (_: unknown, x) => <span title={procCode(x)}>{procName(x)}</span>,
    },
    {
      title: t('dossiers.appointment'),
      dataIndex: 'appointmentAt',
      width: 140,
      render: (d: string) => fmtDeadline(d, i18n.language.startsWith('en')),
    },
    {
      title: t('dossiers.status'),
      key: 's',
      width: 170,
      render: (_: unknown, x) => (
        <>
          <DossierStatusTag status={x.status} />
          <TimelinessTag value={x.timeliness} />
        </>
      ),
    },
  ];
  return (
    <>
      <div className="muted mb" data-testid="drill-total">
        {t('dossiers.totalN', { n: fmtNum(r.data?.total ?? 0) })}
      </div>
      <Table
        rowKey="code"
        size="small"
        loading={r.isFetching}
        dataSource={r.data?.items ?? []}
        columns={columns}
        data-testid="drill-table"
        pagination={{
          current: page,
          pageSize: 20,
          total: r.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => set({ dpage: p === 1 ? null : p }, { keepPage: true }),
        }}
      />
    </>
  );
}

export default function ReportPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { get, set } = useUrlState();
  const from = get('from') ?? DEMO_WINDOW.from;
  const to = get('to') ?? DEMO_WINDOW.to;
  const asOf = get('asOf');
  const metric = get('metric');
  const scopeAgency = get('agency');
  const scopeProcedure = get('procedure');
  const q = { from, to, asOf };
  const r = useQuery({
    queryKey: ['reports', 'dossiers', q],
    queryFn: () => api.get<DossierReport>('/api/reports/dossiers', q),
    placeholderData: (p) => p,
  });
  const open = (m: string, extra: Record<string, string | null> = {}) =>
    set({ metric: m, agency: null, procedure: null, ...extra }, { keepPage: true });
  const d = r.data;

  const breakdownCols = (key: 'agency' | 'procedure'): TableColumnsType<Breakdown> => {
    const id = (b: Breakdown) => (key === 'agency' ? (b.agencyCode ?? '-') : (b.procedureCode ?? ''));
    const name = (b: Breakdown) => (key === 'agency' ? b.agencyName : b.procedureName);
    const cell = (m: string, pick: (b: Breakdown) => number | undefined) => (_: unknown, b: Breakdown) => {
      const v = pick(b);
      return v === undefined ? '—' : <a onClick={() => open(m, { [key]: id(b) })}>{fmtNum(v)}</a>;
    };
    const col = (title: string, m: string, pick: (b: Breakdown) => number | undefined, width = 96) => ({
      title,
      key: m,
      width,
      align: 'right' as const,
      render: cell(m, pick),
    });
    return [
      {
        title: key === 'agency' ? t('dossiers.report.agency') : t('dossiers.procedure'),
        key: 'name',
        render: (_: unknown, b) => (
          <div>
            <div>{name(b) || (id(b) === '-' ? t('dossiers.report.notTransferred') : id(b))}</div>
            <div className="muted small">{id(b)}</div>
          </div>
        ),
      },
      col(t('dossiers.report.received'), 'received', (b) => b.received?.total),
      col(t('dossiers.report.early'), 'resolved.early', (b) => b.resolved?.early),
      col(t('dossiers.report.onTime'), 'resolved.onTime', (b) => b.resolved?.onTime),
      col(t('dossiers.report.late'), 'resolved.late', (b) => b.resolved?.late),
      col(t('dossiers.report.pendingWithin'), 'pending.withinLimit', (b) => b.pending?.withinLimit, 120),
      col(t('dossiers.report.pendingOver'), 'pending.overLimit', (b) => b.pending?.overLimit, 120),
    ];
  };

  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {t('dossiers.report.title')}
      </Typography.Title>
      <Card size="small" className="mt-s">
        <Flex gap={12} wrap align="center">
          <span>{t('common.from')}</span>
          <IsoDatePicker
            value={from}
            onChange={(v) => set({ from: v ?? DEMO_WINDOW.from })}
            aria-label={t('common.from')}
            data-testid="report-from"
          />
          <span>{t('common.to')}</span>
          <IsoDatePicker
            value={to}
            onChange={(v) => set({ to: v ?? DEMO_WINDOW.to })}
            aria-label={t('common.to')}
            data-testid="report-to"
          />
          <span>{t('common.asOf')}</span>
          <IsoDatePicker
            value={asOf}
            onChange={(v) => set({ asOf: v })}
            aria-label={t('common.asOf')}
            allowClear
          />
          <Button
            icon={<DownloadOutlined />}
            href={`/api/reports/dossiers.xlsx${queryString(q)}`}
            data-testid="report-xlsx"
          >
            {t('dossiers.report.xlsx')}
          </Button>
          <BookButton />
          <span className="muted">
            {t('dossiers.report.window', { from: fmtDate(from), to: fmtDate(to), asOf: fmtDate(asOf ?? to) })}
          </span>
        </Flex>
      </Card>
      {r.error && <Alert type="error" showIcon className="mt" title={errorText(r.error)} />}
      {!d ? (
        <Skeleton active className="mt" />
      ) : (
        <>
          <Typography.Title level={4} className="mt">
            {t('dossiers.report.receivedTitle')}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={8} xl={4}>
              <Figure
                metric="received"
                value={d.received.total}
                label={t('dossiers.report.received')}
                onOpen={open}
              />
            </Col>
            {(['counter', 'online', 'postal', 'phone'] as const).map((c) => (
              <Col xs={12} md={8} xl={5} key={c}>
                <Figure
                  metric={`received.${c}`}
                  value={d.received.byChannel?.[c] ?? 0}
                  label={t(`dossiers.channels.${c}`)}
                  onOpen={open}
                />
              </Col>
            ))}
          </Row>
          <Typography.Title level={4} className="mt">
            {t('dossiers.report.resolvedTitle')}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={8} xl={4}>
              <Figure
                metric="resolved.early"
                value={d.resolved.early}
                label={t('dossiers.report.early')}
                onOpen={open}
              />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Figure
                metric="resolved.onTime"
                value={d.resolved.onTime}
                label={t('dossiers.report.onTime')}
                onOpen={open}
              />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Figure
                metric="resolved.late"
                value={d.resolved.late}
                label={t('dossiers.report.late')}
                onOpen={open}
              />
            </Col>
            <Col xs={12} md={8} xl={6}>
              <Figure
                metric="pending.withinLimit"
                value={d.pending.withinLimit}
                label={t('dossiers.report.pendingWithin')}
                onOpen={open}
              />
            </Col>
            <Col xs={12} md={8} xl={6}>
              <Figure
                metric="pending.overLimit"
                value={d.pending.overLimit}
                label={t('dossiers.report.pendingOver')}
                onOpen={open}
              />
            </Col>
          </Row>
          <Typography.Title level={4} className="mt">
            {t('dossiers.report.otherTitle')}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={8} xl={4}>
              <Figure
                metric="supplements"
                value={d.supplements}
                label={t('dossiers.report.supplements')}
                onOpen={open}
              />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Figure
                metric="refusals"
                value={d.refusals}
                label={t('dossiers.report.refusals')}
                onOpen={open}
              />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Figure
                metric="apologies"
                value={d.apologies}
                label={t('dossiers.report.apologies')}
                onOpen={open}
              />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Figure
                metric="withdrawals"
                value={d.withdrawals}
                label={t('dossiers.report.withdrawals')}
                onOpen={open}
              />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Figure
                metric="satisfaction.rated"
                value={d.satisfaction.rated}
                label={t('dossiers.report.rated')}
                onOpen={open}
              />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Card size="small" className="figure-card">
                <Statistic
                  title={t('dossiers.report.percentSatisfied')}
                  value={d.satisfaction.percentSatisfied ?? 0}
                  precision={1}
                  {...VI_SEPARATORS}
                  suffix="%"
                  valueRender={(node) => (
                    <a
                      onClick={() => open('satisfaction.satisfied')}
                      onKeyDown={(e) => e.key === 'Enter' && open('satisfaction.satisfied')}
                      data-testid="metric-satisfaction-satisfied"
                      role="link"
                      tabIndex={0}
                    >
                      {node}
                    </a>
                  )}
                />
                <div className="muted small" data-testid="satisfied-of">
                  {t('dossiers.report.satisfiedOf', {
                    n: fmtNum(d.satisfaction.satisfied),
                    of: fmtNum(d.satisfaction.rated),
                  })}
                </div>
              </Card>
            </Col>
          </Row>
          <Card size="small" className="mt" title={t('dossiers.report.byAgency')}>
            <Table<Breakdown>
              size="small"
              rowKey={(b) => String(b.agencyCode ?? '-')}
              dataSource={d.byAgency ?? []}
              columns={breakdownCols('agency')}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 760 }}
              data-testid="report-by-agency"
            />
          </Card>
          <Card size="small" className="mt" title={t('dossiers.report.byProcedure')}>
            <Table<Breakdown>
              size="small"
              rowKey={(b) => String(b.procedureCode)}
              dataSource={d.byProcedure ?? []}
              columns={breakdownCols('procedure')}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 760 }}
              data-testid="report-by-procedure"
            />
          </Card>
        </>
      )}
      <Drawer
        open={!!metric}
        onClose={() => set({ metric: null, agency: null, procedure: null, dpage: null }, { keepPage: true })}
        size="large"
        title={
          metric ? t(`dossiers.report.metrics.${metric.replace('.', '_')}`, { defaultValue: metric }) : ''
        }
        destroyOnHidden
      >
        {metric && (
          <DrillDown
            metric={metric}
            q={q}
            extra={{
              ...(scopeAgency ? { agency: scopeAgency } : {}),
              ...(scopeProcedure ? { procedure: scopeProcedure } : {}),
            }}
          />
        )}
      </Drawer>
    </div>
  );
}
