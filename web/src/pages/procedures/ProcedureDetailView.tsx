/**
 * One catalogue procedure: agency, time limit per channel (with "needs review" where the record states
 * no unit), fees, dossier components, results, internal and inter-agency steps, version.
 */
import { Descriptions, Empty, List, Skeleton, Table, Tag, Typography, Alert } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { fmtDate } from '../../lib/dates.ts';
import { useErrorText } from '../../lib/errors.ts';
import { fmtVnd, type ProcedureDetail } from '../dossiers/api.ts';
import { LimitText } from './limits.tsx';

/** cấp thực hiện in words ("Cấp tỉnh, Cấp xã"). */
export function LevelText({ level }: { level: string | string[] | null | undefined }) {
  const { t } = useTranslation();
  const list = Array.isArray(level) ? level : level ? [level] : [];
  if (!list.length) return <>—</>;
  return <>{list.map((l) => t(`procedures.levels.${l}`, { defaultValue: l })).join(', ')}</>;
}

export function useProcedure(code: string | null | undefined, publicApi = false) {
  return useQuery({
    queryKey: ['procedure', publicApi ? 'public' : 'staff', code],
    queryFn: () =>
      api.get<ProcedureDetail>(
        `${publicApi ? '/api/public/procedures' : '/api/procedures'}/${encodeURIComponent(code ?? '')}`,
      ),
    enabled: !!code,
    staleTime: 5 * 60_000,
  });
}

const CHANNEL_ORDER = ['counter', 'online', 'postal'];
/** Time limits in the order counter, online, postal. */
export const byChannel = <T extends { channel: string | null }>(list: T[]): T[] =>
  [...list].sort((a, b) => CHANNEL_ORDER.indexOf(a.channel ?? '') - CHANNEL_ORDER.indexOf(b.channel ?? ''));

export function ProcedureDetailView({ code, publicApi }: { code: string; publicApi?: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const q = useProcedure(code, publicApi);
  if (q.error) return <Alert type="error" showIcon title={errorText(q.error)} />;
  const p = q.data;
  if (!p) return <Skeleton active paragraph={{ rows: 8 }} />;
  const results = typeof p.results === 'string' ? [{ name: p.results }] : (p.results ?? []);
  return (
    <div className="proc-detail" data-testid="procedure-detail">
      <Typography.Text type="secondary">{p.code}</Typography.Text>
      <Typography.Title level={3} className="page-title">
        {p.name}
      </Typography.Title>
      {p.fisheries && <Tag color="blue">{t('procedures.fisheries')}</Tag>}
      {p.needsReview && <Tag color="warning">{t('procedures.needsReview')}</Tag>}
      <Descriptions
        className="mt"
        size="small"
        bordered
        column={1}
        styles={{ label: { width: 180 } }}
        items={[
          { key: 'field', label: t('procedures.field'), children: p.field ?? '—' },
          { key: 'level', label: t('procedures.level'), children: <LevelText level={p.levels ?? p.level} /> },
          {
            key: 'agency',
            label: t('procedures.agency'),
            children: (
              <span>
                {p.agencyName ?? p.agency ?? '—'}
                {p.agency && p.agencyName && <span className="muted"> ({p.agency})</span>}
              </span>
            ),
          },
          {
            key: 'limits',
            label: t('procedures.limits'),
            children: p.timeLimits.length ? (
              <div data-testid="procedure-limits">
                {byChannel(p.timeLimits).map((l) => (
                  <div key={l.channel}>
                    <span className="muted">{t(`procedures.channels.${l.channel}`)}: </span>
                    <LimitText l={l} />
                  </div>
                ))}
              </div>
            ) : (
              '—'
            ),
          },
          {
            key: 'fees',
            label: t('procedures.fees'),
            children: p.fees?.length ? (
              <div>
                {byChannel(p.fees).map((f, i) => (
                  <div key={i}>
                    {f.channel && <span className="muted">{t(`procedures.channels.${f.channel}`)}: </span>}
                    {f.amount !== null ? fmtVnd(f.amount, t('procedures.free')) : ''}
                    {f.text &&
                      f.text !== String(f.amount) &&
                      f.text !== fmtVnd(f.amount, t('procedures.free')) && (
                        <div className="muted small">{f.text}</div>
                      )}
                  </div>
                ))}
              </div>
            ) : (
              '—'
            ),
          },
          {
            key: 'version',
            label: t('procedures.version'),
            children: (
              <span>
                {p.version ?? '—'}
                {p.validFrom && (
                  <span className="muted">
                    {' '}
                    · {t('procedures.validFrom', { date: fmtDate(p.validFrom) })}
                  </span>
                )}
              </span>
            ),
          },
          ...(p.onlineLevel
            ? [{ key: 'online', label: t('procedures.onlineLevel'), children: p.onlineLevel }]
            : []),
        ]}
      />
      <Typography.Title level={5} className="mt">
        {t('procedures.components')}
      </Typography.Title>
      {p.components?.length ? (
        <ol className="proc-components" data-testid="procedure-components">
          {p.components.map((c, i) => (
            <li key={i}>
              {c.case && <span className="muted small">{c.case} </span>}
              {c.name}
            </li>
          ))}
        </ol>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
      <Typography.Title level={5} className="mt">
        {t('procedures.results')}
      </Typography.Title>
      {results.length ? (
        <List size="small" dataSource={results} renderItem={(r) => <List.Item>{r.name}</List.Item>} />
      ) : (
        '—'
      )}
      {!!p.steps?.length && (
        <>
          <Typography.Title level={5} className="mt">
            {t('procedures.steps')}
          </Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey={(_, i) => String(i)}
            dataSource={p.steps}
            columns={[
              { title: t('procedures.stepName'), dataIndex: 'name' },
              { title: t('procedures.agency'), dataIndex: 'agency', render: (a: string | null) => a ?? '—' },
              {
                title: t('procedures.limits'),
                key: 'limit',
                render: (_: unknown, s) =>
                  s.value !== undefined ? `${s.value} ${s.unit ? t(`procedures.units.${s.unit}`) : ''}` : '—',
              },
            ]}
          />
        </>
      )}
      {!!p.interAgency?.length && (
        <>
          <Typography.Title level={5} className="mt">
            {t('procedures.interAgency')}
          </Typography.Title>
          <ol>
            {p.interAgency.map((l, i) => (
              <li key={i}>
                {l.agencyName}
                {l.value !== undefined && (
                  <span className="muted">
                    {' '}
                    — {l.value} {l.unit ? t(`procedures.units.${l.unit}`) : ''}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      {!!p.versions?.length && (
        <>
          <Typography.Title level={5} className="mt">
            {t('procedures.versions')}
          </Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey={(_, i) => String(i)}
            dataSource={p.versions}
            columns={[
              { title: t('procedures.version'), dataIndex: 'version' },
              { title: t('common.from'), dataIndex: 'validFrom', render: (d: string) => fmtDate(d) },
              { title: t('common.to'), dataIndex: 'validTo', render: (d: string | null) => fmtDate(d) },
              {
                title: t('procedures.decision'),
                dataIndex: 'decision',
                render: (d: string | null) => d ?? '—',
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
