/**
 * Thủ tục hành chính: the catalogue. Search (server side, case and diacritics ignored), fisheries
 * filter, paging in the URL; a row opens the procedure in a drawer (`/procedures?code=…`) and
 * `/procedures/:code` shows it as a page.
 */
import '../dossiers/onestop.css';
import { useEffect, useState } from 'react';
import { Alert, Card, Checkbox, Drawer, Flex, Input, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useUrlState } from '../../lib/urlState.ts';
import { useErrorText } from '../../lib/errors.ts';
import { fmtNum, type ProcedureListItem } from '../dossiers/api.ts';
import { LimitText } from './limits.tsx';
import { byChannel, ProcedureDetailView } from './ProcedureDetailView.tsx';

export function ProcedurePage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  return (
    <div className="page">
      <Link to="/procedures">{t('procedures.back')}</Link>
      <Card className="mt-s">
        <ProcedureDetailView code={code} />
      </Card>
    </div>
  );
}

export default function ProcedureListPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { get, set } = useUrlState();
  const q = get('q');
  const fisheries = get('fisheries') === '1';
  const page = Math.max(1, Number(get('page') ?? 1) || 1);
  const pageSize = [20, 50, 100].includes(Number(get('pageSize'))) ? Number(get('pageSize')) : 20;
  const open = get('code');
  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);

  const query = { q, fisheriesFirst: fisheries ? 'true' : undefined, page, pageSize };
  const { data, error, isFetching } = useQuery({
    queryKey: ['procedures', query],
    queryFn: () => api.get<{ items: ProcedureListItem[]; total: number }>('/api/procedures', query),
    placeholderData: (p) => p,
  });

  const columns: TableColumnsType<ProcedureListItem> = [
    {
      title: t('common.code'),
      dataIndex: 'code',
      width: 110,
      render: (c: string) => (
        <a className="nowrap" onClick={() => set({ code: c }, { keepPage: true })}>
          {c}
        </a>
      ),
    },
    {
      title: t('procedures.name'),
      dataIndex: 'name',
      render: (n: string, r) => (
        <div>
          <a onClick={() => set({ code: r.code }, { keepPage: true })}>{n}</a>
          <div className="muted small">
            {r.fisheries && <Tag color="blue">{t('procedures.fisheries')}</Tag>}
            {r.field}
          </div>
        </div>
      ),
    },
    {
      title: t('procedures.agency'),
      key: 'agency',
      width: 200,
      responsive: ['lg'],
      render: (_: unknown, r) => r.agencyName ?? r.agency ?? '—',
    },
    {
      title: t('procedures.limits'),
      key: 'limits',
      width: 260,
      render: (_: unknown, r) => (
        <div className="small">
          {byChannel(r.timeLimits).map((l) => (
            <div key={l.channel}>
              <span className="muted">{t(`procedures.channels.${l.channel}`)}: </span>
              <LimitText l={l} />
            </div>
          ))}
        </div>
      ),
    },
  ];

  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {t('procedures.title')}
      </Typography.Title>
      <Card size="small" className="mt-s">
        <Flex gap={12} wrap align="center">
          <Input.Search
            allowClear
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => set({ q: v.trim() })}
            placeholder={t('procedures.searchPh')}
            aria-label={t('procedures.search')}
            style={{ maxWidth: 480 }}
            data-testid="procedure-search"
          />
          <Checkbox checked={fisheries} onChange={(e) => set({ fisheries: e.target.checked ? '1' : null })}>
            {t('procedures.fisheriesFirst')}
          </Checkbox>
          <span className="muted">
            {t('dossiers.totalN', { n: fmtNum(data?.total ?? 0) })}{' '}
            <span data-testid="procedure-total" className="sr-only">
              {data?.total ?? 0}
            </span>
          </span>
        </Flex>
      </Card>
      {error && <Alert type="error" showIcon className="mt" title={errorText(error)} />}
      <Card size="small" className="mt">
        <Table<ProcedureListItem>
          rowKey="code"
          size="small"
          loading={isFetching}
          columns={columns}
          dataSource={data?.items ?? []}
          data-testid="procedure-table"
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
      <Drawer
        open={!!open}
        onClose={() => set({ code: null }, { keepPage: true })}
        size="large"
        title={open}
        destroyOnHidden
      >
        {open && <ProcedureDetailView code={open} />}
      </Drawer>
    </div>
  );
}
