/**
 * One petition (GET /api/petitions/{id}): facts, statutory clocks with their due dates and state, the
 * history, one button per action the API allows (small form in a modal: eligibility and reason, kind,
 * split parts, competent body, outcome, note), duplicate suggestions with "confirm" (GET
 * /api/petitions/{id}/duplicate-candidates → action `confirm_duplicate`), the letters (forwarding slip,
 * urging letter: draft DOCX, issue = number from the register + the forward / urge action), and the
 * signers — redacted for a denunciation unless this user holds a grant — with "view identity (reason)",
 * which calls GET /api/petitions/{id}/identity?reason= (every look is logged by the server). The reception
 * board leader (and admin) also manage identity access here: grant a user who may read the case (four eyes:
 * never themselves), revoke, and read the identity log.
 */
import { useState } from 'react';
import { useUser } from '../../auth.tsx';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { DownloadOutlined, EyeOutlined, FileDoneOutlined, LockOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, queryString } from '../../api/client.ts';
import { useAgencyMap } from '../../api/hooks.ts';
import { fmtDate, fmtDateTime, todayIso } from '../../lib/dates.ts';
import { useApiErrors, useErrorText } from '../../lib/errors.ts';
import { AgencySelect, IsoDatePicker } from '../../components/inputs.tsx';
import {
  ELIGIBILITY_REASONS,
  KINDS,
  OUTCOMES,
  SINGLE_KINDS,
  actionLabel,
  actionName,
  actionRequires,
  kindLabel,
  reasonLabel,
  reasonText,
  sourceText,
  type AllowedAction,
  type Deadline,
  type DuplicateCandidate,
  type IssuedLetter,
  type PetitionDetail,
  type PetitionEvent,
} from './api.ts';
import { KindTag, OverdueTag, PetitionStatusTag } from './tags.tsx';

type Detail = PetitionDetail & {
  statusLabel?: { vi: string; en: string };
  nextDeadline?: { clock: string; dueDate: string } | null;
  duplicates?: { id: string; code: string }[];
  identityAccess?: { confidential: boolean; granted: boolean };
};

interface IdentityRow {
  seq: number;
  role: string;
  name: string | null;
  idNumber: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

const ORDER = [
  'set_eligibility',
  'classify',
  'split',
  'accept',
  'forward',
  'guide',
  'record_result',
  'urge',
  'extend',
  'close',
  'confirm_duplicate',
  'return',
  'file',
  'withdraw',
  'reopen',
];
const DANGER = new Set(['return', 'file', 'withdraw']);
const rank = (a: string) => (ORDER.indexOf(a) < 0 ? ORDER.length : ORDER.indexOf(a));

function ClockTable({ deadlines }: { deadlines: Deadline[] }) {
  const { t } = useTranslation();
  const agencies = useAgencyMap();
  if (!deadlines.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Table<Deadline>
      size="small"
      rowKey={(d) => d.id ?? `${d.clock}-${d.startDate}`}
      pagination={false}
      dataSource={deadlines}
      data-testid="petition-clocks"
      onRow={(d) =>
        ({ 'data-testid': `clock-${d.clock}`, 'data-state': d.overdue ? 'overdue' : d.state }) as never
      }
      columns={[
        {
          title: t('pet.detail.clock'),
          dataIndex: 'clock',
          width: 170,
          render: (c: string, d) => (
            <div>
              <div>{t(`pet.detail.clockNames.${c}`, { defaultValue: c })}</div>
              {d.agencyCode && (
                <div className="small muted">{agencies.get(d.agencyCode)?.name ?? d.agencyCode}</div>
              )}
            </div>
          ),
        },
        {
          title: t('pet.detail.start'),
          dataIndex: 'startDate',
          width: 100,
          render: (x: string) => fmtDate(x),
        },
        {
          title: t('pet.detail.due'),
          dataIndex: 'dueDate',
          width: 100,
          render: (x: string, d) => (
            <strong className={d.overdue ? 'col-overdue' : undefined}>{fmtDate(x)}</strong>
          ),
        },
        {
          title: t('pet.detail.limit'),
          key: 'limit',
          width: 130,
          render: (_: unknown, d) =>
            d.limit
              ? `${d.limit.value} ${t(`pet.detail.units.${d.limit.unit}`, { defaultValue: d.limit.unit })}`
              : '—',
        },
        {
          title: t('pet.detail.state'),
          key: 'state',
          width: 140,
          render: (_: unknown, d) => {
            const s = d.overdue ? 'overdue' : d.state;
            const color =
              s === 'overdue' || s === 'missed'
                ? 'error'
                : s === 'met'
                  ? 'success'
                  : s === 'open'
                    ? 'processing'
                    : 'default';
            return (
              <Tag color={color} data-state={s}>
                {t(`pet.detail.clockStates.${s}`, { defaultValue: s })}
              </Tag>
            );
          },
        },
        {
          title: t('pet.detail.source'),
          dataIndex: 'source',
          responsive: ['xl'],
          render: (s: string | null) => <span className="small muted">{sourceText(s) || '—'}</span>,
        },
      ]}
    />
  );
}

function EventItem({ e }: { e: PetitionEvent }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const agencies = useAgencyMap();
  const data = (e.data ?? {}) as Record<string, unknown>;
  const details: string[] = [];
  const ag = (c: unknown) => (typeof c === 'string' ? (agencies.get(c)?.name ?? c) : null);
  if (data.eligibility)
    details.push(
      t(`pet.eligibility.${String(data.eligibility)}`, { defaultValue: String(data.eligibility) }),
    );
  if (typeof data.reason === 'string') details.push(reasonLabel(data.reason, en));
  if (typeof data.kind === 'string') details.push(kindLabel(data.kind, en));
  if (ag(data.toAgencyCode)) details.push(`→ ${ag(data.toAgencyCode)}`);
  if (ag(data.agencyCode)) details.push(`→ ${ag(data.agencyCode)}`);
  if (typeof data.outcome === 'string')
    details.push(t(`pet.outcomesResult.${data.outcome}`, { defaultValue: data.outcome }));
  if (typeof data.originalCode === 'string')
    details.push(`${t('pet.detail.duplicateOf')} ${data.originalCode}`);
  return (
    <div data-testid={`event-${e.type}`}>
      <div>
        <strong>{actionLabel(e.type, en)}</strong>{' '}
        <span className="muted small">
          {fmtDateTime(e.at)}
          {e.actorName ? ` · ${e.actorName}` : ''}
        </span>
      </div>
      {details.length > 0 && <div className="small">{details.join(' · ')}</div>}
      {e.note && <div className="event-note">{e.note}</div>}
    </div>
  );
}

interface ActionValues {
  note?: string;
  eligibility?: 'eligible' | 'ineligible';
  reason?: string;
  kind?: string;
  toAgencyCode?: string;
  agencyCode?: string;
  outcome?: string;
  originalId?: string;
  days?: number;
  parts?: { kind?: string; content?: string }[];
  withLetter?: boolean;
  signerName?: string;
  replyBy?: string;
}

function ActionModal({
  petition,
  action,
  candidates,
  onClose,
  onDone,
}: {
  petition: Detail;
  action: AllowedAction;
  candidates: DuplicateCandidate[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const { message } = App.useApp();
  const { applyToForm } = useApiErrors();
  const [form] = Form.useForm<ActionValues>();
  const [busy, setBusy] = useState(false);
  const name = actionName(action);
  const req = actionRequires(action);
  const eligibility = Form.useWatch('eligibility', form);
  const withLetter = Form.useWatch('withLetter', form);
  const me = useUser();
  // letters are issued and signed by the board's leader (or admin) only (ND 30/2020 Art 13; the API says 403)
  const issuer = me.roles.includes('reception_leader') || me.roles.includes('admin');
  const letterKind = !issuer ? null : name === 'forward' ? 'forwarding' : name === 'urge' ? 'urging' : null;
  const rule = [{ required: true, message: t('common.required') }];

  const submit = async (v: ActionValues) => {
    setBusy(true);
    try {
      if (letterKind && v.withLetter) {
        await api.post(`/api/petitions/${petition.id}/letters/${letterKind}/issue`, {
          ...(letterKind === 'forwarding' ? { toAgencyCode: v.toAgencyCode } : {}),
          ...(letterKind === 'urging' && v.agencyCode ? { agencyCode: v.agencyCode } : {}),
          ...(v.signerName?.trim() ? { signerName: v.signerName.trim() } : {}),
          ...(v.replyBy ? { replyBy: v.replyBy } : {}),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          version: petition.version,
        });
      } else {
        const body: Record<string, unknown> = { action: name, version: petition.version };
        if (v.note?.trim()) body.note = v.note.trim();
        if (req.includes('eligibility')) {
          body.eligibility = v.eligibility;
          if (v.eligibility === 'ineligible') body.reason = v.reason;
        }
        if (req.includes('kind')) body.kind = v.kind;
        if (v.toAgencyCode) body.toAgencyCode = v.toAgencyCode;
        if (v.agencyCode) body.agencyCode = v.agencyCode;
        if (req.includes('outcome')) body.outcome = v.outcome;
        if (req.includes('original')) body.originalId = v.originalId;
        if (name === 'extend' && v.days) body.days = v.days;
        if (req.includes('parts'))
          body.parts = (v.parts ?? [])
            .filter((p) => p.kind && p.content?.trim())
            .map((p) => ({ kind: p.kind, content: p.content!.trim() }));
        await api.post(`/api/petitions/${petition.id}/actions`, body);
      }
      void message.success(t('pet.act.done', { action: actionLabel(action, en) }));
      onDone();
    } catch (e) {
      applyToForm(form, e, [
        'note',
        'eligibility',
        'reason',
        'kind',
        'toAgencyCode',
        'agencyCode',
        'outcome',
        'originalId',
        'parts',
        'days',
      ]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={actionLabel(action, en)}
      onCancel={onClose}
      okText={t('pet.act.submit')}
      okButtonProps={{ loading: busy, 'data-testid': 'action-submit' } as never}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<ActionValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          eligibility: 'eligible',
          withLetter: !!letterKind,
          // the issuer signs in their own name (the API refuses another name: signer_must_be_issuer)
          signerName: me.displayName,
          agencyCode: petition.handlingAgencyCode ?? undefined,
          parts: [{}, {}],
          days: 30,
        }}
      >
        {req.includes('eligibility') && (
          <>
            <Form.Item name="eligibility" label={t('pet.act.eligibility')} rules={rule}>
              <Radio.Group
                data-testid="action-eligibility"
                options={[
                  { value: 'eligible', label: t('pet.eligibility.eligible') },
                  { value: 'ineligible', label: t('pet.eligibility.ineligible') },
                ]}
              />
            </Form.Item>
            {eligibility === 'ineligible' && (
              <Form.Item name="reason" label={t('pet.act.reason')} rules={rule}>
                <Select
                  data-testid="action-reason"
                  options={ELIGIBILITY_REASONS.map((r) => ({
                    value: r.code,
                    label: en ? r.label.en : r.label.vi,
                  }))}
                />
              </Form.Item>
            )}
          </>
        )}
        {req.includes('kind') && (
          <Form.Item name="kind" label={t('pet.act.kind')} rules={rule}>
            <Select
              data-testid="action-kind"
              options={KINDS.map((k) => ({ value: k, label: kindLabel(k, en) }))}
            />
          </Form.Item>
        )}
        {req.includes('parts') && (
          <Form.List name="parts">
            {(fields, { add }) => (
              <>
                {fields.map((f, i) => (
                  <Row gutter={8} key={f.key}>
                    <Col span={8}>
                      <Form.Item
                        name={[f.name, 'kind']}
                        label={i === 0 ? t('pet.act.partKind') : undefined}
                        rules={rule}
                      >
                        <Select options={SINGLE_KINDS.map((k) => ({ value: k, label: kindLabel(k, en) }))} />
                      </Form.Item>
                    </Col>
                    <Col span={16}>
                      <Form.Item
                        name={[f.name, 'content']}
                        label={i === 0 ? t('pet.act.partContent') : undefined}
                        rules={rule}
                      >
                        <Input.TextArea rows={2} maxLength={20000} />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Button onClick={() => add({})}>{t('pet.act.addPart')}</Button>
              </>
            )}
          </Form.List>
        )}
        {(req.includes('agency') || name === 'guide') && (
          <Form.Item
            name="toAgencyCode"
            label={t('pet.act.agency')}
            rules={req.includes('agency') ? rule : undefined}
          >
            <AgencySelect allowClear aria-label={t('pet.act.agency')} at={todayIso()} />
          </Form.Item>
        )}
        {name === 'urge' && (
          <Form.Item name="agencyCode" label={t('pet.detail.toAgency')}>
            <AgencySelect allowClear aria-label={t('pet.detail.toAgency')} />
          </Form.Item>
        )}
        {letterKind && (
          <>
            <Form.Item name="withLetter" valuePropName="checked">
              <Checkbox data-testid="action-with-letter">
                {letterKind === 'forwarding'
                  ? t('pet.act.withLetter')
                  : `${t('pet.detail.urging')} (${t('pet.detail.issue')})`}
              </Checkbox>
            </Form.Item>
            {withLetter && (
              <Row gutter={8}>
                <Col span={12}>
                  <Form.Item name="signerName" label={t('pet.detail.signerName')}>
                    <Input maxLength={120} data-testid="action-signer" />
                  </Form.Item>
                </Col>
                {letterKind === 'urging' && (
                  <Col span={12}>
                    <Form.Item name="replyBy" label={t('pet.detail.replyBy')}>
                      <IsoDatePicker style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                )}
              </Row>
            )}
            {petition.confidential && (
              <Alert type="info" showIcon className="mb" title={t('pet.detail.letterIdentityHint')} />
            )}
          </>
        )}
        {req.includes('outcome') && (
          <Form.Item name="outcome" label={t('pet.act.outcome')} rules={rule}>
            <Select
              data-testid="action-outcome"
              options={OUTCOMES.map((o) => ({
                value: o,
                label: t(`pet.outcomesResult.${o}`, { defaultValue: o }),
              }))}
            />
          </Form.Item>
        )}
        {req.includes('original') && (
          <Form.Item name="originalId" label={t('pet.act.original')} rules={rule}>
            <Select
              data-testid="action-original"
              options={candidates.map((c) => ({
                value: c.id,
                label: `${c.code} · ${reasonText(c.reason, en)}`,
              }))}
            />
          </Form.Item>
        )}
        {name === 'extend' && (
          <Form.Item name="days" label="+">
            <InputNumber min={1} max={30} addonAfter={t('pet.detail.units.calendar_days')} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('pet.act.note')} rules={req.includes('note') ? rule : undefined}>
          <Input.TextArea rows={2} maxLength={4000} data-testid="action-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function IdentityCard({ p }: { p: Detail }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState<IdentityRow[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const look = async () => {
    setBusy(true);
    setErr(null);
    try {
      const r = await api.get<{ identities: IdentityRow[] }>(`/api/petitions/${p.id}/identity`, { reason });
      setShown(r.identities);
      setAsking(false);
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  const signers = p.signers ?? [];
  return (
    <Card
      size="small"
      title={
        <span>
          {p.confidential && <LockOutlined aria-hidden />} {t('pet.detail.identity')}
        </span>
      }
      extra={
        <Button
          size="small"
          icon={<EyeOutlined />}
          onClick={() => setAsking(true)}
          data-testid="identity-view"
        >
          {t('pet.detail.viewIdentity')}
        </Button>
      }
      className="mb"
      data-testid="identity-card"
    >
      {shown ? (
        <>
          <Alert type="warning" showIcon className="mb" title={t('pet.detail.identityShown')} />
          <Table<IdentityRow>
            size="small"
            rowKey="seq"
            pagination={false}
            dataSource={shown}
            data-testid="identity-table"
            columns={[
              { title: t('common.name'), dataIndex: 'name' },
              { title: t('dossiers.idNumber'), dataIndex: 'idNumber' },
              { title: t('dossiers.address'), dataIndex: 'address' },
              { title: t('dossiers.phone'), dataIndex: 'phone' },
            ]}
          />
        </>
      ) : (
        <List
          size="small"
          dataSource={signers}
          locale={{ emptyText: '—' }}
          renderItem={(s, i) => (
            <List.Item data-testid={`signer-${i}`}>
              {s.redacted || !s.name ? (
                <Tag icon={<LockOutlined />} data-testid="signer-redacted">
                  {t('pet.detail.redacted')}
                </Tag>
              ) : (
                <span>{s.name}</span>
              )}
              {s.role === 'representative' && <Tag className="ml-s">{t('pet.desk.representative')}</Tag>}
            </List.Item>
          )}
        />
      )}
      <Modal
        open={asking}
        title={t('pet.detail.viewIdentity')}
        onCancel={() => setAsking(false)}
        onOk={() => void look()}
        okButtonProps={
          { disabled: reason.trim().length < 5, loading: busy, 'data-testid': 'identity-submit' } as never
        }
      >
        <Form layout="vertical">
          <Form.Item label={t('pet.detail.identityReason')} required>
            <Input.TextArea
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              data-testid="identity-reason"
            />
          </Form.Item>
        </Form>
        {err != null && <Alert type="error" showIcon title={errorText(err)} data-testid="identity-error" />}
      </Modal>
    </Card>
  );
}

interface GrantRow {
  id: string;
  userId: string;
  username: string | null;
  grantedAt: string | null;
  reason: string;
  revokedAt: string | null;
}
interface Grantee {
  id: string;
  username: string;
  displayName: string;
  agencyCode: string | null;
}
interface LogRow {
  id: string;
  at: string | null;
  actor: string | null;
  action: string;
  reason: string | null;
}

/**
 * Identity access of a petition for the reception board leader (Luật Tố cáo 2018 Art 8 cl.3, Art 56):
 * grant a user who may read the case (GET /api/petitions/{id}/identity-grantees; POST …/identity-grants
 * `{ userId, reason }`), the grants with revoke (POST …/identity-grants/{grantId}/revoke) and the log of
 * every look (GET …/identity-log). A leader never grants themselves (four eyes): the picker leaves the
 * leader out and the card says so.
 */
function IdentityGrantsCard({ p }: { p: Detail }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const [userId, setUserId] = useState<string | undefined>(undefined);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const grants = useQuery({
    queryKey: ['petition', p.id, 'identity-grants'],
    queryFn: () =>
      api.get<{ items: GrantRow[] }>(`/api/petitions/${p.id}/identity-grants`).then((r) => r.items),
  });
  const grantees = useQuery({
    queryKey: ['petition', p.id, 'identity-grantees'],
    queryFn: () =>
      api.get<{ items: Grantee[] }>(`/api/petitions/${p.id}/identity-grantees`).then((r) => r.items),
  });
  const log = useQuery({
    queryKey: ['petition', p.id, 'identity-log'],
    queryFn: () => api.get<{ items: LogRow[] }>(`/api/petitions/${p.id}/identity-log`).then((r) => r.items),
  });
  const reload = () => void qc.invalidateQueries({ queryKey: ['petition', p.id] });
  const nameOf = (id: string, fallback?: string | null) => {
    const g = grantees.data?.find((x) => x.id === id);
    return g ? `${g.displayName} (${g.username})` : (fallback ?? id);
  };
  const grant = async () => {
    if (!userId) return;
    setBusy(true);
    setErr(null);
    try {
      await api.post(`/api/petitions/${p.id}/identity-grants`, { userId, reason: reason.trim() });
      void message.success(t('pet.detail.granted', { user: nameOf(userId) }));
      setUserId(undefined);
      setReason('');
      reload();
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  const revoke = (g: GrantRow) =>
    modal.confirm({
      title: t('pet.detail.revokeQ', { user: nameOf(g.userId, g.username) }),
      okButtonProps: { danger: true, 'data-testid': 'revoke-ok' } as never,
      onOk: async () => {
        try {
          await api.post(`/api/petitions/${p.id}/identity-grants/${g.id}/revoke`, {});
          reload();
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });
  return (
    <Card size="small" title={t('pet.detail.grants')} className="mb" data-testid="identity-grants">
      <Alert
        type="info"
        showIcon
        className="mb"
        title={t('pet.detail.grantSelfHint')}
        data-testid="grant-self-hint"
      />
      <Form layout="vertical" onFinish={() => void grant()}>
        <Form.Item label={t('pet.detail.grantee')} required>
          <Select
            showSearch
            optionFilterProp="label"
            value={userId}
            onChange={setUserId}
            loading={grantees.isLoading}
            data-testid="grant-user"
            options={(grantees.data ?? []).map((u) => ({
              value: u.id,
              label: `${u.displayName} (${u.username})`,
            }))}
          />
        </Form.Item>
        <Form.Item label={t('pet.detail.grantReason')} required>
          <Input.TextArea
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="grant-reason"
          />
        </Form.Item>
        {err != null && (
          <Alert type="error" showIcon className="mb" title={errorText(err)} data-testid="grant-error" />
        )}
        <Button
          type="primary"
          htmlType="submit"
          loading={busy}
          disabled={!userId || reason.trim().length < 5}
          data-testid="grant-submit"
        >
          {t('pet.detail.grant')}
        </Button>
      </Form>
      <Table<GrantRow>
        className="mt"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={grants.data ?? []}
        loading={grants.isLoading}
        locale={{ emptyText: t('pet.detail.noGrants') }}
        data-testid="grant-table"
        onRow={(g) => ({ 'data-testid': `grant-${g.username ?? g.userId}` }) as never}
        columns={[
          {
            title: t('pet.detail.grantedTo'),
            key: 'user',
            render: (_: unknown, g) => (
              <div>
                <div>{nameOf(g.userId, g.username)}</div>
                <div className="small muted">{g.reason}</div>
              </div>
            ),
          },
          {
            title: t('pet.detail.grantedAt'),
            dataIndex: 'grantedAt',
            width: 130,
            render: (v: string | null) => (v ? fmtDateTime(v) : '—'),
          },
          {
            key: 'revoke',
            width: 110,
            render: (_: unknown, g) =>
              g.revokedAt ? (
                <Tag>{t('pet.detail.revoked')}</Tag>
              ) : (
                <Button size="small" danger onClick={() => revoke(g)} data-testid="grant-revoke">
                  {t('pet.detail.revoke')}
                </Button>
              ),
          },
        ]}
      />
      <Typography.Title level={5} className="mt">
        {t('pet.detail.identityLog')}
      </Typography.Title>
      <Table<LogRow>
        size="small"
        rowKey="id"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={log.data ?? []}
        loading={log.isLoading}
        locale={{ emptyText: t('pet.detail.noLog') }}
        data-testid="identity-log"
        columns={[
          {
            title: t('pet.detail.logAt'),
            dataIndex: 'at',
            width: 130,
            render: (v: string | null) => (v ? fmtDateTime(v) : '—'),
          },
          { title: t('pet.detail.logWho'), dataIndex: 'actor' },
          {
            title: t('pet.detail.logAction'),
            dataIndex: 'action',
            render: (a: string) => t(`pet.detail.logActions.${a}`, { defaultValue: a }),
          },
          { title: t('pet.detail.logReason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
        ]}
      />
    </Card>
  );
}

function LettersCard({ p, allowed, onChanged }: { p: Detail; allowed: string[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const letters = useQuery({
    queryKey: ['petition', p.id, 'letters'],
    queryFn: () => api.get<{ items: IssuedLetter[] }>(`/api/petitions/${p.id}/letters`).then((r) => r.items),
  });
  const forwardedTo =
    [...(p.events ?? [])].reverse().find((e) => e.type === 'forward')?.data?.toAgencyCode ?? null;
  const [picked, setTo] = useState<string | undefined>(undefined);
  const to = picked ?? (forwardedTo as string | null) ?? p.respondentAgencyCode ?? undefined;
  const holder =
    p.handlingAgencyCode && p.handlingAgencyCode !== p.agencyCode ? p.handlingAgencyCode : undefined;
  const issued = letters.data ?? [];
  const has = (k: 'forwarding' | 'urging') => issued.some((l) => l.kind === k);
  const draftHref = (k: 'forwarding' | 'urging') =>
    `/api/petitions/${p.id}/letters/${k}.docx${queryString({
      draft: 1,
      ...(k === 'forwarding' ? { toAgencyCode: to } : { agencyCode: holder }),
    })}`;
  void onChanged;
  return (
    <Card size="small" title={t('pet.detail.letters')} className="mb" data-testid="letters-card">
      {p.confidential && (
        <Alert type="info" showIcon className="mb" title={t('pet.detail.letterIdentityHint')} />
      )}
      <div className="mb">
        <strong>{t('pet.detail.forwarding')}</strong>
        <Flex gap={8} wrap align="center" className="mt-s">
          <div style={{ minWidth: 240, flex: 1 }}>
            <AgencySelect
              value={to}
              onChange={(v) => setTo(v as string | undefined)}
              allowClear
              aria-label={t('pet.detail.toAgency')}
              placeholder={t('pet.detail.toAgency')}
              at={todayIso()}
              style={{ width: '100%' }}
            />
          </div>
          <a href={to ? draftHref('forwarding') : undefined} download aria-disabled={!to}>
            <Button icon={<DownloadOutlined />} disabled={!to} data-testid="letter-forwarding-draft">
              {t('pet.detail.draft')}
            </Button>
          </a>
          {has('forwarding') && (
            <a href={`/api/petitions/${p.id}/letters/forwarding.docx`} download>
              <Button icon={<FileDoneOutlined />} data-testid="letter-forwarding-issued">
                {t('pet.detail.downloadIssued')}
              </Button>
            </a>
          )}
        </Flex>
        {allowed.includes('forward') && <div className="small muted mt-s">{t('pet.detail.issueHint')}</div>}
      </div>
      <div className="mb">
        <strong>{t('pet.detail.urging')}</strong>
        <Flex gap={8} wrap className="mt-s">
          <a href={holder || forwardedTo ? draftHref('urging') : undefined} download>
            <Button
              icon={<DownloadOutlined />}
              disabled={!holder && !forwardedTo}
              data-testid="letter-urging-draft"
            >
              {t('pet.detail.draft')}
            </Button>
          </a>
          {has('urging') && (
            <a href={`/api/petitions/${p.id}/letters/urging.docx`} download>
              <Button icon={<FileDoneOutlined />} data-testid="letter-urging-issued">
                {t('pet.detail.downloadIssued')}
              </Button>
            </a>
          )}
        </Flex>
      </div>
      <Typography.Text strong>{t('pet.detail.issuedLetters')}</Typography.Text>
      {issued.length === 0 ? (
        <div className="muted small">{t('pet.detail.noLetters')}</div>
      ) : (
        <List
          size="small"
          dataSource={issued}
          renderItem={(l) => (
            <List.Item data-testid={`issued-${l.kind}`}>
              <span>
                <Tag color="green">{l.numberSymbol}</Tag> {fmtDate(l.date)} · {l.summary}
              </span>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

export default function PetitionDetailPage() {
  const { id = '' } = useParams();
  const me = useUser();
  // the grants card for the reception board leader (and admin), who manage identity access
  const canGrant = me.roles.includes('reception_leader') || me.roles.includes('admin');
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const errorText = useErrorText();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const agencies = useAgencyMap();
  const [acting, setActing] = useState<AllowedAction | null>(null);
  const q = useQuery({
    queryKey: ['petition', id],
    queryFn: () => api.get<Detail>(`/api/petitions/${id}`),
  });
  const p = q.data;
  const allowed = (p?.allowedActions ?? []).map(actionName);
  const dups = useQuery({
    queryKey: ['petition', id, 'duplicates'],
    queryFn: () =>
      api
        .get<{ items: DuplicateCandidate[] }>(`/api/petitions/${id}/duplicate-candidates`)
        .then((r) => r.items),
    enabled: !!p && allowed.length > 0,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['petition', id] });
    void qc.invalidateQueries({ queryKey: ['petitions'] });
    void qc.invalidateQueries({ queryKey: ['reports'] });
  };

  if (q.error)
    return (
      <Result
        status={q.error instanceof ApiError && q.error.status === 404 ? '404' : 'error'}
        title={errorText(q.error)}
        extra={<Link to="/petitions">{t('pet.detail.back')}</Link>}
      />
    );
  if (!p) return <Skeleton active className="page" />;

  const agencyName = (c: string | null | undefined) => (c ? (agencies.get(c)?.name ?? c) : '—');
  const candidates = dups.data ?? [];
  const confirmLink = (c: DuplicateCandidate) =>
    modal.confirm({
      title: t('pet.detail.confirmLinkQ', { code: c.code }),
      okButtonProps: { 'data-testid': 'confirm-link-ok' } as never,
      onOk: async () => {
        try {
          await api.post(`/api/petitions/${p.id}/actions`, {
            action: 'confirm_duplicate',
            originalId: c.id,
            version: p.version,
          });
          void message.success(t('pet.act.done', { action: actionLabel('confirm_duplicate', en) }));
          refresh();
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });
  const actions = [...(p.allowedActions ?? [])].sort((a, b) => rank(actionName(a)) - rank(actionName(b)));

  return (
    <div className="page">
      <Link to="/petitions" className="small">
        {t('pet.detail.back')}
      </Link>
      <Flex align="center" gap={12} wrap className="mt-s">
        <Typography.Title level={2} className="page-title" data-testid="petition-code">
          {p.code}
        </Typography.Title>
        <PetitionStatusTag status={p.status} testId="petition-status" />
        <KindTag kind={p.kind} />
        <OverdueTag overdue={p.overdue} />
        {p.confidential && (
          <Tag icon={<LockOutlined />} color="purple">
            {t('pet.detail.redacted')}
          </Tag>
        )}
      </Flex>
      <Row gutter={16} className="mt-s">
        <Col xs={24} xl={15}>
          <Card size="small" title={t('pet.detail.facts')} className="mb">
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('pet.detail.receivedAt')}>
                {fmtDateTime(p.receivedAt ?? null)}
              </Descriptions.Item>
              <Descriptions.Item label={t('pet.detail.channel')}>
                {p.channel ? t(`pet.channels.${p.channel}`, { defaultValue: p.channel }) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('pet.list.eligibility')}>
                <span data-testid="petition-eligibility" data-eligibility={p.eligibility ?? ''}>
                  {t(`pet.eligibility.${p.eligibility ?? 'pending'}`, { defaultValue: p.eligibility ?? '' })}
                  {p.ineligibleReason ? `: ${reasonLabel(p.ineligibleReason, en)}` : ''}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('pet.detail.signerCount')}>
                {p.signerCount ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('pet.detail.handling')}>
                <span data-testid="petition-handling">{agencyName(p.handlingAgencyCode)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('pet.detail.register')}>
                {agencyName(p.agencyCode)}
              </Descriptions.Item>
              <Descriptions.Item label={t('pet.detail.respondent')} span={2}>
                {p.respondent ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('pet.list.content')} span={2}>
                <div style={{ whiteSpace: 'pre-wrap' }} data-testid="petition-content">
                  {p.content}
                </div>
              </Descriptions.Item>
              {p.duplicateOf && (
                <Descriptions.Item label={t('pet.detail.duplicateOf')}>
                  <Link to={`/petitions/${p.duplicateOf.id}`} data-testid="petition-duplicate-of">
                    {p.duplicateOf.code}
                  </Link>
                </Descriptions.Item>
              )}
              {(p.repeatCount ?? 0) > 0 && (
                <Descriptions.Item label={t('pet.detail.repeat')}>
                  <span data-testid="petition-repeat">{p.repeatCount}</span>
                </Descriptions.Item>
              )}
              {p.parent && (
                <Descriptions.Item label={t('pet.detail.parent')}>
                  <Link to={`/petitions/${p.parent.id}`}>{p.parent.code}</Link>
                </Descriptions.Item>
              )}
              {p.children && p.children.length > 0 && (
                <Descriptions.Item label={t('pet.detail.children')}>
                  <Space wrap>
                    {p.children.map((c) => (
                      <Link key={c.id} to={`/petitions/${c.id}`}>
                        {c.code}
                      </Link>
                    ))}
                  </Space>
                </Descriptions.Item>
              )}
              {p.result && (
                <Descriptions.Item label={t('pet.detail.result')}>
                  {t(`pet.outcomesResult.${String((p.result as { outcome?: string }).outcome ?? '')}`, {
                    defaultValue: String((p.result as { outcome?: string }).outcome ?? '—'),
                  })}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('pet.detail.ruleVersion')}>
                {p.ruleVersion
                  ? t(`pet.detail.ruleVersions.${p.ruleVersion}`, { defaultValue: p.ruleVersion })
                  : '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('pet.detail.clocks')} className="mb">
            <ClockTable deadlines={p.deadlines ?? []} />
          </Card>
          <Card size="small" title={t('pet.detail.timeline')} className="mb">
            <Timeline
              data-testid="petition-timeline"
              items={(p.events ?? []).map((e) => ({
                key: String(e.seq ?? e.at),
                content: <EventItem e={e} />,
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('pet.detail.actions')} className="mb" data-testid="petition-actions">
            {actions.length === 0 ? (
              <div className="muted">{t('pet.detail.noActions')}</div>
            ) : (
              <Flex wrap gap={8}>
                {actions.map((a) => {
                  const n = actionName(a);
                  return (
                    <Button
                      key={n}
                      type={
                        n === 'forward' || n === 'accept' || n === 'record_result' ? 'primary' : 'default'
                      }
                      danger={DANGER.has(n)}
                      onClick={() => setActing(a)}
                      data-testid={`action-${n}`}
                    >
                      {actionLabel(a, en)}
                    </Button>
                  );
                })}
              </Flex>
            )}
          </Card>
          {allowed.length > 0 && (
            <Card
              size="small"
              title={t('pet.detail.duplicates')}
              className="mb"
              data-testid="petition-duplicates"
            >
              {candidates.length === 0 ? (
                <div className="muted small">{t('pet.desk.dupNone')}</div>
              ) : (
                <List
                  size="small"
                  dataSource={candidates}
                  renderItem={(c) => (
                    <List.Item
                      data-testid={`candidate-${c.code}`}
                      actions={
                        allowed.includes('confirm_duplicate')
                          ? [
                              <Button
                                key="c"
                                size="small"
                                onClick={() => confirmLink(c)}
                                data-testid={`confirm-link-${c.code}`}
                              >
                                {t('pet.detail.confirmLink')}
                              </Button>,
                            ]
                          : []
                      }
                    >
                      <List.Item.Meta
                        title={
                          <Link to={`/petitions/${c.id}`} className="nowrap">
                            {c.code}
                          </Link>
                        }
                        description={
                          <>
                            {c.kind && <Tag>{kindLabel(c.kind, en)}</Tag>}
                            <span className="small">{reasonText(c.reason, en)}</span>
                            {c.content && <div className="small muted ellipsis">{c.content}</div>}
                          </>
                        }
                      />
                    </List.Item>
                  )}
                />
              )}
            </Card>
          )}
          <IdentityCard p={p} />
          {canGrant && <IdentityGrantsCard p={p} />}
          <LettersCard p={p} allowed={allowed} onChanged={refresh} />
        </Col>
      </Row>
      {acting && (
        <ActionModal
          petition={p}
          action={acting}
          candidates={candidates}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            refresh();
          }}
        />
      )}
    </div>
  );
}
