/**
 * Tổng quan: the status × timeliness table of a window (the seed report's table), a chart, the
 * breakdown by lead agency and the XLSX download. Every number links to the list behind it.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip as ChartTooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { api, queryString } from '../api/client.ts';
import type { TableRow, TaskStatus, TaskTable, Timeliness } from '../api/types.ts';
import { TASK_STATUSES } from '../api/types.ts';
import { fmtDate, todayIso } from '../lib/dates.ts';
import { href, useUrlState } from '../lib/urlState.ts';
import { useErrorText } from '../lib/errors.ts';
import { AgencySelect, IsoDatePicker } from '../components/inputs.tsx';
import { TIMELINESS_HEX } from '../components/tags.tsx';
import { CellLink, StatusTable, sumRows, type Window } from '../components/StatusTable.tsx';

/** The seed report's window (Báo cáo 9 tháng 2022 of the Office). */
export const SEED_FROM = '2021-11-12';
export const SEED_TO = '2022-09-15';

function StatusChart({ data, w }: { data: TaskTable; w: Window }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const rows = data.rows.map((r) => ({
    status: r.status,
    name: t(`status.${r.status}`),
    on_time: r.onTime,
    overdue: r.overdue,
    no_deadline: r.noDeadline,
  }));
  const open = (status: TaskStatus, timeliness: Timeliness) =>
    navigate(href('/tasks', { from: w.from, to: w.to, asOf: w.asOf, agency: w.agency, status, timeliness }));
  return (
    <div className="chart" role="img" aria-label={t('dashboard.chartTitle')}>
      <ResponsiveContainer width="100%" height={290}>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={118} tick={{ fontSize: 12 }} />
          <ChartTooltip cursor={{ fill: 'rgba(0,0,0,0.04)' }} />
          <Legend itemSorter={null} />
          {(['on_time', 'overdue', 'no_deadline'] as const).map((k) => (
            <Bar
              key={k}
              dataKey={k}
              name={t(`timeliness.${k}`)}
              stackId="a"
              fill={TIMELINESS_HEX[k]}
              cursor="pointer"
              maxBarSize={34}
              onClick={(d) => {
                const s = (d.payload as { status?: TaskStatus } | undefined)?.status;
                if (s) open(s, k);
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

interface AgencyRow {
  agency: string;
  name: string;
  rows: TableRow[];
  total: number;
}

function AgencyTable({ data, w }: { data: TaskTable; w: Window }) {
  const { t } = useTranslation();
  const TOP = 10;
  const [all, setAll] = useState(false);
  const list = all ? data.byAgency : data.byAgency.slice(0, TOP);
  const columns: TableColumnsType<AgencyRow> = [
    {
      title: t('dashboard.agency'),
      dataIndex: 'name',
      render: (name: string, r) => <Link to={`/agencies/${encodeURIComponent(r.agency)}`}>{name}</Link>,
    },
    ...TASK_STATUSES.map((s) => ({
      title: t(`status.${s}`),
      key: s,
      align: 'right' as const,
      width: 110,
      render: (_: unknown, r: AgencyRow) => (
        <CellLink
          w={{ ...w, agency: r.agency }}
          status={s}
          col="total"
          n={r.rows.find((x) => x.status === s)?.total ?? 0}
        />
      ),
    })),
    {
      title: t('dashboard.overdueAll'),
      key: 'overdue',
      align: 'right' as const,
      width: 110,
      className: 'col-overdue',
      render: (_: unknown, r: AgencyRow) => (
        <CellLink w={{ ...w, agency: r.agency }} col="overdue" n={sumRows(r.rows).overdue} />
      ),
    },
    {
      title: t('common.total'),
      key: 'total',
      align: 'right' as const,
      width: 80,
      className: 'col-total',
      render: (_: unknown, r: AgencyRow) => (
        <strong>
          <CellLink w={{ ...w, agency: r.agency }} col="total" n={r.total} />
        </strong>
      ),
    },
  ];
  return (
    <>
      <Table<AgencyRow>
        size="small"
        rowKey="agency"
        columns={columns}
        dataSource={list}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="agency-table"
      />
      {data.byAgency.length > TOP && (
        <Button type="link" onClick={() => setAll((x) => !x)} className="mt-s">
          {all
            ? t('dashboard.showTop', { count: TOP })
            : t('dashboard.showAll', { count: data.byAgency.length })}
        </Button>
      )}
    </>
  );
}

export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { get, set } = useUrlState();
  const from = get('from') ?? SEED_FROM;
  const to = get('to') ?? SEED_TO;
  const asOfParam = get('asOf');
  const agency = get('agency');
  const q = { from, to, asOf: asOfParam, agency };
  const { data, error, isPending, isFetching } = useQuery({
    queryKey: ['reports', 'tasks', q],
    queryFn: () => api.get<TaskTable>('/api/reports/tasks', q),
    placeholderData: (prev) => prev,
  });
  const w: Window | null = data ? { from: data.from, to: data.to, asOf: data.asOf, agency } : null;
  const totals = useMemo(() => (data ? sumRows(data.rows) : null), [data]);
  const completed = data?.rows.find((r) => r.status === 'completed');
  const openOverdue = data?.rows
    .filter((r) => r.status === 'awaiting_receipt' || r.status === 'in_progress')
    .reduce((s, r) => s + r.overdue, 0);
  const today = todayIso();

  return (
    <div className="page">
      <Flex justify="space-between" align="flex-start" wrap gap={12}>
        <div>
          <Typography.Title level={2} className="page-title">
            {t('dashboard.title')}
          </Typography.Title>
          {data && (
            <Typography.Text type="secondary">
              {t('dashboard.subtitle', {
                from: fmtDate(data.from),
                to: fmtDate(data.to),
                asOf: fmtDate(data.asOf),
              })}
            </Typography.Text>
          )}
        </div>
        <Button
          icon={<DownloadOutlined />}
          href={`/api/reports/tasks.xlsx${queryString(q)}`}
          download
          data-testid="download-xlsx"
        >
          {t('dashboard.xlsx')}
        </Button>
      </Flex>

      <Card size="small" className="filters mt" title={t('dashboard.window')}>
        <Form layout="inline" className="filter-form">
          <Form.Item label={t('dashboard.assignedFrom')} htmlFor="dash-from">
            <IsoDatePicker
              id="dash-from"
              value={from}
              allowClear={false}
              onChange={(v) => set({ from: v ?? SEED_FROM })}
            />
          </Form.Item>
          <Form.Item label={t('dashboard.assignedTo')} htmlFor="dash-to">
            <IsoDatePicker
              id="dash-to"
              value={to}
              allowClear={false}
              onChange={(v) => set({ to: v ?? SEED_TO })}
            />
          </Form.Item>
          <Form.Item label={t('dashboard.asOf')} htmlFor="dash-asof" tooltip={t('dashboard.asOfHint')}>
            <IsoDatePicker
              id="dash-asof"
              value={asOfParam}
              placeholder={fmtDate(to)}
              onChange={(v) => set({ asOf: v })}
            />
          </Form.Item>
          <Form.Item label={t('dashboard.agency')} htmlFor="dash-agency">
            <AgencySelect
              id="dash-agency"
              value={agency}
              onChange={(v) => set({ agency: typeof v === 'string' ? v : undefined })}
              allowClear
              placeholder={t('dashboard.allAgencies')}
              style={{ width: 260 }}
            />
          </Form.Item>
          <Space wrap>
            <Button size="small" onClick={() => set({ from: SEED_FROM, to: SEED_TO, asOf: undefined })}>
              {t('dashboard.presetSeed')}
            </Button>
            <Button size="small" onClick={() => set({ from: SEED_FROM, to: today, asOf: undefined })}>
              {t('dashboard.presetToday')}
            </Button>
          </Space>
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
      {isPending && !data && <Skeleton active className="mt" paragraph={{ rows: 8 }} />}

      {data && w && totals && (
        <div className={isFetching ? 'fetching' : undefined} aria-busy={isFetching}>
          <Row gutter={[16, 16]} className="mt">
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('dashboard.totalTasks')} value={data.total} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.finishedOnTime')}
                  value={completed?.onTime ?? 0}
                  suffix={`/ ${completed?.total ?? 0}`}
                  styles={{ content: { color: TIMELINESS_HEX.on_time } }}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.openOverdue')}
                  value={openOverdue ?? 0}
                  styles={{ content: { color: TIMELINESS_HEX.overdue } }}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.onTimeRate')}
                  value={totals.total ? Math.round((1000 * totals.onTime) / totals.total) / 10 : 0}
                  precision={1}
                  decimalSeparator={i18n.language.startsWith('en') ? '.' : ','}
                  suffix="%"
                />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]} className="mt">
            <Col xs={24} xl={14}>
              <Card title={t('dashboard.tableTitle')} size="small">
                <StatusTable data={data} w={w} />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card title={t('dashboard.chartTitle')} size="small">
                <StatusChart data={data} w={w} />
              </Card>
            </Col>
          </Row>
          <Card title={t('dashboard.byAgencyTitle')} size="small" className="mt">
            <AgencyTable data={data} w={w} />
          </Card>
        </div>
      )}
    </div>
  );
}
