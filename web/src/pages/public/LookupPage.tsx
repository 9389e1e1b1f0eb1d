/**
 * Tra cứu hồ sơ (no login): status, procedure, appointment and steps of a dossier by its code.
 * Personal data only when the last 4 digits of the applicant's phone or ID are given (`check`).
 * GET /api/public/dossiers/{code}?check=NNNN
 */
import { Alert, Button, Card, Descriptions, Form, Input, Steps, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { fmtDate, fmtDateTime } from '../../lib/dates.ts';
import {
  fmtAppointment,
  fmtDeadline,
  procName,
  STATUS_COLORS,
  statusLabel,
  type PublicDossier,
} from '../dossiers/api.ts';
import { ApiError } from '../../api/client.ts';
import { useCitizenErrors } from './citizen.ts';
import { TimelinessTag } from '../dossiers/tags.tsx';
import { PublicLayout } from './PublicLayout.tsx';

export default function LookupPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const { text: errorText } = useCitizenErrors({ code: t('public.code'), check: t('public.check') });
  const [params, setParams] = useSearchParams();
  const code = params.get('code')?.trim() ?? '';
  const check = params.get('check')?.trim() ?? '';
  const q = useQuery({
    queryKey: ['public', 'dossier', code, check],
    queryFn: () =>
      api.get<PublicDossier>(`/api/public/dossiers/${encodeURIComponent(code)}`, {
        check: check || undefined,
      }),
    enabled: !!code,
    retry: false,
  });
  const d = q.data;
  const label = d
    ? typeof d.statusLabel === 'object'
      ? en
        ? d.statusLabel.en
        : d.statusLabel.vi
      : (d.statusLabel ?? statusLabel(d.status, en))
    : '';

  return (
    <PublicLayout>
      <Typography.Title level={2} className="page-title">
        {t('public.lookupTitle')}
      </Typography.Title>
      <Card size="small">
        <Form
          layout="vertical"
          name="lookup"
          initialValues={{ code, check }}
          onFinish={(v: { code: string; check?: string }) => {
            const p = new URLSearchParams();
            p.set('code', v.code.trim().toUpperCase());
            if (v.check?.trim()) p.set('check', v.check.trim());
            setParams(p);
          }}
        >
          <Form.Item
            name="code"
            label={t('public.code')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input
              size="large"
              placeholder="VD: 000.00.00.H48-221215-0001"
              autoCapitalize="characters"
              data-testid="lookup-code"
            />
          </Form.Item>
          <Form.Item
            name="check"
            label={`${t('public.check')} (${t('common.optional')})`}
            extra={t('public.checkHint')}
            rules={[{ pattern: /^\d{4}$/, message: t('public.checkFormat') }]}
          >
            <Input maxLength={4} inputMode="numeric" style={{ maxWidth: 160 }} data-testid="lookup-check" />
          </Form.Item>
          <Button
            type="primary"
            size="large"
            htmlType="submit"
            icon={<SearchOutlined />}
            data-testid="lookup-submit"
            block
          >
            {t('public.lookup')}
          </Button>
        </Form>
      </Card>
      {q.error && (
        <Alert
          type="error"
          showIcon
          className="mt"
          title={
            // 429 check_locked: too many wrong digits for this dossier — say so, and when to try again
            q.error instanceof ApiError && q.error.code === 'check_locked'
              ? t('public.checkLocked')
              : errorText(q.error)
          }
          role="alert"
          data-testid="lookup-error"
          data-code={q.error instanceof ApiError ? q.error.code : undefined}
        />
      )}
      {d && check && d.verified === false && (
        // the digits were given and do not match: said plainly, nothing else revealed
        <Alert
          type="warning"
          showIcon
          className="mt"
          title={t('public.checkMismatch')}
          role="alert"
          data-testid="lookup-check-mismatch"
        />
      )}
      {d && (
        <Card className="mt" data-testid="lookup-result">
          <div className="muted">{t('public.code')}</div>
          <div className="big-code">{d.code}</div>
          <div className="mt-s" data-testid="lookup-status" data-status={d.status}>
            <Tag color={STATUS_COLORS[d.status] ?? 'default'} className="public-status">
              {label}
            </Tag>
          </div>
          <Descriptions
            className="mt"
            size="small"
            bordered
            column={1}
            items={[
              { key: 'p', label: t('dossiers.procedure'), children: procName(d) || d.procedureCode || '—' },
              {
                key: 'r',
                // an online filing is "filed" until the one-stop accepts it
                label:
                  d.channel === 'online' && d.status === 'new'
                    ? t('dossiers.filedOnlineAt')
                    : t('dossiers.receivedAt'),
                children: <span data-testid="lookup-received-at">{fmtDateTime(d.receivedAt)}</span>,
              },
              ...(d.receivingBodyName
                ? [{ key: 'rb', label: t('public.receivingBody'), children: d.receivingBodyName }]
                : []),
              {
                key: 'a',
                label: t('dossiers.appointment'),
                children: <span data-testid="lookup-appointment">{fmtAppointment(d.appointmentAt, en)}</span>,
              },
              ...(d.apologyDate || d.apologyAt
                ? [
                    {
                      key: 'ap',
                      label: t('dossiers.apologyAt'),
                      children: d.apologyDate ? fmtDate(d.apologyDate) : fmtAppointment(d.apologyAt, en),
                    },
                  ]
                : []),
              ...(d.processingAgencyName
                ? [{ key: 'ag', label: t('dossiers.processingAgency'), children: d.processingAgencyName }]
                : []),
              ...(d.returned || d.returnedAt
                ? [
                    {
                      key: 'rt',
                      label: t('public.returnedAt'),
                      children: (
                        <span data-testid="lookup-returned">
                          {fmtDateTime(d.returned?.at ?? d.returnedAt)}
                          {d.returned?.method && (
                            <span className="muted">
                              {' · '}
                              {t(`dossiers.returnMethods.${d.returned.method}`, {
                                defaultValue: d.returned.method,
                              })}
                            </span>
                          )}
                          {d.returned?.postal?.itemCode && (
                            <span className="muted">
                              {' · '}
                              {t('dossiers.act.itemCode')}: {d.returned.postal.itemCode}
                            </span>
                          )}
                        </span>
                      ),
                    },
                  ]
                : []),
              {
                key: 'applicant',
                label: t('dossiers.applicant'),
                children: d.applicant ? (
                  <span data-testid="lookup-applicant">
                    {d.applicant.name}
                    {d.applicant.phone && <div className="muted small">{d.applicant.phone}</div>}
                  </span>
                ) : (
                  <span className="muted" data-testid="lookup-no-personal">
                    {t('public.hiddenPersonal')}
                  </span>
                ),
              },
            ]}
          />
          {!!d.steps?.length && (
            <>
              <Typography.Title level={5} className="mt">
                {t('public.steps')}
              </Typography.Title>
              <Steps
                className="public-steps"
                direction="vertical"
                size="small"
                current={d.steps.length}
                data-testid="lookup-steps"
                items={d.steps.map((s) => ({
                  title: s.name,
                  status: s.finishedAt ? 'finish' : 'process',
                  description: (
                    <span className="small">
                      {fmtDateTime(s.startedAt)} →{' '}
                      {s.finishedAt ? fmtDateTime(s.finishedAt) : t('public.inProgress')}
                      {s.dueAt && (
                        <span className="muted">
                          {' '}
                          · {t('dossiers.dueAt')}: {fmtDeadline(s.dueAt, en)}
                        </span>
                      )}{' '}
                      <TimelinessTag value={s.result} />
                    </span>
                  ),
                }))}
              />
            </>
          )}
        </Card>
      )}
    </PublicLayout>
  );
}
