/**
 * Intake of a dossier by staff: at the counter (`counter_staff`, channel `counter`) or by phone at the
 * call centre (`callcentre_staff`, channel `phone`: caller number, fishing-vessel procedures first,
 * return by post preselected, then the code and the appointment read back in large type).
 * POST /api/dossiers → { code, appointmentAt, status } (ND 61/2018 Art 16–17; receipt = form 01).
 */
import './onestop.css';
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Flex, Form, Input, Radio, Result, Row, Switch, Typography } from 'antd';
import { DownloadOutlined, PhoneOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useApiErrors } from '../../lib/errors.ts';
import { ProcedurePicker } from '../procedures/ProcedurePicker.tsx';
import { useProcedure } from '../procedures/ProcedureDetailView.tsx';
import { LimitText } from '../procedures/limits.tsx';
import { fmtAppointment, fmtVnd, type IntakeResult, type ReturnMethod } from './api.ts';
import {
  ComponentsChecklist,
  groupComponents,
  initialComponents,
  receivedComponents,
  sameRows,
  type ChecklistRow,
} from './ComponentsChecklist.tsx';

interface Values {
  callerNumber?: string;
  procedureCode?: string;
  applicant: { name: string; idNumber: string; phone: string; email?: string; address: string };
  hasRepresentative: boolean;
  representative?: { name?: string; idNumber?: string; phone?: string };
  components: ChecklistRow[];
  returnMethod: ReturnMethod;
}

const FIELDS = [
  'callerNumber',
  'procedureCode',
  'applicant.name',
  'applicant.idNumber',
  'applicant.phone',
  'applicant.email',
  'applicant.address',
  'representative.name',
  'representative.idNumber',
  'representative.phone',
  'returnMethod',
];

/** The applicant fields shared by staff intake and online filing. */
export function ApplicantFields({ testPrefix = 'applicant' }: { testPrefix?: string }) {
  const { t } = useTranslation();
  const req = [{ required: true, whitespace: true, message: t('common.required') }];
  return (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Form.Item name={['applicant', 'name']} label={t('dossiers.applicantName')} rules={req}>
          <Input autoComplete="name" maxLength={200} data-testid={`${testPrefix}-name`} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['applicant', 'idNumber']} label={t('dossiers.idNumber')} rules={req}>
          <Input maxLength={20} inputMode="numeric" data-testid={`${testPrefix}-id`} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['applicant', 'phone']} label={t('dossiers.phone')} rules={req}>
          <Input maxLength={20} inputMode="tel" autoComplete="tel" data-testid={`${testPrefix}-phone`} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name={['applicant', 'email']}
          label={`${t('dossiers.email')} (${t('common.optional')})`}
          rules={[{ type: 'email', message: t('dossiers.badEmail') }]}
        >
          <Input maxLength={200} autoComplete="email" data-testid={`${testPrefix}-email`} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name={['applicant', 'address']} label={t('dossiers.address')} rules={req}>
          <Input maxLength={500} autoComplete="street-address" data-testid={`${testPrefix}-address`} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** The dossier code and its appointment, large (read back on the phone, shown at the counter). */
export function IntakeDone({
  r,
  phone,
  onAgain,
  formHref,
}: {
  r: IntakeResult;
  phone?: boolean;
  onAgain: () => void;
  formHref?: string;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (
    <Card className={phone ? 'readback' : undefined} data-testid="intake-result">
      <Result
        status="success"
        title={phone ? t('dossiers.readBack') : t('dossiers.received')}
        subTitle={phone ? t('dossiers.readBackHint') : undefined}
      />
      <div className="big-facts">
        <div>
          <div className="muted">{t('dossiers.code')}</div>
          <div className="big-code" data-testid="dossier-code">
            {r.code}
          </div>
        </div>
        <div>
          <div className="muted">{t('dossiers.appointment')}</div>
          <div className="big-date" data-testid="dossier-appointment">
            {fmtAppointment(r.appointmentAt, en)}
          </div>
        </div>
      </div>
      <Flex gap={8} wrap justify="center" className="mt">
        {formHref && (
          <Button icon={<DownloadOutlined />} href={formHref} data-testid="download-form-01">
            {t('dossiers.downloadReceipt')}
          </Button>
        )}
        <Link to={`/dossiers/${encodeURIComponent(r.code)}`}>
          <Button data-testid="open-dossier">{t('dossiers.openDossier')}</Button>
        </Link>
        <Button type="primary" onClick={onAgain} data-testid="intake-again">
          {t('dossiers.nextIntake')}
        </Button>
      </Flex>
    </Card>
  );
}

export default function IntakePage({ mode }: { mode: 'counter' | 'phone' }) {
  const { t } = useTranslation();
  const phone = mode === 'phone';
  const [form] = Form.useForm<Values>();
  const { applyToForm } = useApiErrors();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<IntakeResult | null>(null);
  const code = Form.useWatch('procedureCode', form);
  const hasRep = Form.useWatch('hasRepresentative', form);
  const proc = useProcedure(code);
  const limitChannel = phone ? 'postal' : 'counter';

  // the checklist follows the catalogue's components of the chosen procedure: distinct, grouped by case,
  // none ticked (the clerk ticks what was handed in)
  const groups = useMemo(() => groupComponents(proc.data?.components ?? []), [proc.data]);
  useEffect(() => {
    if (!sameRows(form.getFieldValue('components') as ChecklistRow[] | undefined, groups))
      form.setFieldValue('components', initialComponents(groups));
  }, [groups, form]);

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const body = {
        procedureCode: v.procedureCode,
        channel: phone ? 'phone' : 'counter',
        applicant: {
          name: v.applicant.name.trim(),
          idNumber: v.applicant.idNumber.trim(),
          phone: v.applicant.phone.trim(),
          ...(v.applicant.email?.trim() ? { email: v.applicant.email.trim() } : {}),
          address: v.applicant.address.trim(),
        },
        ...(v.hasRepresentative && v.representative?.name?.trim()
          ? {
              representative: {
                name: v.representative.name.trim(),
                ...(v.representative.idNumber?.trim() ? { idNumber: v.representative.idNumber.trim() } : {}),
                ...(v.representative.phone?.trim() ? { phone: v.representative.phone.trim() } : {}),
              },
            }
          : {}),
        // rows of a closed group are not mounted: read the store, not the submitted values
        components: receivedComponents(form.getFieldValue('components') as ChecklistRow[]),
        returnMethod: v.returnMethod,
        ...(phone && v.callerNumber?.trim() ? { callerNumber: v.callerNumber.trim() } : {}),
      };
      const r = await api.post<IntakeResult>('/api/dossiers', body);
      setDone(r);
      void qc.invalidateQueries({ queryKey: ['dossiers'] });
    } catch (e) {
      applyToForm(form, e, FIELDS);
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setDone(null);
    form.resetFields();
  };

  if (done) {
    return (
      <div className="page">
        <IntakeDone
          r={done}
          phone={phone}
          onAgain={again}
          formHref={`/api/dossiers/${encodeURIComponent(done.code)}/forms/01`}
        />
      </div>
    );
  }

  const limit = proc.data?.timeLimits.find((l) => l.channel === limitChannel);
  const fee = proc.data?.fees?.find((f) => f.channel === limitChannel) ?? proc.data?.fees?.[0];
  const req = [{ required: true, whitespace: true, message: t('common.required') }];

  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {phone ? t('dossiers.phoneTitle') : t('dossiers.counterTitle')}
      </Typography.Title>
      <Form<Values>
        form={form}
        layout="vertical"
        name={`intake-${mode}`}
        onFinish={submit}
        initialValues={{
          returnMethod: phone ? 'post' : 'counter',
          hasRepresentative: false,
          components: [],
        }}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} xl={14}>
            <Card size="small" title={t('dossiers.procedure')}>
              {phone && (
                <Form.Item name="callerNumber" label={t('dossiers.callerNumber')} rules={req}>
                  <Input
                    prefix={<PhoneOutlined aria-hidden />}
                    inputMode="tel"
                    maxLength={20}
                    data-testid="caller-number"
                  />
                </Form.Item>
              )}
              <Form.Item name="procedureCode" label={t('dossiers.procedure')} rules={[req[0]!]}>
                <ProcedurePicker fisheriesFirst={phone} channel={limitChannel} testId="procedure-picker" />
              </Form.Item>
              {proc.data && (
                <Alert
                  type="info"
                  className="mb"
                  title={
                    <span data-testid="procedure-limit">
                      {t('dossiers.limitIs')} {limit ? <LimitText l={limit} /> : t('procedures.noLimit')}
                      {fee && (
                        <span>
                          {' · '}
                          {t('dossiers.fee')}:{' '}
                          {fee.amount !== null ? fmtVnd(fee.amount, t('procedures.free')) : fee.text}
                        </span>
                      )}
                    </span>
                  }
                />
              )}
            </Card>
            <Card size="small" title={t('dossiers.applicant')} className="mt">
              <ApplicantFields />
              <Form.Item
                name="hasRepresentative"
                valuePropName="checked"
                label={t('dossiers.hasRepresentative')}
              >
                <Switch data-testid="has-representative" />
              </Form.Item>
              {hasRep && (
                <Row gutter={12}>
                  <Col xs={24} md={10}>
                    <Form.Item name={['representative', 'name']} label={t('dossiers.repName')} rules={req}>
                      <Input maxLength={200} data-testid="rep-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={7}>
                    <Form.Item name={['representative', 'idNumber']} label={t('dossiers.idNumber')}>
                      <Input maxLength={20} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={7}>
                    <Form.Item name={['representative', 'phone']} label={t('dossiers.phone')}>
                      <Input maxLength={20} inputMode="tel" />
                    </Form.Item>
                  </Col>
                </Row>
              )}
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" title={t('dossiers.components')} className="mt-xl-0">
              <ComponentsChecklist groups={groups} />
            </Card>
            <Card size="small" title={t('dossiers.returnMethod')} className="mt">
              <Form.Item name="returnMethod" rules={[req[0]!]} noStyle>
                <Radio.Group
                  data-testid="return-method"
                  options={(['counter', 'post', 'online'] as const).map((m) => ({
                    value: m,
                    label: t(`dossiers.returnMethods.${m}`),
                  }))}
                />
              </Form.Item>
            </Card>
            <Flex justify="end" className="mt">
              <Button
                type="primary"
                size="large"
                htmlType="submit"
                loading={busy}
                data-testid="intake-submit"
              >
                {t('dossiers.submitIntake')}
              </Button>
            </Flex>
          </Col>
        </Row>
      </Form>
    </div>
  );
}
