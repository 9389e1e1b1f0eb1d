/**
 * Thống kê tiếp công dân, xử lý đơn: the figures of GET /api/reports/petitions?from&to&asOf (sessions,
 * persons, mass delegations; petitions received, eligible / ineligible, eligible by kind, ineligible by
 * reason, forwarded, guided, urged, resolved, overdue; distinct matters). Every figure is a link to its
 * rows: /receptions or /petitions with `metric` = the figure's path and the same window (the API's
 * drill-down gives the same total). Default window: the seed's 9-month report, 15/12/2021 – 14/09/2022.
 */
import { Alert, Card, Col, Flex, Row, Skeleton, Statistic, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorText } from '../../lib/errors.ts';
import { href, useUrlState } from '../../lib/urlState.ts';
import { IsoDatePicker } from '../../components/inputs.tsx';
import { kindLabel, reasonLabel, type PetitionReport } from './api.ts';
import { REPORT_KINDS } from './metrics.ts';

export const SEED_WINDOW = { from: '2021-12-15', to: '2022-09-14' };

type Report = PetitionReport & {
  petitions: PetitionReport['petitions'] & { pending?: number };
  distinctMatters?: number;
};

export default function PetitionReportPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const errorText = useErrorText();
  const { get, set } = useUrlState();
  const from = get('from') ?? SEED_WINDOW.from;
  const to = get('to') ?? SEED_WINDOW.to;
  const asOf = get('asOf');
  const q = { from, to, asOf };
  const r = useQuery({
    queryKey: ['reports', 'petitions', q],
    queryFn: () => api.get<Report>('/api/reports/petitions', q),
    placeholderData: (p) => p,
  });
  const d = r.data;

  /** One figure: a link to the list behind it. */
  const fig = (metric: string, label: string, value: number | undefined, hint?: string) => (
    <Col xs={12} md={8} xl={4} key={metric}>
      <Card size="small" className="figure-card">
        <Statistic
          title={hint ? `${label} *` : label}
          value={value ?? 0}
          valueRender={(node) => (
            <Link
              to={href(metric.startsWith('receptions.') ? '/receptions' : '/petitions', {
                metric,
                from,
                to,
                asOf: asOf ?? to,
              })}
              data-testid={`metric-${metric.replace(/\./g, '-')}`}
            >
              {node}
            </Link>
          )}
        />
        {hint && (
          <div className="small muted" data-testid={`hint-${metric.replace(/\./g, '-')}`}>
            {hint}
          </div>
        )}
      </Card>
    </Col>
  );

  const p = d?.petitions;
  const reasons = Object.entries(p?.ineligibleByReason ?? {}).filter(([, n]) => (n ?? 0) > 0);
  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {t('pet.report.title')}
      </Typography.Title>
      <Card size="small" className="mt-s">
        <Flex gap={8} wrap align="center">
          <span>{t('pet.report.period')}:</span>
          <IsoDatePicker
            value={from}
            onChange={(v) => set({ from: v })}
            aria-label={t('common.from')}
            allowClear={false}
            data-testid="report-from"
          />
          <IsoDatePicker
            value={to}
            onChange={(v) => set({ to: v })}
            aria-label={t('common.to')}
            allowClear={false}
            data-testid="report-to"
          />
          <span>{t('common.asOf')}:</span>
          <IsoDatePicker
            value={asOf ?? to}
            onChange={(v) => set({ asOf: v })}
            aria-label={t('common.asOf')}
          />
        </Flex>
        {from === SEED_WINDOW.from && to === SEED_WINDOW.to && (
          <div className="muted small mt-s">{t('pet.report.seedHint')}</div>
        )}
      </Card>
      {r.error && <Alert type="error" showIcon className="mt" title={errorText(r.error)} />}
      {!d && !r.error && <Skeleton active className="mt" />}
      {d && (
        <>
          <Typography.Title level={4} className="mt">
            {t('pet.report.receptions')}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            {fig('receptions.sessions', t('pet.report.sessions'), d.receptions.sessions)}
            {fig('receptions.persons', t('pet.report.persons'), d.receptions.persons)}
            {fig('receptions.massDelegations', t('pet.report.massDelegations'), d.receptions.massDelegations)}
          </Row>
          <Typography.Title level={4} className="mt">
            {t('pet.report.petitions')}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            {fig('petitions.received', t('pet.report.received'), p?.received)}
            {fig('petitions.eligible', t('pet.report.eligible'), p?.eligible)}
            {fig('petitions.ineligible', t('pet.report.ineligible'), p?.ineligible)}
            {p?.pending !== undefined && fig('petitions.pending', t('pet.report.pending'), p.pending)}
            {d.distinctMatters !== undefined &&
              fig('distinctMatters', t('pet.report.distinctMatters'), d.distinctMatters)}
          </Row>
          <Typography.Title level={5} className="mt">
            {t('pet.report.byKind')}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            {REPORT_KINDS.map((k) => fig(`petitions.byKind.${k}`, kindLabel(k, en), p?.byKind?.[k]))}
            {/* the seed's "kiến nghị, phản ánh" (209): recommendations + feedback + land disputes */}
            <Col xs={12} md={8} xl={4}>
              <Card size="small" className="figure-card" data-testid="metric-rec-feedback">
                <Statistic
                  title={t('pet.report.recFeedback')}
                  value={
                    (p?.byKind?.recommendation ?? 0) +
                    (p?.byKind?.feedback ?? 0) +
                    (p?.byKind?.land_dispute ?? 0)
                  }
                />
                <div className="small muted">{t('pet.report.recFeedbackHint')}</div>
              </Card>
            </Col>
          </Row>
          <Typography.Title level={5} className="mt">
            {t('pet.report.handling')}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            {fig('petitions.forwarded', t('pet.report.forwarded'), p?.forwarded)}
            {fig('petitions.guided', t('pet.report.guided'), p?.guided)}
            {fig('petitions.urged', t('pet.report.urged'), p?.urged, t('pet.report.urgedHint'))}
            {fig('petitions.resolved', t('pet.report.resolved'), p?.resolved)}
            {fig('petitions.overdue', t('pet.report.overdue'), p?.overdue)}
          </Row>
          <Typography.Title level={5} className="mt">
            {t('pet.report.byReason')}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            {reasons.map(([code, n]) =>
              fig(`petitions.ineligibleByReason.${code}`, reasonLabel(code, en), n ?? 0),
            )}
            {!reasons.length && <Col className="muted">—</Col>}
          </Row>
        </>
      )}
    </div>
  );
}
