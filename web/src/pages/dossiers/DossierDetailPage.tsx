/**
 * One dossier: facts (procedure, applicant, appointment, apology date, fee, postal item), the
 * control sheet (steps with early / on-time / late), the timeline of events, one button per allowed
 * action (small form in a modal), the forms as DOCX and the entry of a paper rating form.
 */
import './onestop.css';
import { useState } from 'react';
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Modal,
  Radio,
  Result,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { DownloadOutlined, StarOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import { fmtDateTime, fmtDate } from '../../lib/dates.ts';
import { useApiErrors, useErrorText } from '../../lib/errors.ts';
import { useAgencyMap } from '../../api/hooks.ts';
import {
  actionLabel,
  actionName,
  fmtAppointment,
  fmtDeadline,
  fmtNum,
  fmtVnd,
  procCode,
  procName,
  type DossierDetail,
  type DossierEvent,
  type DossierStep,
  type Indices,
  type Vote,
} from './api.ts';
import { DossierStatusTag, TimelinessTag } from './tags.tsx';
import { ActionModal } from './ActionModal.tsx';
import { cleanIndices, RatingFields } from './RatingFields.tsx';

const DANGER = new Set(['refuse', 'withdraw', 'stop']);
/** Button order: the forward step first (primary), then the side exits. */
const ORDER = [
  'accept',
  'transfer',
  'start_step',
  'finish_step',
  'result_ready',
  'return',
  'postal_delivered',
  'supplement_received',
  'payment_received',
  'collect_fee',
  'request_payment',
  'request_supplement',
  'apologize',
  'refuse',
  'withdraw',
  'stop',
];
const rank = (a: string) => (ORDER.indexOf(a) < 0 ? ORDER.length : ORDER.indexOf(a));
/**
 * The per-dossier forms of each era, with their legal names (TT 01/2018/TT-VPCP Art 9; TT 03/2025/TT-VPCP
 * Appendix I). The tracking book (06 / 07) covers a period, not one dossier.
 */
const FORMS: Record<string, { no: string; name: string; needs?: string }[]> = {
  nd61: [
    { no: '01', name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' },
    { no: '02', name: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', needs: 'request_supplement' },
    { no: '03', name: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', needs: 'refuse' },
    { no: '04', name: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', needs: 'apologize' },
    { no: '05', name: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' },
  ],
  nd118: [
    { no: '01', name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' },
    { no: '02', name: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', needs: 'request_supplement' },
    { no: '03', name: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', needs: 'refuse' },
    { no: '04', name: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết', needs: 'apologize' },
    { no: '05', name: 'Thông báo dừng giải quyết hồ sơ', needs: 'stop' },
    { no: '06', name: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' },
  ],
};

function EventItem({ e, channel }: { e: DossierEvent; channel?: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const data = e.data ?? {};
  // the intake of an online dossier is the citizen's filing; the one-stop receives it with `accept`
  const type = e.type === 'receive' && channel === 'online' ? 'receive_online' : e.type;
  const known = t(`dossiers.events.${type}`, { defaultValue: '' });
  const label = known || actionLabel(e.type, en);
  const details: string[] = [];
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join('; ') : null);
  if (list(data.missing)) details.push(`${t('dossiers.act.missing')}: ${list(data.missing)}`);
  if (list(data.reasons)) details.push(`${t('dossiers.act.reasons')}: ${list(data.reasons)}`);
  if (typeof data.newDate === 'string')
    details.push(`${t('dossiers.act.newDate')}: ${fmtDate(data.newDate)}`);
  const postal = data.postal as { itemCode?: string } | undefined;
  if (postal?.itemCode) details.push(`${t('dossiers.act.itemCode')}: ${postal.itemCode}`);
  if (typeof data.itemCode === 'string') details.push(`${t('dossiers.act.itemCode')}: ${data.itemCode}`);
  if (typeof data.receiptNumber === 'string')
    details.push(`${t('dossiers.act.receiptNumber')}: ${data.receiptNumber}`);
  if (e.type === 'attach_file' && (data.by === 'citizen' || data.by === 'staff'))
    details.push(
      `${t(`dossiers.fileKinds.${data.kind === 'result' ? 'result' : 'component'}`)} — ${t(`dossiers.fileBy.${data.by}`)}`,
    );
  if (typeof data.appointmentAt === 'string')
    details.push(`${t('dossiers.appointment')}: ${fmtAppointment(data.appointmentAt, en)}`);
  return (
    <div className="event" data-testid={`event-${e.type}`}>
      <div>
        <strong>{label}</strong>
        <span className="muted"> · {fmtDateTime(e.at ?? e.occurredAt ?? e.recordedAt ?? null)}</span>
        {(e.actorName ?? e.actor) && <span className="muted"> · {e.actorName ?? e.actor}</span>}
      </div>
      {e.note && <div className="event-note">{e.note}</div>}
      {details.map((d) => (
        <div key={d} className="small">
          {d}
        </div>
      ))}
    </div>
  );
}

function PaperRatingModal({ code, onClose }: { code: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ vote: Vote; indices?: Indices }>();
  const { applyToForm } = useApiErrors();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { vote: Vote; indices?: Indices }) => {
    setBusy(true);
    try {
      const indices = cleanIndices(v.indices);
      await api.post(`/api/dossiers/${encodeURIComponent(code)}/ratings`, {
        channel: 'paper',
        vote: v.vote,
        ...(indices ? { indices } : {}),
      });
      void message.success(t('dossiers.rating.saved'));
      onClose();
    } catch (e) {
      applyToForm(form, e, ['vote']);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('dossiers.rating.paperTitle')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={submit} name="paper-rating">
        <RatingFields showIndex />
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="rating-submit">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </Modal>
  );
}

/** Scanned components and results stored with the dossier (POST /api/dossiers/{code}/files, multipart). */
function FilesCard({ d, onChange }: { d: DossierDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const { show } = useApiErrors();
  const [kind, setKind] = useState<'component' | 'result'>('component');
  const upload = async (file: File) => {
    const fd = new FormData();
    fd.append('kind', kind);
    fd.append('file', file);
    await api.post(`/api/dossiers/${encodeURIComponent(d.code)}/files`, fd);
    onChange();
  };
  return (
    <Card title={t('dossiers.files')} size="small" className="mt" data-testid="dossier-files">
      {d.files?.length ? (
        <ul className="proc-components">
          {d.files.map((f) => (
            <li key={f.id}>
              <a href={`/api/dossiers/${encodeURIComponent(d.code)}/files/${f.id}`}>{f.name}</a>{' '}
              <span className="muted small">
                ({t(`dossiers.fileKinds.${f.kind}`, { defaultValue: f.kind })},{' '}
                {fmtNum(Math.ceil(f.size / 1024))} KB)
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Text type="secondary">{t('dossiers.noFiles')}</Typography.Text>
      )}
      <Flex gap={8} wrap align="center" className="mt-s">
        <Radio.Group
          size="small"
          optionType="button"
          value={kind}
          onChange={(e) => setKind(e.target.value as 'component' | 'result')}
          options={[
            { value: 'component', label: t('dossiers.fileKinds.component') },
            { value: 'result', label: t('dossiers.fileKinds.result') },
          ]}
        />
        <Upload
          showUploadList={false}
          accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,.webp,.docx,.xlsx"
          customRequest={({ file, onSuccess, onError }) => {
            upload(file as File).then(
              () => onSuccess?.(null),
              (e: unknown) => {
                show(e);
                onError?.(e as Error);
              },
            );
          }}
        >
          <Button size="small" icon={<UploadOutlined />} data-testid="file-upload">
            {t('dossiers.upload')}
          </Button>
        </Upload>
      </Flex>
    </Card>
  );
}

export function ControlSheet({ steps, testId = 'control-sheet' }: { steps: DossierStep[]; testId?: string }) {
  const { t, i18n } = useTranslation();
  const agencies = useAgencyMap();
  if (!steps.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dossiers.noSteps')} />;
  return (
    <Table<DossierStep>
      size="small"
      pagination={false}
      rowKey={(s, i) => String(s.id ?? s.seq ?? i)}
      dataSource={steps}
      data-testid={testId}
      scroll={{ x: 640 }}
      columns={[
        {
          title: t('dossiers.stepName'),
          key: 'name',
          render: (_: unknown, s) => (
            <div>
              <div>{s.name}</div>
              <div className="muted small">{t(`dossiers.stepKinds.${s.kind}`, { defaultValue: s.kind })}</div>
            </div>
          ),
        },
        {
          title: t('dossiers.stepAgency'),
          dataIndex: 'agencyCode',
          render: (c: string | null, s) => (c ? (s.agencyName ?? agencies.get(c)?.name ?? c) : '—'),
        },
        {
          title: t('dossiers.startedAt'),
          dataIndex: 'startedAt',
          width: 130,
          render: (d: string | null) => fmtDateTime(d),
        },
        {
          title: t('dossiers.dueAt'),
          dataIndex: 'dueAt',
          width: 130,
          render: (d: string | null) => fmtDeadline(d, i18n.language.startsWith('en')),
        },
        {
          title: t('dossiers.finishedAt'),
          dataIndex: 'finishedAt',
          width: 130,
          render: (d: string | null) => fmtDateTime(d),
        },
        {
          title: t('dossiers.result'),
          dataIndex: 'result',
          width: 100,
          render: (r: string | null) => <TimelinessTag value={r} />,
        },
      ]}
    />
  );
}

export default function DossierDetailPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const errorText = useErrorText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const agencies = useAgencyMap();
  const [acting, setActing] = useState<string | null>(null);
  const [rating, setRating] = useState(false);
  const q = useQuery({
    queryKey: ['dossier', code],
    queryFn: () => api.get<DossierDetail>(`/api/dossiers/${encodeURIComponent(code)}`),
  });

  if (q.error) {
    const nf = q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 400);
    return (
      <Result
        status={nf ? '404' : 'warning'}
        title={nf ? '404' : t('common.loadError')}
        subTitle={errorText(q.error)}
        extra={<Link to="/dossiers">{t('dossiers.back')}</Link>}
      />
    );
  }
  const d = q.data;
  if (!d) return <Skeleton active paragraph={{ rows: 10 }} className="page" />;
  const actions = d.allowedActions.map(actionName).sort((x, y) => rank(x) - rank(y));
  const national =
    typeof d.nationalStatus === 'object' && d.nationalStatus ? d.nationalStatus.code : d.nationalStatus;
  const agency = d.processingAgencyCode ?? d.processingAgency ?? d.agencyCode ?? null;
  const person = (p: DossierDetail['applicant']) =>
    p ? (
      <div>
        <div>{p.name}</div>
        <div className="muted small">
          {[p.idNumber && `${t('dossiers.idNumber')}: ${p.idNumber}`, p.phone, p.email, p.address]
            .filter(Boolean)
            .join(' · ')}
        </div>
      </div>
    ) : (
      '—'
    );

  return (
    <div className="page">
      <Breadcrumb items={[{ title: <Link to="/dossiers">{t('dossiers.back')}</Link> }, { title: d.code }]} />
      <div className="detail-head mt-s">
        <Typography.Text type="secondary" className="ref" data-testid="dossier-code">
          {d.code}
        </Typography.Text>
        <Typography.Title level={2} className="page-title">
          {procName(d)}
        </Typography.Title>
        <Space size={4} wrap>
          <DossierStatusTag status={d.status} testId="dossier-status" />
          <TimelinessTag value={d.timeliness} testId="dossier-timeliness" />
          {national !== undefined && national !== null && (
            <Tag data-testid="national-status">{t('dossiers.nationalStatus', { code: national })}</Tag>
          )}
        </Space>
      </div>
      <Row gutter={[16, 16]} className="mt">
        <Col xs={24} xl={15}>
          <Card title={t('dossiers.facts')} size="small">
            <Descriptions
              size="small"
              bordered
              column={1}
              styles={{ label: { width: 180 } }}
              items={[
                { key: 'proc', label: t('dossiers.procedure'), children: `${procCode(d)} — ${procName(d)}` },
                {
                  key: 'channel',
                  label: t('dossiers.channel'),
                  children: (
                    <span>
                      {t(`dossiers.channels.${d.channel}`, { defaultValue: d.channel })}
                      {d.callerNumber && (
                        <span className="muted">
                          {' '}
                          · {t('dossiers.callerNumber')}: {d.callerNumber}
                        </span>
                      )}
                    </span>
                  ),
                },
                { key: 'applicant', label: t('dossiers.applicant'), children: person(d.applicant) },
                ...(d.representative
                  ? [{ key: 'rep', label: t('dossiers.representative'), children: person(d.representative) }]
                  : []),
                {
                  key: 'received',
                  // an online filing the one-stop has not accepted yet was filed, not received
                  label:
                    d.channel === 'online' && d.status === 'new'
                      ? t('dossiers.filedOnlineAt')
                      : t('dossiers.receivedAt'),
                  children: <span data-testid="dossier-received-at">{fmtDateTime(d.receivedAt)}</span>,
                },
                {
                  key: 'appointment',
                  label: t('dossiers.appointment'),
                  children: (
                    <span data-testid="dossier-appointment">{fmtAppointment(d.appointmentAt, en)}</span>
                  ),
                },
                ...(d.apologyAt
                  ? [
                      {
                        key: 'apology',
                        label: t('dossiers.apologyAt'),
                        children: fmtAppointment(d.apologyAt, en),
                      },
                    ]
                  : []),
                {
                  key: 'agency',
                  label: t('dossiers.processingAgency'),
                  children: agency ? (d.processingAgencyName ?? agencies.get(agency)?.name ?? agency) : '—',
                },
                {
                  key: 'return',
                  label: t('dossiers.returnMethod'),
                  children: d.returnMethod ? t(`dossiers.returnMethods.${d.returnMethod}`) : '—',
                },
                ...(d.postal
                  ? [
                      {
                        key: 'postal',
                        label: t('dossiers.postal'),
                        children: (
                          <span data-testid="dossier-postal">
                            {d.postal.itemCode ?? '—'}
                            {d.postal.sentOn && (
                              <span className="muted">
                                {' '}
                                · {t('dossiers.sentOn', { date: fmtDate(d.postal.sentOn) })}
                              </span>
                            )}
                            {d.postal.deliveredOn && (
                              <span className="muted">
                                {' '}
                                · {t('dossiers.deliveredOn', { date: fmtDate(d.postal.deliveredOn) })}
                              </span>
                            )}
                          </span>
                        ),
                      },
                    ]
                  : []),
                ...(d.fee
                  ? [
                      {
                        key: 'fee',
                        label: t('dossiers.fee'),
                        children: (
                          <span data-testid="dossier-fee">
                            {fmtVnd(d.fee.amount, t('procedures.free'))}
                            {d.fee.status && (
                              <Tag className="ml-s">
                                {t(`dossiers.feeStatus.${d.fee.status}`, { defaultValue: d.fee.status })}
                              </Tag>
                            )}
                            {d.fee.receiptNumber && (
                              <span className="muted">
                                {' '}
                                · {t('dossiers.act.receiptNumber')}: {d.fee.receiptNumber}
                              </span>
                            )}
                          </span>
                        ),
                      },
                    ]
                  : []),
                {
                  key: 'components',
                  label: t('dossiers.components'),
                  children: d.components?.length ? (
                    <ol className="proc-components">
                      {d.components.map((c, i) => (
                        <li key={i}>
                          {c.name}{' '}
                          <span className="muted small">
                            ({c.original ? t('dossiers.original') : t('dossiers.copy')} × {c.count})
                          </span>
                        </li>
                      ))}
                    </ol>
                  ) : (
                    '—'
                  ),
                },
              ]}
            />
          </Card>
          <Card title={t('dossiers.controlSheet')} size="small" className="mt">
            <ControlSheet steps={d.steps ?? []} />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('common.actions')} size="small" data-testid="dossier-actions">
            {actions.length ? (
              <Space wrap>
                {actions.map((a, i) => (
                  <Button
                    key={a}
                    type={i === 0 ? 'primary' : 'default'}
                    danger={DANGER.has(a)}
                    onClick={() => setActing(a)}
                    data-testid={`action-${a}`}
                  >
                    {actionLabel(a, en)}
                  </Button>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('dossiers.noActions')}</Typography.Text>
            )}
          </Card>
          <Card title={t('dossiers.forms')} size="small" className="mt">
            <Space wrap>
              {(FORMS[d.era ?? 'nd61'] ?? FORMS.nd61!).map((f) => {
                // a form recording an event the dossier never had is not offered (the API would 404)
                const na = !!f.needs && !d.events.some((e) => e.type === f.needs);
                return (
                  <Tooltip key={f.no} title={na ? `${f.name} — ${t('dossiers.formNotApplicable')}` : f.name}>
                    <Button
                      size="small"
                      icon={<DownloadOutlined />}
                      disabled={na}
                      href={na ? undefined : `/api/dossiers/${encodeURIComponent(d.code)}/forms/${f.no}`}
                      data-testid={`form-${f.no}`}
                      aria-label={`${t('dossiers.formN', { n: f.no })}: ${f.name}`}
                    >
                      {t('dossiers.formN', { n: f.no })}
                    </Button>
                  </Tooltip>
                );
              })}
              <Button
                size="small"
                icon={<StarOutlined />}
                onClick={() => setRating(true)}
                data-testid="paper-rating"
              >
                {t('dossiers.rating.paperTitle')}
              </Button>
            </Space>
          </Card>
          <FilesCard d={d} onChange={() => void qc.invalidateQueries({ queryKey: ['dossier', code] })} />
          <Card title={t('dossiers.history')} size="small" className="mt">
            {d.events.length ? (
              <Timeline
                items={d.events.map((e, i) => ({
                  key: String(e.seq ?? e.id ?? i),
                  content: <EventItem e={e} channel={d.channel} />,
                }))}
              />
            ) : (
              <Empty />
            )}
          </Card>
        </Col>
      </Row>
      {acting && (
        <ActionModal
          dossier={d}
          action={acting}
          onClose={() => setActing(null)}
          onDone={() => {
            const a = acting;
            setActing(null);
            void qc.invalidateQueries({ queryKey: ['dossier', code] });
            void qc.invalidateQueries({ queryKey: ['dossiers'] });
            void message.success(t('dossiers.actionDone', { action: actionLabel(a, en) }));
          }}
        />
      )}
      {rating && <PaperRatingModal code={d.code} onClose={() => setRating(false)} />}
    </div>
  );
}
