/** The status × timeliness table; every number links to the task list behind it. */
import { Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TableRow, TaskStatus, TaskTable, Timeliness } from '../api/types.ts';
import { href } from '../lib/urlState.ts';
import { STATUS_COLORS } from './tags.tsx';

export type Col = Timeliness | 'total';
const COLS: { key: Col; field: keyof Omit<TableRow, 'status'> }[] = [
  { key: 'on_time', field: 'onTime' },
  { key: 'overdue', field: 'overdue' },
  { key: 'no_deadline', field: 'noDeadline' },
  { key: 'total', field: 'total' },
];

export interface Window {
  from: string;
  to: string;
  asOf: string;
  agency?: string;
}

export function CellLink({
  w,
  status,
  col,
  n,
  testId,
}: {
  w: Window;
  status?: TaskStatus;
  col: Col;
  n: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const to = href('/tasks', {
    from: w.from,
    to: w.to,
    asOf: w.asOf,
    agency: w.agency,
    status,
    timeliness: col === 'total' ? undefined : col,
  });
  return (
    <Link
      to={to}
      data-testid={testId}
      className={n === 0 ? 'cell-link zero' : 'cell-link'}
      aria-label={t('dashboard.cellLink', { count: n })}
    >
      {n.toLocaleString('vi-VN')}
    </Link>
  );
}

export const sumRows = (rows: TableRow[]): Omit<TableRow, 'status'> =>
  rows.reduce(
    (s, r) => ({
      onTime: s.onTime + r.onTime,
      overdue: s.overdue + r.overdue,
      noDeadline: s.noDeadline + r.noDeadline,
      total: s.total + r.total,
    }),
    { onTime: 0, overdue: 0, noDeadline: 0, total: 0 },
  );

export function StatusTable({
  data,
  w,
  idPrefix = 'cell',
  size = 'middle',
}: {
  data: TaskTable;
  w: Window;
  /** test ids `<idPrefix>-<status>-<timeliness|total>` */
  idPrefix?: string;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const totals = sumRows(data.rows);
  const columns: TableColumnsType<TableRow> = [
    {
      title: t('dashboard.status'),
      dataIndex: 'status',
      render: (s: TaskStatus) => (
        <span className="status-cell">
          <span className={`dot dot-${STATUS_COLORS[s]}`} aria-hidden />
          {t(`status.${s}`)}
        </span>
      ),
    },
    ...COLS.map((c) => ({
      title: c.key === 'total' ? t('common.total') : t(`timeliness.${c.key}`),
      key: c.key,
      align: 'right' as const,
      className: c.key === 'total' ? 'col-total' : c.key === 'overdue' ? 'col-overdue' : undefined,
      render: (_: unknown, r: TableRow) => (
        <CellLink
          w={w}
          status={r.status}
          col={c.key}
          n={r[c.field]}
          testId={`${idPrefix}-${r.status}-${c.key}`}
        />
      ),
    })),
  ];
  return (
    <Table<TableRow>
      size={size}
      rowKey="status"
      columns={columns}
      dataSource={data.rows}
      pagination={false}
      data-testid="status-table"
      summary={() => (
        <Table.Summary.Row className="totals-row">
          <Table.Summary.Cell index={0}>
            <strong>{t('dashboard.totalRow')}</strong>
          </Table.Summary.Cell>
          {COLS.map((c, i) => (
            <Table.Summary.Cell index={i + 1} key={c.key} align="right">
              <strong>
                <CellLink w={w} col={c.key} n={totals[c.field]} testId={`${idPrefix}-all-${c.key}`} />
              </strong>
            </Table.Summary.Cell>
          ))}
        </Table.Summary.Row>
      )}
    />
  );
}
