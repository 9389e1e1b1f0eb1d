/**
 * Nộp hồ sơ trực tuyến (no account): pick a procedure, fill the applicant data and the components
 * list, confirm the phone or e-mail with the code sent to it, get the dossier code (channel `online`,
 * status `new` until the one-stop accepts it).
 * POST /api/public/verifications → { id }; POST /api/public/verifications/{id}/confirm { code } → { token };
 * POST /api/public/dossiers { verificationToken, procedureCode, applicant, components, returnMethod }
 * → { code, uploadToken }; then each attached file: POST /api/public/dossiers/{code}/files (multipart,
 * header x-upload-token; PDF / JPEG / PNG ≤ 10 MB, checked again by the server's magic bytes).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Flex,
  Form,
  Input,
  List,
  Radio,
  Result,
  Spin,
  Steps,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import { ProcedurePicker } from '../procedures/ProcedurePicker.tsx';
import { useProcedure } from '../procedures/ProcedureDetailView.tsx';
import { LimitText } from '../procedures/limits.tsx';
import { ApplicantFields } from '../dossiers/IntakePage.tsx';
import {
  ComponentsChecklist,
  groupComponents,
  initialComponents,
  receivedComponents,
  sameRows,
  type ChecklistRow,
} from '../dossiers/ComponentsChecklist.tsx';
import { fmtAppointment, type IntakeResult, type ReturnMethod } from '../dossiers/api.ts';
import { PublicLayout } from './PublicLayout.tsx';
import { useCitizenErrors, usePublicMeta } from './citizen.ts';

interface V {
  procedureCode?: string;
  applicant: { name: string; idNumber: string; phone: string; email?: string; address: string };
  components: ChecklistRow[];
  returnMethod: ReturnMethod;
}

/** What a citizen may attach (the server checks the bytes again). */
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
const TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const MAX_BYTES = 10 * 1024 * 1024;
/** Files per checklist row (-1: other documents, no component). */
type Attached = Record<number, File[]>;
interface UploadOutcome {
  name: string;
  ok: boolean;
  message?: string;
}

/** One multipart upload with the filing's upload token (no session, no CSRF). */
async function uploadOne(code: string, token: string, file: File, componentIndex: number | null) {
  const fd = new FormData();
  fd.append('kind', 'component');
  if (componentIndex !== null) fd.append('componentIndex', String(componentIndex));
  fd.append('file', file, file.name);
  const res = await fetch(`/api/public/dossiers/${encodeURIComponent(code)}/files`, {
    method: 'POST',
    headers: { 'x-upload-token': token, accept: 'application/json' },
    body: fd,
  });
  if (res.ok) return;
  const body = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string; messageEn: string; path: string | null };
  } | null;
  const e = body?.error;
  throw new ApiError(
    res.status,
    e?.code ?? `http_${res.status}`,
    e?.message ?? `Máy chủ trả lời lỗi ${res.status}.`,
    e?.messageEn ?? `The server answered ${res.status}.`,
    e?.path ?? null,
  );
}

/**
 * The file picker of one checklist row (`row` = the distinct component's index; -1: other documents).
 * PDF / JPEG / PNG, ≤ 10 MB each; attaching a file ticks the component.
 */
function FilePicker({
  row,
  value,
  onChange,
}: {
  row: number;
  value: Attached;
  onChange: (v: Attached) => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const form = Form.useFormInstance<V>();
  return (
    <div data-testid={`filing-file-${row < 0 ? 'other' : row}`} className="attach-picker">
      <Upload
        multiple
        accept={ACCEPT}
        fileList={(value[row] ?? []).map((f, k) => ({
          uid: `${row}-${k}-${f.name}`,
          name: f.name,
          size: f.size,
          status: 'done' as const,
        }))}
        beforeUpload={(file) => {
          if (!TYPES.includes(file.type)) {
            void message.error(t('public.attachBadType', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          if (file.size > MAX_BYTES) {
            void message.error(t('public.attachTooBig', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          onChange({ ...value, [row]: [...(value[row] ?? []), file] });
          if (row >= 0) form.setFieldValue(['components', row, 'received'], true);
          return false;
        }}
        onRemove={(f) => {
          const k = Number(String(f.uid).split('-')[1]);
          onChange({ ...value, [row]: (value[row] ?? []).filter((_, j) => j !== k) });
        }}
      >
        <Button size="small" icon={<UploadOutlined />}>
          {t('public.attachPick')}
        </Button>
      </Upload>
    </div>
  );
}

const FIELDS = [
  'procedureCode',
  'applicant.name',
  'applicant.idNumber',
  'applicant.phone',
  'applicant.email',
  'applicant.address',
  'returnMethod',
];

export default function FilingPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const [form] = Form.useForm<V>();
  const [vform] = Form.useForm<{ channel: 'phone' | 'email'; contact: string; code?: string }>();
  const { applyToForm } = useCitizenErrors({
    procedureCode: t('dossiers.procedure'),
    'applicant.name': t('dossiers.applicantName'),
    'applicant.idNumber': t('dossiers.idNumber'),
    'applicant.phone': t('dossiers.phone'),
    'applicant.email': t('dossiers.email'),
    'applicant.address': t('dossiers.address'),
    returnMethod: t('dossiers.returnMethod'),
    contact: t('public.contact'),
    code: t('public.verifyCode'),
  });
  const meta = usePublicMeta();
  const [step, setStep] = useState(0);
  const [data, setData] = useState<V | null>(null);
  const [verification, setVerification] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<IntakeResult | null>(null);
  const [attached, setAttached] = useState<Attached>({});
  const [uploads, setUploads] = useState<UploadOutcome[] | null>(null);
  const code = Form.useWatch('procedureCode', form);
  const proc = useProcedure(code, true);

  // one row per distinct component, grouped by case, none ticked; a new procedure drops the files
  const groups = useMemo(() => groupComponents(proc.data?.components ?? []), [proc.data]);
  useEffect(() => {
    // (the data typed before going back to this step is kept: same procedure, same rows)
    if (!sameRows(form.getFieldValue('components') as ChecklistRow[] | undefined, groups))
      form.setFieldValue('components', initialComponents(groups));
  }, [groups, form]);
  // the files belong to the procedure they were attached for: another procedure drops them
  const attachedFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!code || code === attachedFor.current) return;
    if (attachedFor.current !== undefined) setAttached({});
    attachedFor.current = code;
  }, [code]);

  const toVerify = (v: V) => {
    // rows of a closed group are not mounted: the checklist is read from the store
    setData({ ...v, components: form.getFieldValue('components') as ChecklistRow[] });
    vform.setFieldsValue({ channel: 'phone', contact: v.applicant.phone });
    setVerification(null);
    setStep(1);
  };

  const send = async () => {
    const v = await vform.validateFields(['channel', 'contact']);
    setBusy(true);
    try {
      const r = await api.post<{ id: string }>('/api/public/verifications', {
        channel: v.channel,
        contact: v.contact.trim(),
      });
      setVerification(r.id);
    } catch (e) {
      applyToForm(vform, e, ['channel', 'contact']);
    } finally {
      setBusy(false);
    }
  };

  const confirmAndFile = async () => {
    const v = await vform.validateFields(['code']);
    if (!verification || !data) return;
    setBusy(true);
    try {
      const { token } = await api.post<{ token: string }>(
        `/api/public/verifications/${encodeURIComponent(verification)}/confirm`,
        { code: (v.code ?? '').trim() },
      );
      const r = await api.post<IntakeResult & { uploadToken: string }>('/api/public/dossiers', {
        verificationToken: token,
        procedureCode: data.procedureCode,
        applicant: {
          name: data.applicant.name.trim(),
          idNumber: data.applicant.idNumber.trim(),
          phone: data.applicant.phone.trim(),
          ...(data.applicant.email?.trim() ? { email: data.applicant.email.trim() } : {}),
          address: data.applicant.address.trim(),
        },
        components: receivedComponents(data.components),
        returnMethod: data.returnMethod,
      });
      setDone(r);
      setStep(2);
      // the attached files, one request each; a row not ticked goes as "other documents"
      const sent = (data.components ?? []).map((c, i) => ({ i, received: c.received }));
      const indexOf = new Map(sent.filter((x) => x.received).map((x, k) => [x.i, k] as [number, number]));
      const queue = Object.entries(attached).flatMap(([row, files]) =>
        files.map((f) => ({ f, index: indexOf.get(Number(row)) ?? null })),
      );
      if (queue.length) {
        setUploads([]);
        const out: UploadOutcome[] = [];
        for (const { f, index } of queue) {
          try {
            await uploadOne(r.code, r.uploadToken, f, index);
            out.push({ name: f.name, ok: true });
          } catch (e) {
            out.push({
              name: f.name,
              ok: false,
              message: e instanceof ApiError ? e.text(i18n.language) : String(e),
            });
          }
          setUploads([...out]);
        }
      }
    } catch (e) {
      // a refused dossier field: back to the data step with the field marked
      if (e instanceof ApiError && e.path && FIELDS.includes(e.path)) {
        setStep(0);
        setTimeout(() => {
          form.setFieldsValue(data);
          applyToForm(form, e, FIELDS);
        }, 0);
      } else applyToForm(vform, e, ['code']);
    } finally {
      setBusy(false);
    }
  };

  const limit = proc.data?.timeLimits.find((l) => l.channel === 'online');
  const req = [{ required: true, whitespace: true, message: t('common.required') }];

  return (
    <PublicLayout>
      <Typography.Title level={2} className="page-title">
        {t('public.fileTitle')}
      </Typography.Title>
      <Steps
        size="small"
        current={step}
        className="mb"
        responsive={false}
        items={[
          { title: t('public.stepData') },
          { title: t('public.stepVerify') },
          { title: t('public.stepDone') },
        ]}
      />
      {step === 0 && (
        <Form<V>
          form={form}
          layout="vertical"
          name="online-filing"
          onFinish={toVerify}
          initialValues={{ returnMethod: 'online', components: [] }}
          scrollToFirstError
        >
          <Card size="small" title={t('dossiers.procedure')}>
            <Form.Item name="procedureCode" label={t('dossiers.procedure')} rules={[req[0]!]}>
              <ProcedurePicker publicApi channel="online" testId="filing-procedure" />
            </Form.Item>
            {limit && (
              <Alert
                type="info"
                title={
                  <span>
                    {t('dossiers.limitIs')} <LimitText l={limit} />
                  </span>
                }
              />
            )}
          </Card>
          <Card size="small" title={t('dossiers.applicant')} className="mt">
            <ApplicantFields testPrefix="filing" />
          </Card>
          <Card
            size="small"
            title={t('dossiers.components')}
            className="mt"
            extra={<span className="muted small">{t('public.componentsHint')}</span>}
          >
            <div className="muted small mb">{t('public.attachHint')}</div>
            <ComponentsChecklist
              groups={groups}
              compact
              accordion
              extra={(i) => <FilePicker row={i} value={attached} onChange={setAttached} />}
            />
            {proc.data && (
              <div className="attach-row mt">
                <span className="attach-name">{t('public.attachOther')}</span>
                <FilePicker row={-1} value={attached} onChange={setAttached} />
              </div>
            )}
          </Card>
          <Card size="small" title={t('dossiers.returnMethod')} className="mt">
            <Form.Item name="returnMethod" noStyle>
              <Radio.Group
                options={(['online', 'post', 'counter'] as const).map((m) => ({
                  value: m,
                  label: t(`dossiers.returnMethods.${m}`),
                }))}
              />
            </Form.Item>
          </Card>
          <Button
            type="primary"
            size="large"
            htmlType="submit"
            block
            className="mt"
            data-testid="filing-next"
          >
            {t('public.next')}
          </Button>
        </Form>
      )}
      {step === 1 && (
        <Card size="small" title={t('public.stepVerify')}>
          <Form form={vform} layout="vertical" name="verify">
            <Form.Item name="channel" label={t('public.verifyBy')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'phone', label: t('dossiers.phone') },
                  { value: 'email', label: t('dossiers.email') },
                ]}
                onChange={(e) =>
                  vform.setFieldValue(
                    'contact',
                    e.target.value === 'email'
                      ? (data?.applicant.email ?? '')
                      : (data?.applicant.phone ?? ''),
                  )
                }
              />
            </Form.Item>
            <Form.Item name="contact" label={t('public.contact')} rules={req}>
              <Input size="large" data-testid="verify-contact" disabled={!!verification} />
            </Form.Item>
            {meta.data?.demo && (
              // demo server: no SMS is sent, the code is printed where the server runs
              <Alert
                type="info"
                showIcon
                className="mb"
                title={t('public.demoCode')}
                data-testid="demo-code-hint"
              />
            )}
            {!verification ? (
              <Flex gap={8} wrap>
                <Button
                  onClick={() => {
                    setStep(0);
                    setTimeout(() => data && form.setFieldsValue(data), 0);
                  }}
                >
                  {t('common.back')}
                </Button>
                <Button type="primary" onClick={() => void send()} loading={busy} data-testid="verify-send">
                  {t('public.sendCode')}
                </Button>
              </Flex>
            ) : (
              <>
                <Alert type="success" className="mb" title={t('public.codeSent')} />
                <Form.Item name="code" label={t('public.verifyCode')} rules={req}>
                  <Input
                    size="large"
                    inputMode="numeric"
                    maxLength={8}
                    data-testid="verify-code"
                    autoComplete="one-time-code"
                  />
                </Form.Item>
                <Flex gap={8} wrap>
                  <Button onClick={() => setVerification(null)}>{t('public.resend')}</Button>
                  <Button
                    type="primary"
                    onClick={() => void confirmAndFile()}
                    loading={busy}
                    data-testid="filing-submit"
                  >
                    {t('public.file')}
                  </Button>
                </Flex>
              </>
            )}
          </Form>
        </Card>
      )}
      {step === 2 && done && (
        <Card data-testid="filing-result">
          <Result status="success" title={t('public.filed')} subTitle={t('public.filedHint')} />
          <div className="big-facts">
            <div>
              <div className="muted">{t('public.code')}</div>
              <div className="big-code" data-testid="filing-code">
                {done.code}
              </div>
            </div>
            <div>
              <div className="muted">{t('dossiers.appointment')}</div>
              <div className="big-date">{fmtAppointment(done.appointmentAt, en)}</div>
            </div>
          </div>
          {uploads && (
            <Card size="small" className="mt" title={t('public.uploadsTitle')} data-testid="filing-uploads">
              {uploads.length < Object.values(attached).flat().length && (
                <Spin size="small" tip={t('public.uploading')}>
                  <div style={{ minHeight: 24 }} />
                </Spin>
              )}
              <List
                size="small"
                dataSource={uploads}
                renderItem={(u, k) => (
                  <List.Item data-testid={`filing-upload-${k}`} data-status={u.ok ? 'ok' : 'error'}>
                    <span>{u.name}</span>
                    {u.ok ? (
                      <Tag color="green">{t('public.uploadOk')}</Tag>
                    ) : (
                      <Tag color="red" title={u.message}>
                        {t('public.uploadFailed')}: {u.message}
                      </Tag>
                    )}
                  </List.Item>
                )}
              />
              {uploads.some((u) => !u.ok) && (
                <Alert type="warning" className="mt" title={t('public.uploadsFailedHint')} />
              )}
            </Card>
          )}
          <Flex justify="center" className="mt">
            <Link to={`/tra-cuu?code=${encodeURIComponent(done.code)}`}>
              <Button type="primary">{t('public.lookupNav')}</Button>
            </Link>
          </Flex>
        </Card>
      )}
    </PublicLayout>
  );
}
