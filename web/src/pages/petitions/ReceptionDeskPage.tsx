/**
 * Tiếp công dân: fast entry of one visit at the reception desk (Luật Tiếp công dân 2013; register form
 * 03/TCD): visitors, headcount, mass delegation and its representatives (Art 29), summary, classification,
 * documents received, outcome (refusal with its statutory ground, Art 9). "Ghi sổ" is ONE command
 * (POST /api/receptions with the optional `petition` brought by the visit and `duplicateOf`): the session,
 * the petition and its duplicate link are written together or not at all. While the content and the
 * visitors are typed, possible duplicates are suggested (debounced POST /api/petitions/duplicate-candidates);
 * one may be chosen, and the new petition is then recorded as its duplicate in the same command.
 */
import './petitions.css';
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined, LinkOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useApiErrors } from '../../lib/errors.ts';
import { AgencySelect } from '../../components/inputs.tsx';
import {
  RECEPTION_CLASSIFICATIONS,
  RECEPTION_KINDS,
  RECEPTION_OUTCOMES,
  REFUSAL_GROUNDS,
  SINGLE_KINDS,
  kindLabel,
  reasonText,
  representativesRange,
  type DuplicateCandidate,
} from './api.ts';

interface Visitor {
  name?: string;
  idNumber?: string;
  address?: string;
  phone?: string;
  representative?: boolean;
}

interface Values {
  /** empty = now, at saving */
  receivedAt?: Dayjs | null;
  kind: (typeof RECEPTION_KINDS)[number];
  leaderName?: string;
  leaderAgencyCode?: string;
  visitors: Visitor[];
  headcount: number;
  massDelegation: boolean;
  summary: string;
  classification: (typeof RECEPTION_CLASSIFICATIONS)[number];
  documents: { name?: string; copies?: number }[];
  outcome: (typeof RECEPTION_OUTCOMES)[number];
  refusalGround?: string;
  outcomeAgencyCode?: string;
  outcomeNote?: string;
  makePetition: boolean;
  petitionKind?: string;
  respondent?: string;
}

const FIELDS = [
  'kind',
  'leaderName',
  'leaderAgencyCode',
  'headcount',
  'massDelegation',
  'summary',
  'classification',
  'outcome',
  'refusalGround',
  'outcomeAgencyCode',
  'outcomeNote',
  'petitionKind',
  'respondent',
  'visitors',
];

/** Empty strings out (the API treats a missing field and null alike). */
const clean = (s: string | undefined | null) => (s && s.trim() ? s.trim() : undefined);

/** The value settles `ms` after the last change. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

interface Done {
  receptionCode: string;
  receptionId: string;
  receiptSlipNo?: string | null;
  petition?: { id: string; code: string } | null;
  linkedTo?: string | null;
}

export default function ReceptionDeskPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const { message } = App.useApp();
  const { applyToForm, text: errorText } = useApiErrors();
  const [failed, setFailed] = useState<string | null>(null);
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const [linked, setLinked] = useState<DuplicateCandidate | null>(null);
  const [headcountTouched, setHeadcountTouched] = useState(false);

  const visitors = (Form.useWatch('visitors', form) ?? []) as Visitor[];
  const summary = (Form.useWatch('summary', form) ?? '') as string;
  const headcount = (Form.useWatch('headcount', form) ?? 1) as number;
  const outcome = Form.useWatch('outcome', form) as Values['outcome'] | undefined;
  const kind = Form.useWatch('kind', form) as Values['kind'] | undefined;
  const classification = Form.useWatch('classification', form) as string | undefined;
  const makePetition = Form.useWatch('makePetition', form) as boolean | undefined;
  const petitionKind = Form.useWatch('petitionKind', form) as string | undefined;

  // headcount follows the visitors typed until the officer sets it; a delegation from 5 people
  useEffect(() => {
    if (!headcountTouched) form.setFieldValue('headcount', Math.max(1, visitors.length));
  }, [visitors.length, headcountTouched, form]);
  useEffect(() => {
    form.setFieldValue('massDelegation', headcount >= 5);
  }, [headcount, form]);
  useEffect(() => {
    if (outcome === 'refused') form.setFieldValue('makePetition', false);
  }, [outcome, form]);
  useEffect(() => {
    if (classification && (SINGLE_KINDS as readonly string[]).includes(classification))
      form.setFieldValue('petitionKind', classification);
    else if (classification === 'mixed') form.setFieldValue('petitionKind', 'mixed');
  }, [classification, form]);

  // duplicate suggestions as you type (debounced; ID, name + address, content)
  const dupInput = useMemo(
    () => ({
      signers: visitors
        .filter((v) => v && (clean(v.name) || clean(v.idNumber)))
        .map((v) => ({ name: clean(v.name), idNumber: clean(v.idNumber), address: clean(v.address) })),
      content: summary.trim(),
    }),
    [visitors, summary],
  );
  const dupKey = useDebounced(JSON.stringify(dupInput), 450);
  const dupEnabled = (() => {
    const d = JSON.parse(dupKey) as typeof dupInput;
    return d.content.length >= 10 || d.signers.some((s) => s.idNumber || (s.name && s.address));
  })();
  const dups = useQuery({
    queryKey: ['petition-duplicates', dupKey],
    queryFn: () =>
      api.post<{ items?: DuplicateCandidate[]; candidates?: DuplicateCandidate[] } | DuplicateCandidate[]>(
        '/api/petitions/duplicate-candidates',
        JSON.parse(dupKey),
      ),
    enabled: dupEnabled,
    placeholderData: (p) => p,
    staleTime: 30_000,
  });
  const candidates: DuplicateCandidate[] = !dupEnabled
    ? []
    : Array.isArray(dups.data)
      ? dups.data
      : (dups.data?.items ?? dups.data?.candidates ?? []);

  const range = representativesRange(headcount);
  const reps = visitors.filter((v) => v?.representative).length;
  const confidential = classification === 'denunciation' || petitionKind === 'denunciation';

  const submit = async (v: Values) => {
    setBusy(true);
    setFailed(null);
    const receivedAt = (v.receivedAt ?? dayjs()).toDate().toISOString();
    const people = v.visitors
      .filter((x) => clean(x.name))
      .map((x) => ({
        name: clean(x.name)!,
        idNumber: clean(x.idNumber) ?? null,
        address: clean(x.address) ?? null,
        phone: clean(x.phone) ?? null,
        ...(x.representative ? { representative: true } : {}),
      }));
    try {
      // ONE command: the session, the petition brought by the visit and its duplicate link — or nothing
      const rep = people.findIndex((x) => x.representative);
      const withPetition = v.makePetition && v.outcome !== 'refused';
      const rec = await api.post<{
        id: string;
        code: string;
        receiptSlipNo?: string | null;
        petition: { id: string; code: string } | null;
        duplicateOf: { id: string; code: string } | null;
      }>('/api/receptions', {
        receivedAt,
        kind: v.kind,
        ...(clean(v.leaderName) ? { leaderName: clean(v.leaderName) } : {}),
        ...(v.leaderAgencyCode ? { leaderAgencyCode: v.leaderAgencyCode } : {}),
        visitors: people,
        headcount: v.headcount,
        massDelegation: v.massDelegation,
        summary: v.summary.trim(),
        classification: v.classification,
        documentsReceived: v.documents
          .filter((d) => clean(d.name))
          .map((d) => ({ name: clean(d.name)!, copies: d.copies ?? 1 })),
        outcome: v.outcome,
        ...(v.outcome === 'refused' ? { refusalGround: v.refusalGround ?? null } : {}),
        ...(clean(v.outcomeNote) ? { outcomeNote: clean(v.outcomeNote) } : {}),
        ...(v.outcomeAgencyCode ? { outcomeAgencyCode: v.outcomeAgencyCode } : {}),
        ...(withPetition
          ? {
              petition: {
                receivedAt,
                channel: 'in_person',
                kind: v.petitionKind,
                signers: people.map(({ representative: _r, ...x }) => x),
                ...(rep >= 0 && people.length > 1 ? { representativeIndex: rep } : {}),
                content: v.summary.trim(),
                ...(clean(v.respondent) ? { respondent: clean(v.respondent) } : {}),
              },
              ...(linked ? { duplicateOf: linked.id } : {}),
            }
          : {}),
      });
      void qc.invalidateQueries({ queryKey: ['receptions'] });
      void qc.invalidateQueries({ queryKey: ['petitions'] });
      void message.success(t('pet.desk.saved', { code: rec.code }));
      setDone({
        receptionCode: rec.code,
        receptionId: rec.id,
        receiptSlipNo: rec.receiptSlipNo ?? null,
        petition: rec.petition,
        linkedTo: rec.duplicateOf?.code ?? null,
      });
    } catch (e) {
      // nothing was written: the form stays as typed, with the message on the field
      setFailed(errorText(e));
      applyToForm(form, e, FIELDS, {
        'petition.kind': 'petitionKind',
        'petition.respondent': 'respondent',
        'petition.content': 'summary',
      });
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    form.resetFields();
    setLinked(null);
    setFailed(null);
    setHeadcountTouched(false);
    setDone(null);
  };

  if (done)
    return (
      <div className="page">
        <Card data-testid="desk-result">
          <Result
            status="success"
            title={t('pet.desk.saved', { code: done.receptionCode })}
            subTitle={
              <Space direction="vertical">
                <span>
                  {t('pet.desk.receptionCode')}:{' '}
                  <strong data-testid="desk-reception-code">{done.receptionCode}</strong>
                </span>
                {done.receiptSlipNo && (
                  <span>
                    {t('pet.desk.receiptSlip')}:{' '}
                    <strong data-testid="desk-receipt-slip">{done.receiptSlipNo}</strong>
                  </span>
                )}
                {done.petition && (
                  <span>
                    {t('pet.desk.petitionCode')}:{' '}
                    <strong data-testid="desk-petition-code">{done.petition.code}</strong>
                  </span>
                )}
                {done.linkedTo && (
                  <span data-testid="desk-dup-linked">
                    {t('pet.desk.dupLinkedDone', { code: done.linkedTo })}
                  </span>
                )}
              </Space>
            }
            extra={[
              done.petition && (
                <Link key="open" to={`/petitions/${done.petition.id}`} data-testid="desk-open-petition">
                  <Button type="primary">{t('pet.desk.openPetition')}</Button>
                </Link>
              ),
              <Button key="again" onClick={again} data-testid="desk-again">
                {t('pet.desk.again')}
              </Button>,
            ]}
          />
        </Card>
      </div>
    );

  const req = [{ required: true, whitespace: true, message: t('common.required') }];
  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {t('pet.desk.title')}
      </Typography.Title>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        onFinishFailed={() => void message.error(t('common.required'))}
        initialValues={{
          kind: 'regular',
          visitors: [{}],
          headcount: 1,
          massDelegation: false,
          documents: [],
          outcome: 'accepted',
          makePetition: true,
        }}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} xl={16}>
            <Card size="small" title={t('pet.desk.session')} className="mb">
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item name="receivedAt" label={t('pet.desk.receivedAt')}>
                    <DatePicker
                      showTime
                      format="DD/MM/YYYY HH:mm"
                      style={{ width: '100%' }}
                      placeholder={t('pet.desk.now')}
                      disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="kind" label={t('pet.desk.kind')}>
                    <Select
                      data-testid="desk-kind"
                      options={RECEPTION_KINDS.map((k) => ({ value: k, label: t(`pet.kinds.${k}`) }))}
                    />
                  </Form.Item>
                </Col>
                {kind && kind.startsWith('leader') && (
                  <Col xs={24} md={8}>
                    <Form.Item name="leaderName" label={t('pet.desk.leaderName')} rules={req}>
                      <Input maxLength={200} data-testid="desk-leader" />
                    </Form.Item>
                  </Col>
                )}
                {kind && kind.startsWith('leader') && (
                  <Col xs={24} md={16}>
                    <Form.Item
                      name="leaderAgencyCode"
                      label={t('pet.desk.leaderAgency')}
                      rules={[{ required: true, message: t('common.required') }]}
                    >
                      <AgencySelect aria-label={t('pet.desk.leaderAgency')} />
                    </Form.Item>
                  </Col>
                )}
              </Row>
            </Card>

            <Card size="small" title={t('pet.desk.visitors')} className="mb">
              <Form.List name="visitors">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f, i) => (
                      <Row gutter={8} key={f.key} align="middle" data-testid={`visitor-${i}`}>
                        <Col xs={24} md={5}>
                          <Form.Item
                            name={[f.name, 'name']}
                            label={i === 0 ? t('common.name') : undefined}
                            rules={req}
                          >
                            <Input
                              placeholder={t('pet.desk.visitor', { n: i + 1 })}
                              maxLength={200}
                              data-testid={`visitor-name-${i}`}
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                          <Form.Item
                            name={[f.name, 'idNumber']}
                            label={i === 0 ? t('dossiers.idNumber') : undefined}
                          >
                            <Input maxLength={20} inputMode="numeric" data-testid={`visitor-id-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                          <Form.Item
                            name={[f.name, 'phone']}
                            label={i === 0 ? t('dossiers.phone') : undefined}
                          >
                            <Input maxLength={20} inputMode="tel" data-testid={`visitor-phone-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col xs={18} md={6}>
                          <Form.Item
                            name={[f.name, 'address']}
                            label={i === 0 ? t('dossiers.address') : undefined}
                          >
                            <Input maxLength={500} data-testid={`visitor-address-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col xs={6} md={5}>
                          <Flex gap={4} align="center" style={{ marginTop: i === 0 ? 8 : 0 }}>
                            <Form.Item name={[f.name, 'representative']} valuePropName="checked" noStyle>
                              <Checkbox data-testid={`visitor-rep-${i}`}>
                                {t('pet.desk.representative')}
                              </Checkbox>
                            </Form.Item>
                            {fields.length > 1 && (
                              <Button
                                type="text"
                                icon={<DeleteOutlined />}
                                aria-label={t('common.cancel')}
                                onClick={() => remove(f.name)}
                              />
                            )}
                          </Flex>
                        </Col>
                      </Row>
                    ))}
                    <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="add-visitor">
                      {t('pet.desk.addVisitor')}
                    </Button>
                  </>
                )}
              </Form.List>
              <Row gutter={12} className="mt">
                <Col xs={12} md={6}>
                  <Form.Item name="headcount" label={t('pet.desk.headcount')} rules={[{ required: true }]}>
                    <InputNumber
                      min={1}
                      max={10000}
                      style={{ width: '100%' }}
                      onChange={() => setHeadcountTouched(true)}
                      data-testid="desk-headcount"
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item
                    name="massDelegation"
                    label={t('pet.desk.massDelegation')}
                    valuePropName="checked"
                  >
                    <Switch data-testid="desk-mass" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  {range && (
                    <Alert
                      type={reps >= range.min && reps <= range.max ? 'info' : 'warning'}
                      showIcon
                      title={`${t('pet.desk.representative')}: ${reps} (${range.min}–${range.max})`}
                      description={t('pet.desk.delegationHint')}
                      data-testid="desk-delegation-hint"
                    />
                  )}
                </Col>
              </Row>
            </Card>

            <Card size="small" title={t('pet.desk.summary')} className="mb">
              <Form.Item name="summary" rules={req}>
                <Input.TextArea rows={4} maxLength={4000} showCount data-testid="desk-summary" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="classification"
                    label={t('pet.desk.classification')}
                    rules={[{ required: true, message: t('pet.desk.kindRequired') }]}
                  >
                    <Select
                      placeholder={t('pet.desk.pickKind')}
                      data-testid="desk-classification"
                      options={RECEPTION_CLASSIFICATIONS.map((c) => ({
                        value: c,
                        label: t(`pet.classes.${c}`),
                      }))}
                    />
                  </Form.Item>
                </Col>
              </Row>
              {confidential && <Alert type="warning" showIcon title={t('pet.desk.confidentialHint')} />}
            </Card>

            <Card size="small" title={t('pet.desk.documents')} className="mb">
              <Form.List name="documents">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f, i) => (
                      <Row gutter={8} key={f.key}>
                        <Col flex="auto">
                          <Form.Item name={[f.name, 'name']} rules={req}>
                            <Input
                              placeholder={t('pet.desk.documentName')}
                              maxLength={500}
                              data-testid={`desk-doc-name-${i}`}
                            />
                          </Form.Item>
                        </Col>
                        <Col flex="120px">
                          <Form.Item name={[f.name, 'copies']} initialValue={1}>
                            <InputNumber min={1} max={1000} addonAfter={t('pet.desk.copies')} />
                          </Form.Item>
                        </Col>
                        <Col flex="40px">
                          <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                        </Col>
                      </Row>
                    ))}
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => add({ copies: 1 })}
                      data-testid="add-document"
                    >
                      {t('pet.desk.addDocument')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>

            <Card size="small" title={t('pet.desk.outcome')} className="mb">
              <Form.Item name="outcome">
                <Radio.Group
                  optionType="button"
                  data-testid="desk-outcome"
                  options={RECEPTION_OUTCOMES.map((o) => ({ value: o, label: t(`pet.outcomes.${o}`) }))}
                />
              </Form.Item>
              <Row gutter={12}>
                {outcome === 'refused' && (
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="refusalGround"
                      label={t('pet.desk.refusalGround')}
                      rules={[{ required: true }]}
                    >
                      <Select
                        data-testid="desk-refusal-ground"
                        options={REFUSAL_GROUNDS.map((g) => ({ value: g, label: t(`pet.grounds.${g}`) }))}
                      />
                    </Form.Item>
                  </Col>
                )}
                {(outcome === 'guided' || outcome === 'forwarded') && (
                  <Col xs={24} md={12}>
                    <Form.Item name="outcomeAgencyCode" label={t('pet.desk.outcomeAgency')}>
                      <AgencySelect allowClear aria-label={t('pet.desk.outcomeAgency')} />
                    </Form.Item>
                  </Col>
                )}
                <Col xs={24} md={12}>
                  <Form.Item name="outcomeNote" label={t('pet.desk.outcomeNote')}>
                    <Input maxLength={4000} data-testid="desk-outcome-note" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="makePetition" valuePropName="checked">
                <Checkbox data-testid="desk-make-petition">{t('pet.desk.makePetition')}</Checkbox>
              </Form.Item>
              {makePetition && (
                <Row gutter={12}>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name="petitionKind"
                      label={t('pet.desk.petitionKind')}
                      rules={[{ required: true, message: t('pet.desk.kindRequired') }]}
                    >
                      <Select
                        placeholder={t('pet.desk.pickKind')}
                        data-testid="desk-petition-kind"
                        options={(
                          [
                            'complaint',
                            'denunciation',
                            'recommendation',
                            'feedback',
                            'land_dispute',
                            'mixed',
                          ] as const
                        ).map((k) => ({ value: k, label: kindLabel(k, en) }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={16}>
                    <Form.Item name="respondent" label={t('pet.desk.respondent')}>
                      <Input maxLength={500} data-testid="desk-respondent" />
                    </Form.Item>
                  </Col>
                </Row>
              )}
            </Card>
            {failed && (
              <Alert
                type="error"
                showIcon
                className="mb"
                title={failed}
                description={t('pet.desk.nothingSaved')}
                data-testid="desk-error"
              />
            )}
            <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="desk-submit">
              {t('pet.desk.submit')}
            </Button>
          </Col>

          <Col xs={24} xl={8}>
            <Card
              size="small"
              title={t('pet.desk.dupTitle')}
              extra={dups.isFetching ? <span className="muted small">…</span> : null}
              data-testid="dup-panel"
              style={{ position: 'sticky', top: 8 }}
            >
              <div className="muted small mb">{t('pet.desk.dupHint')}</div>
              {dups.error && !dups.isFetching && (
                <Alert type="warning" showIcon title={(dups.error as Error).message} className="mb" />
              )}
              {linked && (
                <Alert
                  type="success"
                  showIcon
                  className="mb"
                  title={t('pet.desk.dupLinked', { code: linked.code })}
                  action={
                    <Button size="small" onClick={() => setLinked(null)}>
                      {t('pet.desk.dupUnlink')}
                    </Button>
                  }
                  data-testid="dup-linked"
                />
              )}
              {candidates.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pet.desk.dupNone')} />
              ) : (
                <Table<DuplicateCandidate>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={candidates}
                  tableLayout="fixed"
                  data-testid="dup-table"
                  onRow={(c) => ({ 'data-testid': `dup-${c.code}` }) as never}
                  columns={[
                    {
                      title: t('pet.desk.dupCode'),
                      key: 'code',
                      width: 132,
                      render: (_: unknown, c) => (
                        <div>
                          <Link to={`/petitions/${c.id}`} target="_blank" className="nowrap">
                            {c.code}
                          </Link>
                          {c.kind && <div className="small muted">{kindLabel(c.kind, en)}</div>}
                        </div>
                      ),
                    },
                    {
                      title: t('pet.desk.dupWhy'),
                      key: 'why',
                      render: (_: unknown, c) => (
                        <div>
                          <div className="small" data-testid={`dup-reason-${c.code}`}>
                            {reasonText(c.reason, en)}
                          </div>
                          {c.content && (
                            <div className="small muted pet-clamp-2" title={c.content}>
                              {c.content}
                            </div>
                          )}
                        </div>
                      ),
                    },
                    {
                      key: 'link',
                      width: 64,
                      render: (_: unknown, c) => (
                        <Button
                          size="small"
                          icon={<LinkOutlined />}
                          disabled={!makePetition || linked?.id === c.id}
                          onClick={() => setLinked(c)}
                          title={t('pet.desk.dupLink')}
                          aria-label={`${t('pet.desk.dupLink')} ${c.code}`}
                          data-testid={`dup-link-${c.code}`}
                        />
                      ),
                    },
                  ]}
                />
              )}
            </Card>
          </Col>
        </Row>
      </Form>
    </div>
  );
}
