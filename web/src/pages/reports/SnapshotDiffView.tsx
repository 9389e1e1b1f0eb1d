/**
 * "So sánh với hiện tại": a snapshot's figures against the figures computed now
 * (GET /api/reports/periodic/snapshots/:id/diff) — the figures that differ (before → after) and the
 * records back-entered after the snapshot with an effective date on or before the cut-off, each a link
 * to its record.
 */
import { Alert, Skeleton, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { fmtDate, fmtDateTime } from '../../lib/dates.ts';
import { useErrorText } from '../../lib/errors.ts';
import { fmtNum, periodicApi, type SnapshotDiff } from './api.ts';
import { useEventTypeLabel, useFigureLabel } from './labels.ts';

type BackEntered = SnapshotDiff['backEntered'][number];

/** The web page of a back-entered record. */
const recordHref = (r: BackEntered): string => {
  switch (r.module) {
    case 'tasks':
      return `/tasks/${r.id}`;
    case 'dossiers':
      return `/dossiers/${r.id}`;
    case 'petitions':
      return `/petitions/${r.id}`;
    case 'procedures':
      return `/procedures/${r.id}`;
    case 'receptions':
      return `/receptions?q=${encodeURIComponent(r.ref)}`;
  }
};

export function SnapshotDiffView({ snapshotId }: { snapshotId: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const label = useFigureLabel();
  const eventLabel = useEventTypeLabel();
  const q = useQuery({
    queryKey: ['periodic', 'diff', snapshotId],
    queryFn: () => periodicApi.diff(snapshotId),
    staleTime: 0,
  });
  if (q.error) return <Alert type="error" showIcon title={errorText(q.error)} />;
  if (!q.data) return <Skeleton active />;
  const d = q.data;
  const figCols: TableColumnsType<SnapshotDiff['figures'][number]> = [
    {
      title: t('periodic.figure'),
      dataIndex: 'key',
      render: (k: string) => <span title={k}>{label(k)}</span>,
    },
    {
      title: t('periodic.before'),
      dataIndex: 'before',
      align: 'right',
      width: 110,
      render: (n: number) => fmtNum(n, i18n.language),
    },
    {
      title: t('periodic.after'),
      dataIndex: 'after',
      align: 'right',
      width: 110,
      render: (n: number) => fmtNum(n, i18n.language),
    },
    {
      title: t('periodic.delta'),
      key: 'delta',
      align: 'right',
      width: 110,
      render: (_: unknown, r) => {
        const delta = r.after - r.before;
        return (
          <Typography.Text type={delta > 0 ? 'success' : 'danger'} strong>
            {delta > 0 ? '+' : ''}
            {fmtNum(delta, i18n.language)}
          </Typography.Text>
        );
      },
    },
  ];
  const recCols: TableColumnsType<BackEntered> = [
    {
      title: t('periodic.module'),
      dataIndex: 'module',
      width: 150,
      render: (m: BackEntered['module']) => t(`periodic.modules.${m}`),
    },
    {
      title: t('periodic.ref'),
      dataIndex: 'ref',
      render: (ref: string, r) => <Link to={recordHref(r)}>{ref || r.id}</Link>,
    },
    {
      title: t('periodic.type'),
      dataIndex: 'type',
      width: 160,
      render: (type: string, r) => <span title={type}>{eventLabel(r.module, type)}</span>,
    },
    {
      title: t('periodic.effectiveDate'),
      dataIndex: 'effectiveDate',
      width: 120,
      render: (s: string) => fmtDate(s),
    },
    {
      title: t('periodic.recordedAt'),
      dataIndex: 'recordedAt',
      width: 150,
      render: (s: string) => fmtDateTime(s),
    },
    {
      title: t('periodic.figureKeys'),
      dataIndex: 'figureKeys',
      render: (keys: string[]) => (
        <span>
          {keys.map((k) => (
            <Tag key={k} title={k} className="wrap-tag">
              {label(k)}
            </Tag>
          ))}
        </span>
      ),
    },
  ];
  const same = d.figures.length === 0 && d.backEntered.length === 0;
  return (
    <div data-testid="snapshot-diff">
      {same && <Alert type="success" showIcon title={t('periodic.diffSame')} data-testid="diff-same" />}
      {!same && (
        <>
          <Typography.Title level={5}>
            {t('periodic.diffFigures', { count: d.figures.length })}
          </Typography.Title>
          <Table
            size="small"
            rowKey="key"
            columns={figCols}
            dataSource={d.figures}
            pagination={false}
            data-testid="diff-figures"
          />
          <Typography.Title level={5} className="mt">
            {t('periodic.diffBackEntered', { count: d.backEntered.length })}
          </Typography.Title>
          <Table
            size="small"
            rowKey={(r) => `${r.module}:${r.id}:${r.type}:${r.recordedAt}`}
            columns={recCols}
            dataSource={d.backEntered}
            pagination={d.backEntered.length > 20 ? { pageSize: 20 } : false}
            data-testid="diff-back-entered"
          />
        </>
      )}
    </div>
  );
}
