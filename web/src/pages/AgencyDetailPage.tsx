/** One agency: facts, predecessors and successors, and its open and overdue tasks as of today. */
import { useMemo } from 'react';
import { Alert, Breadcrumb, Card, Descriptions, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useAgencies } from '../api/hooks.ts';
import type { TaskTable } from '../api/types.ts';
import { fmtDate, todayIso } from '../lib/dates.ts';
import { useErrorText } from '../lib/errors.ts';
import { StatusTable } from '../components/StatusTable.tsx';
import { TaskMiniTable } from '../components/TaskMiniTable.tsx';
import { Successors, Validity } from './AgencyListPage.tsx';
import { UrgingLetterButton } from './tasks/UrgingLetterButton.tsx';

/** The earliest date the API accepts (years 1900–2199): "all time" for the agency's tables. */
const ALL_TIME = '1900-01-01';

export default function AgencyDetailPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const en = i18n.language.startsWith('en');
  const { data: all, isPending } = useAgencies();
  const a = all?.find((x) => x.code === code);
  const today = todayIso();
  const predecessors = useMemo(
    () => (all ?? []).filter((x) => x.successors.some((s) => s.code === code)),
    [all, code],
  );
  const children = useMemo(() => (all ?? []).filter((x) => x.parent === code), [all, code]);
  const table = useQuery({
    queryKey: ['reports', 'tasks', 'agency', code, today],
    queryFn: () => api.get<TaskTable>('/api/reports/tasks', { from: ALL_TIME, to: today, agency: code }),
    enabled: !!a,
  });

  if (isPending) return <Skeleton active className="page" />;
  if (!a) {
    return (
      <Result
        status="404"
        title="404"
        subTitle={code}
        extra={<Link to="/agencies">{t('agencies.back')}</Link>}
      />
    );
  }
  const parent = a.parent ? all?.find((x) => x.code === a.parent) : undefined;
  const base = { agency: code, from: ALL_TIME };

  return (
    <div className="page">
      <Breadcrumb items={[{ title: <Link to="/agencies">{t('agencies.back')}</Link> }, { title: a.name }]} />
      <Typography.Title level={2} className="page-title mt-s">
        {en && a.nameEn ? a.nameEn : a.name}
      </Typography.Title>
      <Space size={4} wrap>
        <Tag>{t(`kinds.${a.kind}`)}</Tag>
        <code>{a.code}</code>
        {a.demo && <Tag bordered={false}>{t('common.demo')}</Tag>}
      </Space>
      <Card size="small" className="mt">
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 1, lg: 1, xl: 2 }}
          styles={{ label: { width: 170 } }}
          items={[
            { key: 'name', label: t('common.name'), children: a.name },
            { key: 'en', label: t('agencies.englishName'), children: a.nameEn ?? '—' },
            {
              key: 'parent',
              label: t('agencies.parent'),
              children: parent ? (
                <Link to={`/agencies/${encodeURIComponent(parent.code)}`}>{parent.name}</Link>
              ) : (
                '—'
              ),
            },
            { key: 'validity', label: t('agencies.validity'), children: <Validity a={a} /> },
            { key: 'succ', label: t('agencies.successors'), children: <Successors a={a} /> },
            {
              key: 'pred',
              label: t('agencies.predecessors'),
              children: predecessors.length ? (
                <Space size={[4, 4]} wrap>
                  {predecessors.map((p) => (
                    <Tag key={p.code}>
                      <Link to={`/agencies/${encodeURIComponent(p.code)}`}>{p.name}</Link>
                      {p.validTo && <span className="muted"> (→ {fmtDate(p.validTo)})</span>}
                    </Tag>
                  ))}
                </Space>
              ) : (
                '—'
              ),
            },
            ...(children.length
              ? [
                  {
                    key: 'children',
                    label: t('agencies.children'),
                    span: 'filled' as const,
                    children: (
                      <Space size={[4, 4]} wrap>
                        {children.slice(0, 60).map((c) => (
                          <Tag key={c.code}>
                            <Link to={`/agencies/${encodeURIComponent(c.code)}`}>{c.name}</Link>
                          </Tag>
                        ))}
                        {children.length > 60 && <span className="muted">… +{children.length - 60}</span>}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card size="small" className="mt" title={t('agencies.openTable')}>
        {table.data ? (
          <StatusTable
            data={table.data}
            w={{ from: table.data.from, to: table.data.to, asOf: table.data.asOf, agency: code }}
            idPrefix="agency-cell"
            size="small"
          />
        ) : table.error ? (
          <Alert type="error" showIcon message={errorText(table.error)} data-testid="agency-table-error" />
        ) : (
          <Skeleton active />
        )}
      </Card>
      <Card
        size="small"
        className="mt"
        title={t('agencies.openTasks')}
        extra={<UrgingLetterButton agency={code} validTo={a.validTo} />}
      >
        <Tabs
          items={(
            [
              ['ar-overdue', 'awaiting_receipt', 'overdue', t('agencies.overdueReceipt')],
              ['ip-overdue', 'in_progress', 'overdue', t('agencies.overdueProgress')],
              ['ar', 'awaiting_receipt', undefined, t('status.awaiting_receipt')],
              ['ip', 'in_progress', undefined, t('status.in_progress')],
              ['ac', 'awaiting_closure', undefined, t('status.awaiting_closure')],
            ] as const
          ).map(([key, status, timeliness, label]) => {
            const row = table.data?.rows.find((r) => r.status === status);
            const n = row ? (timeliness ? row.overdue : row.total) : undefined;
            return {
              key,
              label: n === undefined ? label : `${label} (${n})`,
              children: (
                <TaskMiniTable
                  query={{ ...base, status, timeliness }}
                  showAgency={false}
                  testId={`agency-tasks-${key}`}
                />
              ),
            };
          })}
        />
      </Card>
    </div>
  );
}
