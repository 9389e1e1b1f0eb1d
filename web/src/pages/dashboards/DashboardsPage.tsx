/**
 * Biểu đồ, xếp hạng (issue 6 point 9): monthly trends of tasks, dossiers and petitions (calendar months in
 * Asia/Ho_Chi_Minh), a per-agency chart, and the agency ranking by on-time rates with the rule the server
 * applies shown above it. Every bar, point and row opens the list behind the figure (the API's `links`,
 * turned into the matching page: /tasks, /dossier-report, /petitions).
 *
 * Periods: the reporting periods of `GET /api/reporting-periods?year=` when the server has them, else the
 * same windows computed here (ND 09/2019 art. 12: 15th → 14th, cumulative from 15/12) plus the calendar year.
 */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  Card,
  Col,
  Empty,
  Form,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip as ChartTooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { api } from '../../api/client.ts';
import { useUser } from '../../auth.tsx';
import { fmtDate } from '../../lib/dates.ts';
import { useUrlState } from '../../lib/urlState.ts';
import { useErrorText } from '../../lib/errors.ts';
import { AgencySelect, IsoDatePicker } from '../../components/inputs.tsx';

/** The seed's 9-month 2022 window (15/12/2021 → 14/09/2022). */
const DEFAULT = { from: '2021-12-15', to: '2022-09-14' };

type Links = Record<string, string[]>;
interface Figures {
  tasks: { assigned: number; completed: number; completedOnTime: number; overdueOpenAtMonthEnd: number };
  dossiers: { received: number; resolved: number; resolvedOnTime: number; resolvedLate: number };
  petitions: { received: number; eligible: number } | null;
  links: { tasks: Links; dossiers: Links; petitions: Links };
}
interface Trends {
  from: string;
  to: string;
  agency: string | null;
  months: (Figures & { month: string; from: string; to: string })[];
  byAgency: (Figures & { agencyCode: string; agencyName: string })[];
}
interface RankingRow {
  rank: number | null;
  agencyCode: string;
  agencyName: string;
  tasks: { due: number; onTime: number; rate: number | null };
  dossiers: { resolved: number; onTime: number; rate: number | null };
  score: number | null;
  ranked: boolean;
  links: { tasks: Links; dossiers: Links };
}
interface Ranking {
  from: string;
  to: string;
  asOf: string;
  rule: { vi: string; en: string; minItems: number; weights: { tasks: number; dossiers: number } };
  rows: RankingRow[];
}
interface Period {
  from: string;
  to: string;
  label: { vi: string; en: string };
}

/**
 * The page behind an item-list API URL: /api/tasks → /tasks, /api/reports/dossiers/items → /dossier-report,
 * /api/reports/petitions/items → /petitions (same query). `drop` removes parameters (e.g. `status` to show
 * every status of a multi-list figure on one page).
 */
export function pageOf(apiUrl: string, drop: string[] = []): string {
  const u = new URL(apiUrl, 'http://x');
  for (const k of drop) u.searchParams.delete(k);
  const path =
    u.pathname === '/api/tasks'
      ? '/tasks'
      : u.pathname === '/api/reports/dossiers/items'
        ? '/dossier-report'
        : u.pathname === '/api/reports/petitions/items'
          ? '/petitions'
          : u.pathname;
  const q = u.searchParams.toString();
  return q ? `${path}?${q}` : path;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ROMAN = ['I', 'II', 'III', 'IV'];

/** The reporting windows of ND 09/2019 art. 12 (used when the server has no /api/reporting-periods). */
type PresetKey =
  | 'dashboards.presets.month'
  | 'dashboards.presets.quarter'
  | 'dashboards.presets.six'
  | 'dashboards.presets.nine'
  | 'dashboards.presets.year';

function fallbackPeriods(year: number, t: TFunction): Period[] {
  const start = (m: number) => (m === 1 ? `${year - 1}-12-15` : `${year}-${pad(m - 1)}-15`);
  const end = (m: number) => `${year}-${pad(m)}-14`;
  const label = (k: PresetKey, o: Record<string, unknown>) => ({ vi: t(k, o), en: t(k, o) });
  const out: Period[] = [];
  for (let m = 1; m <= 12; m++)
    out.push({ from: start(m), to: end(m), label: label('dashboards.presets.month', { n: m, year }) });
  for (let q = 1; q <= 4; q++)
    out.push({
      from: start(3 * q - 2),
      to: end(3 * q),
      label: label('dashboards.presets.quarter', { roman: ROMAN[q - 1], year }),
    });
  out.push({ from: start(1), to: end(6), label: label('dashboards.presets.six', { year }) });
  out.push({ from: start(1), to: end(9), label: label('dashboards.presets.nine', { year }) });
  out.push({ from: start(1), to: end(12), label: label('dashboards.presets.year', { year }) });
  return out;
}

function usePeriods(year: number) {
  const { t } = useTranslation();
  const r = useQuery({
    queryKey: ['reporting-periods', year],
    queryFn: () => api.get<{ year: number; periods: Period[] }>('/api/reporting-periods', { year }),
    retry: false,
    staleTime: Infinity,
  });
  const calendarYear: Period = {
    from: `${year}-01-01`,
    to: `${year}-12-31`,
    label: {
      vi: t('dashboards.presets.calendarYear', { year }),
      en: t('dashboards.presets.calendarYear', { year }),
    },
  };
  const list = r.data?.periods?.length ? r.data.periods : r.isError ? fallbackPeriods(year, t) : [];
  return [...list, calendarYear];
}

const COLORS = {
  assigned: '#1f5fa8',
  completed: '#2f9e44',
  completedOnTime: '#8ccf7e',
  overdueOpenAtMonthEnd: '#b8231f',
  received: '#1f5fa8',
  resolvedOnTime: '#2f9e44',
  resolvedLate: '#e8590c',
  petitionsReceived: '#6741d9',
  eligible: '#2f9e44',
};

type Section = 'tasks' | 'dossiers' | 'petitions';

/** Navigation from a chart: a bar's own series, else the chart's main figure for the clicked month. */
function useChartNav(months: Trends['months'], section: Section, main: string) {
  const navigate = useNavigate();
  const handled = useRef(false);
  const go = (links: Links, key: string) => {
    const urls = links[key];
    if (!urls?.length) return false;
    navigate(pageOf(urls[0]!, urls.length > 1 ? ['status'] : []));
    return true;
  };
  return {
    bar: (key: string) => (d: unknown) => {
      const m = (d as { payload?: { month?: string } })?.payload?.month;
      const row = months.find((x) => x.month === m);
      if (row && go(row.links[section], key)) handled.current = true;
    },
    chart: (state: unknown) => {
      if (handled.current) {
        handled.current = false;
        return;
      }
      const label = (state as { activeLabel?: string | number } | null)?.activeLabel;
      const row = months.find((x) => x.month === String(label));
      if (row) go(row.links[section], main);
    },
  };
}

const monthLabel = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;

function TasksChart({ data }: { data: Trends }) {
  const { t } = useTranslation();
  const nav = useChartNav(data.months, 'tasks', 'assigned');
  const rows = data.months.map((m) => ({ month: m.month, label: monthLabel(m.month), ...m.tasks }));
  return (
    <div className="chart" role="img" aria-label={t('dashboards.tasks')} data-testid="chart-tasks">
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={rows} onClick={nav.chart} style={{ cursor: 'pointer' }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tickFormatter={monthLabel} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <ChartTooltip labelFormatter={(l) => monthLabel(String(l))} />
          <Legend />
          <Bar
            dataKey="assigned"
            name={t('dashboards.f.assigned')}
            fill={COLORS.assigned}
            onClick={nav.bar('assigned')}
          />
          <Bar dataKey="completed" name={t('dashboards.f.completed')} fill={COLORS.completed} />
          <Bar
            dataKey="completedOnTime"
            name={t('dashboards.f.completedOnTime')}
            fill={COLORS.completedOnTime}
          />
          <Line
            type="monotone"
            dataKey="overdueOpenAtMonthEnd"
            name={t('dashboards.f.overdueOpenAtMonthEnd')}
            stroke={COLORS.overdueOpenAtMonthEnd}
            strokeWidth={2}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

function DossiersChart({ data }: { data: Trends }) {
  const { t } = useTranslation();
  const nav = useChartNav(data.months, 'dossiers', 'received');
  const rows = data.months.map((m) => ({ month: m.month, ...m.dossiers }));
  return (
    <div className="chart" role="img" aria-label={t('dashboards.dossiers')} data-testid="chart-dossiers">
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={rows} onClick={nav.chart} style={{ cursor: 'pointer' }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tickFormatter={monthLabel} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <ChartTooltip labelFormatter={(l) => monthLabel(String(l))} />
          <Legend />
          <Bar
            dataKey="received"
            name={t('dashboards.f.received')}
            fill={COLORS.received}
            onClick={nav.bar('received')}
          />
          <Bar
            dataKey="resolvedOnTime"
            stackId="r"
            name={t('dashboards.f.resolvedOnTime')}
            fill={COLORS.resolvedOnTime}
            onClick={nav.bar('resolvedOnTime')}
          />
          <Bar
            dataKey="resolvedLate"
            stackId="r"
            name={t('dashboards.f.resolvedLate')}
            fill={COLORS.resolvedLate}
            onClick={nav.bar('resolvedLate')}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function PetitionsChart({ data }: { data: Trends }) {
  const { t } = useTranslation();
  const nav = useChartNav(data.months, 'petitions', 'received');
  if (data.months.some((m) => m.petitions === null))
    return <Alert type="info" showIcon message={t('dashboards.noPetitions')} />;
  const rows = data.months.map((m) => ({ month: m.month, ...m.petitions }));
  return (
    <div className="chart" role="img" aria-label={t('dashboards.petitions')} data-testid="chart-petitions">
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={rows} onClick={nav.chart} style={{ cursor: 'pointer' }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tickFormatter={monthLabel} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <ChartTooltip labelFormatter={(l) => monthLabel(String(l))} />
          <Legend />
          <Line
            type="monotone"
            dataKey="received"
            name={t('dashboards.f.petitionsReceived')}
            stroke={COLORS.petitionsReceived}
            strokeWidth={2}
          />
          <Line
            type="monotone"
            dataKey="eligible"
            name={t('dashboards.f.eligible')}
            stroke={COLORS.eligible}
            strokeWidth={2}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

type Measure = 'tasks.assigned' | 'dossiers.received' | 'petitions.received';

function AgencyChart({ data }: { data: Trends }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [measure, setMeasure] = useState<Measure>('tasks.assigned');
  const [section, key] = measure.split('.') as [Section, string];
  const value = (a: Trends['byAgency'][number]) => (a[section] as Record<string, number> | null)?.[key] ?? 0;
  const rows = data.byAgency
    .filter((a) => value(a) > 0)
    .sort((a, b) => value(b) - value(a))
    .slice(0, 12)
    .map((a) => ({ code: a.agencyCode, name: a.agencyName, value: value(a), links: a.links[section] }));
  const options: { value: Measure; label: string }[] = [
    { value: 'tasks.assigned', label: `${t('dashboards.tasks')}: ${t('dashboards.f.assigned')}` },
    { value: 'dossiers.received', label: `${t('dashboards.dossiers')}: ${t('dashboards.f.received')}` },
  ];
  if (data.byAgency.some((a) => a.petitions))
    options.push({
      value: 'petitions.received',
      label: `${t('dashboards.petitions')}: ${t('dashboards.f.petitionsReceived')}`,
    });
  return (
    <>
      {/* a Select, not Segmented: three long labels overflowed the half-width card at 1366 px */}
      <Select<Measure>
        value={measure}
        onChange={setMeasure}
        options={options}
        className="mb-s"
        style={{ width: '100%', maxWidth: 420 }}
        aria-label={t('dashboards.byAgency')}
        data-testid="agency-measure"
      />
      {rows.length === 0 ? (
        <Empty />
      ) : (
        <div className="chart" role="img" aria-label={t('dashboards.byAgency')} data-testid="chart-agencies">
          <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 30 + 40)}>
            <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
              <YAxis type="category" dataKey="name" width={230} tick={{ fontSize: 12 }} />
              <ChartTooltip />
              <Bar
                dataKey="value"
                name={options.find((o) => o.value === measure)?.label}
                fill={COLORS.assigned}
                cursor="pointer"
                maxBarSize={22}
                onClick={(d) => {
                  const links = (d as { payload?: { links?: Links } }).payload?.links;
                  const urls = links?.[key];
                  if (urls?.length) navigate(pageOf(urls[0]!, urls.length > 1 ? ['status'] : []));
                }}
              />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </>
  );
}

/** A rate in bold when it counts in the score (at least `min` items), else greyed with the reason. */
function Counted({ n, min, children }: { n: number; min: number; children: ReactNode }) {
  const { t } = useTranslation();
  return n >= min ? (
    <strong>{children}</strong>
  ) : (
    <Typography.Text type="secondary" title={t('dashboards.ranking.tooFew', { min })}>
      {children}
    </Typography.Text>
  );
}

function RankingTable({ data }: { data: Ranking }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const en = i18n.language.startsWith('en');
  const open = (urls: string[] | undefined, drop: string[] = []) => {
    if (urls?.length) navigate(pageOf(urls[0]!, drop));
  };
  const rate = (r: number | null) => (r === null ? '—' : `${r.toLocaleString(en ? 'en' : 'vi')}%`);
  const nullsLast = (a: number | null, b: number | null) =>
    (a ?? Number.NEGATIVE_INFINITY) - (b ?? Number.NEGATIVE_INFINITY);
  const columns: TableColumnsType<RankingRow> = [
    {
      title: t('dashboards.ranking.rank'),
      dataIndex: 'rank',
      width: 90,
      align: 'center',
      sorter: (a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9),
      defaultSortOrder: 'ascend',
      render: (r: number | null) => (r === null ? <Tag>{t('dashboards.ranking.notRanked')}</Tag> : r),
    },
    {
      title: t('dashboards.ranking.agency'),
      dataIndex: 'agencyName',
      sorter: (a, b) => a.agencyName.localeCompare(b.agencyName, 'vi'),
      render: (name: string, r) => (
        <a
          data-testid={`rank-agency-${r.agencyCode}`}
          title={t('dashboards.ranking.openList')}
          onClick={() =>
            r.tasks.due ? open(r.links.tasks.due, ['status']) : open(r.links.dossiers.resolved)
          }
        >
          {name}
        </a>
      ),
    },
    {
      title: t('dashboards.ranking.taskRate'),
      key: 'tasks',
      align: 'right',
      width: 170,
      sorter: (a, b) => nullsLast(a.tasks.rate, b.tasks.rate),
      render: (_: unknown, r) => (
        <span>
          <Counted n={r.tasks.due} min={data.rule.minItems}>
            {rate(r.tasks.rate)}
          </Counted>{' '}
          <Typography.Text type="secondary">
            (<a onClick={() => open(r.links.tasks.onTime, ['status'])}>{r.tasks.onTime}</a>/
            <a onClick={() => open(r.links.tasks.due, ['status'])}>{r.tasks.due}</a>)
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('dashboards.ranking.dossierRate'),
      key: 'dossiers',
      align: 'right',
      width: 190,
      sorter: (a, b) => nullsLast(a.dossiers.rate, b.dossiers.rate),
      render: (_: unknown, r) => (
        <span>
          <Counted n={r.dossiers.resolved} min={data.rule.minItems}>
            {rate(r.dossiers.rate)}
          </Counted>{' '}
          <Typography.Text type="secondary">
            (<a onClick={() => open(r.links.dossiers.onTime)}>{r.dossiers.onTime}</a>/
            <a onClick={() => open(r.links.dossiers.resolved)}>{r.dossiers.resolved}</a>)
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('dashboards.ranking.score'),
      dataIndex: 'score',
      align: 'right',
      width: 100,
      sorter: (a, b) => nullsLast(a.score, b.score),
      render: (s: number | null) => (s === null ? '—' : <strong>{rate(s)}</strong>),
    },
  ];
  return (
    <>
      <Alert
        type="info"
        showIcon
        className="mb-s"
        data-testid="ranking-rule"
        message={`${t('dashboards.ranking.rule')} — ${t('dashboards.ranking.asOf', { date: fmtDate(data.asOf) })}`}
        description={en ? data.rule.en : data.rule.vi}
      />
      <Table<RankingRow>
        size="small"
        rowKey="agencyCode"
        columns={columns}
        dataSource={data.rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('dashboards.ranking.empty') }}
        scroll={{ x: 760 }}
        data-testid="ranking-table"
      />
    </>
  );
}

export default function DashboardsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const errorText = useErrorText();
  const user = useUser();
  const { get, set } = useUrlState();
  const from = get('from') ?? DEFAULT.from;
  const to = get('to') ?? DEFAULT.to;
  const agencyRole =
    !user.roles.some((r) => ['admin', 'office_leader', 'office_specialist'].includes(r)) && !!user.agencyCode;
  const agency = agencyRole ? (user.agencyCode ?? undefined) : get('agency');
  const [year, setYear] = useState(() => Number(to.slice(0, 4)));
  const periods = usePeriods(year);
  const selected = useMemo(() => periods.find((p) => p.from === from && p.to === to), [periods, from, to]);

  const trends = useQuery({
    queryKey: ['dashboards', 'trends', from, to, agency],
    queryFn: () => api.get<Trends>('/api/dashboards/trends', { from, to, agency }),
    placeholderData: (p) => p,
  });
  const ranking = useQuery({
    queryKey: ['dashboards', 'ranking', from, to],
    queryFn: () => api.get<Ranking>('/api/dashboards/ranking', { from, to }),
    placeholderData: (p) => p,
  });

  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {t('dashboards.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('dashboards.subtitle')}</Typography.Paragraph>

      <Card size="small" className="mb-m">
        <Form layout="inline" className="filters">
          <Form.Item label={t('dashboards.year')}>
            <InputNumber
              min={2000}
              max={2100}
              value={year}
              onChange={(v) => v && setYear(v)}
              style={{ width: 96 }}
              aria-label={t('dashboards.year')}
            />
          </Form.Item>
          <Form.Item label={t('dashboards.period')}>
            <Select
              style={{ minWidth: 240 }}
              placeholder={t('dashboards.preset')}
              value={selected ? `${selected.from}|${selected.to}` : undefined}
              options={periods.map((p) => ({
                value: `${p.from}|${p.to}`,
                label: `${en ? p.label.en : p.label.vi} (${fmtDate(p.from)} – ${fmtDate(p.to)})`,
              }))}
              onChange={(v: string) => {
                const [f, tt] = v.split('|');
                set({ from: f, to: tt });
              }}
              data-testid="period-select"
              aria-label={t('dashboards.period')}
            />
          </Form.Item>
          <Form.Item label={t('dashboards.from')}>
            <IsoDatePicker
              value={from}
              allowClear={false}
              onChange={(v) => v && set({ from: v })}
              aria-label={t('dashboards.from')}
            />
          </Form.Item>
          <Form.Item label={t('dashboards.to')}>
            <IsoDatePicker
              value={to}
              allowClear={false}
              onChange={(v) => v && set({ to: v })}
              aria-label={t('dashboards.to')}
            />
          </Form.Item>
          <Form.Item label={t('dashboards.agency')}>
            <AgencySelect
              value={agency ?? null}
              onChange={(v) => set({ agency: typeof v === 'string' ? v : null })}
              placeholder={t('dashboards.allAgencies')}
              allowClear
              style={{ minWidth: 260 }}
              aria-label={t('dashboards.agency')}
            />
          </Form.Item>
        </Form>
      </Card>

      {trends.error && <Alert type="error" showIcon message={errorText(trends.error)} className="mb-m" />}
      {trends.data && (
        <Typography.Paragraph type="secondary" data-testid="dashboards-window">
          {t('dashboards.window', { from: fmtDate(trends.data.from), to: fmtDate(trends.data.to) })} ·{' '}
          {t('dashboards.calendarMonths')}
        </Typography.Paragraph>
      )}
      {!trends.data && !trends.error ? (
        <Skeleton active />
      ) : trends.data ? (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card title={t('dashboards.tasks')} size="small">
                <TasksChart data={trends.data} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('dashboards.dossiers')} size="small">
                <DossiersChart data={trends.data} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('dashboards.petitions')} size="small">
                <PetitionsChart data={trends.data} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('dashboards.byAgency')} size="small">
                <AgencyChart data={trends.data} />
              </Card>
            </Col>
          </Row>
        </>
      ) : null}

      <Card title={t('dashboards.ranking.title')} size="small" className="mt-m">
        {ranking.error ? (
          <Alert type="error" showIcon message={errorText(ranking.error)} />
        ) : ranking.data ? (
          <RankingTable data={ranking.data} />
        ) : (
          <Skeleton active />
        )}
      </Card>
    </div>
  );
}
