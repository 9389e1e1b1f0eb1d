/** Cơ quan: agencies with kind and "valid on date" filters, validity and 2025 successors. */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useAgencyMap } from '../api/hooks.ts';
import type { Agency, AgencyKind } from '../api/types.ts';
import { AGENCY_KINDS } from '../api/types.ts';
import { fmtDate } from '../lib/dates.ts';
import { useUrlState } from '../lib/urlState.ts';
import { useErrorText } from '../lib/errors.ts';
import { IsoDatePicker } from '../components/inputs.tsx';

export function Validity({ a }: { a: Pick<Agency, 'validFrom' | 'validTo'> }) {
  const { t } = useTranslation();
  return (
    <span className="nowrap">
      {a.validTo
        ? t('agencies.validRange', { from: fmtDate(a.validFrom), to: fmtDate(a.validTo) })
        : t('agencies.validFrom', { date: fmtDate(a.validFrom) })}{' '}
      {a.validTo ? <Tag>{t('agencies.ended')}</Tag> : <Tag color="green">{t('agencies.current')}</Tag>}
    </span>
  );
}

export function Successors({ a }: { a: Pick<Agency, 'successors'> }) {
  const { t } = useTranslation();
  const map = useAgencyMap();
  if (!a.successors.length) return <>—</>;
  return (
    <Space direction="vertical" size={2}>
      {a.successors.map((s) => (
        <span key={`${s.code}-${s.date}`}>
          <span className="muted small">
            {t(`successionKinds.${s.kind as 'merge'}`, { defaultValue: s.kind })}{' '}
          </span>
          <Link to={`/agencies/${encodeURIComponent(s.code)}`}>{map.get(s.code)?.name ?? s.code}</Link>
          <span className="muted small"> ({fmtDate(s.date)})</span>
        </span>
      ))}
    </Space>
  );
}

export default function AgencyListPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const navigate = useNavigate();
  const errorText = useErrorText();
  const map = useAgencyMap();
  const { get, set } = useUrlState();
  const kind = AGENCY_KINDS.includes(get('kind') as AgencyKind) ? (get('kind') as AgencyKind) : undefined;
  const query = { at: get('at'), kind, q: get('q') };
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);
  const page = Math.max(1, Number(get('page') ?? 1) || 1);
  const { data, error, isFetching } = useQuery({
    queryKey: ['agencies', 'list', query],
    queryFn: () => api.get<{ items: Agency[] }>('/api/agencies', query).then((r) => r.items),
    placeholderData: (prev) => prev,
  });
  const columns: TableColumnsType<Agency> = useMemo(
    () => [
      { title: t('common.code'), dataIndex: 'code', width: 104, render: (c: string) => <code>{c}</code> },
      {
        title: t('common.name'),
        dataIndex: 'name',
        render: (name: string, a) => (
          <div>
            <Link to={`/agencies/${encodeURIComponent(a.code)}`}>{en && a.nameEn ? a.nameEn : name}</Link>
            {a.demo && (
              <Tag className="ml-s" bordered={false}>
                {t('common.demo')}
              </Tag>
            )}
            {en && a.nameEn && <div className="muted small">{name}</div>}
            {a.parent && (
              <div className="muted small">
                {t('agencies.parent')}:{' '}
                <Link to={`/agencies/${encodeURIComponent(a.parent)}`} className="muted-link">
                  {map.get(a.parent)?.name ?? a.parent}
                </Link>
              </div>
            )}
          </div>
        ),
      },
      {
        title: t('agencies.kind'),
        dataIndex: 'kind',
        width: 130,
        render: (k: AgencyKind) => t(`kinds.${k}`),
      },
      {
        title: t('agencies.validity'),
        key: 'validity',
        width: 240,
        render: (_: unknown, a) => <Validity a={a} />,
      },
      {
        title: t('agencies.successors'),
        key: 'succ',
        width: 300,
        render: (_: unknown, a) => <Successors a={a} />,
      },
    ],
    [t, en, map],
  );
  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {t('agencies.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('agencies.reform')}</Typography.Text>
      <Card size="small" className="filters mt">
        <Form layout="vertical" className="filter-grid compact">
          <Form.Item label={t('common.search')} htmlFor="ag-q" className="span-2">
            <Input.Search
              id="ag-q"
              allowClear
              value={text}
              onChange={(e) => setText(e.target.value)}
              onSearch={(v) => set({ q: v.trim() || undefined })}
              placeholder={t('agencies.searchPlaceholder')}
            />
          </Form.Item>
          <Form.Item label={t('agencies.kind')} htmlFor="ag-kind">
            <Select<AgencyKind>
              id="ag-kind"
              allowClear
              placeholder={t('common.all')}
              value={kind}
              onChange={(v) => set({ kind: v })}
              options={AGENCY_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('agencies.at')} htmlFor="ag-at">
            <IsoDatePicker id="ag-at" value={query.at} onChange={(v) => set({ at: v })} />
          </Form.Item>
          <Form.Item label=" " className="filter-reset">
            <Flex gap={8}>
              <Button onClick={() => set({ at: '2022-09-15' })}>15/09/2022</Button>
              <Button onClick={() => set({ at: '2025-07-01' })}>01/07/2025</Button>
              <Button onClick={() => navigate('/agencies')}>{t('common.reset')}</Button>
            </Flex>
          </Form.Item>
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
      <Card size="small" className="mt">
        <div className="list-total">
          <strong data-testid="agency-total">{t('agencies.count', { count: data?.length ?? 0 })}</strong>
        </div>
        <Table<Agency>
          rowKey="code"
          size="small"
          columns={columns}
          dataSource={data ?? []}
          loading={isFetching}
          scroll={{ x: 1000 }}
          pagination={{
            current: page,
            pageSize: 50,
            showSizeChanger: false,
            onChange: (p) => set({ page: p === 1 ? undefined : p }, { keepPage: true }),
          }}
        />
      </Card>
    </div>
  );
}
