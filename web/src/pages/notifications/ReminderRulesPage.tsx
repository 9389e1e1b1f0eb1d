/**
 * Quy tắc nhắc việc: the reminder rules grouped by kind of item (tasks, dossiers, petitions), each as a
 * readable sentence; admins edit a rule (numbers, switches, selects, a required reason — audited) and
 * enable / disable it; the Office reads them. The preview panel answers "who would be reminded on date D
 * and why" (`GET /api/reminders/preview?date=`), with a note when D is a day off (from the calendar).
 * All counts are working days (the server's calendar module).
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Result,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { FormInstance, TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import {
  ITEM_TYPES,
  listRules,
  NOTIFY_CHANNELS,
  previewReminders,
  putRule,
  RULES_KEY,
  type EscalationStep,
  type ItemType,
  type NotifyChannel,
  type PreviewReminder,
  type ReminderRule,
} from '../../api/notifications.ts';
import { useAuth, useUser } from '../../auth.tsx';
import { IsoDatePicker } from '../../components/inputs.tsx';
import { fmtDate, todayIso } from '../../lib/dates.ts';
import { useApiErrors, useErrorText } from '../../lib/errors.ts';
import { useUrlState } from '../../lib/urlState.ts';
import { canSeeReminderRules } from './nav.tsx';
import { itemLink, recipientLabel, ruleName, ruleSummary, stepLabel, targetLabel } from './format.ts';
import './notifications.css';

const ESCALATION_TARGETS = ['agency_leader', 'office_leader', 'assigner'];

export default function ReminderRulesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { admin } = useAuth();
  const errText = useErrorText();
  const q = useQuery({ queryKey: RULES_KEY, queryFn: listRules, enabled: canSeeReminderRules(user.roles) });
  const [editing, setEditing] = useState<ReminderRule | null>(null);
  const [toggling, setToggling] = useState<ReminderRule | null>(null);
  if (!canSeeReminderRules(user.roles))
    return <Result status="403" title="403" subTitle={t('notif.failed.forbidden')} />;

  const rules = q.data?.items ?? [];
  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {t('notif.rules.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('notif.rules.subtitle')}</Typography.Paragraph>
      {!admin && <Alert type="info" showIcon message={t('notif.rules.readOnly')} className="mb" />}
      {q.isError ? (
        <Alert type="error" showIcon message={errText(q.error)} />
      ) : q.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : rules.length === 0 ? (
        <Empty description={t('notif.rules.none')} />
      ) : (
        <Flex vertical gap={16}>
          {ITEM_TYPES.filter((it) => rules.some((r) => r.itemType === it)).map((it) => (
            <Card key={it} size="small" title={t(`notif.itemTypes.${it}`)} data-testid={`rules-${it}`}>
              {rules
                .filter((r) => r.itemType === it)
                .map((r) => (
                  <RuleCard
                    key={r.id}
                    rule={r}
                    canEdit={admin}
                    onEdit={() => setEditing(r)}
                    onToggle={() => setToggling(r)}
                  />
                ))}
            </Card>
          ))}
        </Flex>
      )}
      <PreviewPanel rules={rules} />
      {editing && <RuleEditor rule={editing} onClose={() => setEditing(null)} />}
      {toggling && <ToggleModal rule={toggling} onClose={() => setToggling(null)} />}
    </div>
  );
}

function RuleCard(props: { rule: ReminderRule; canEdit: boolean; onEdit: () => void; onToggle: () => void }) {
  const { rule: r, canEdit } = props;
  const { t, i18n } = useTranslation();
  return (
    <Card type="inner" size="small" className="rule-card" data-testid={`rule-${r.id}`}>
      <Flex justify="space-between" align="start" gap="small" wrap>
        <div style={{ flex: 1, minWidth: 280 }}>
          <Space wrap size={4}>
            <Typography.Text strong>{ruleName(r, i18n.language)}</Typography.Text>
            {r.enabled ? (
              <Tag color="green">{t('notif.rules.enabled')}</Tag>
            ) : (
              <Tag>{t('notif.rules.disabled')}</Tag>
            )}
            {r.builtIn && <Tag color="blue">{t('notif.rules.builtIn')}</Tag>}
          </Space>
          <Typography.Paragraph className="rule-summary" data-testid={`rule-summary-${r.id}`}>
            {ruleSummary(r.definition, t)}
          </Typography.Paragraph>
          {r.source && (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('notif.rules.source')}: {r.source}
            </Typography.Text>
          )}
        </div>
        {canEdit && (
          <Space>
            <Button icon={<EditOutlined />} onClick={props.onEdit} data-testid={`rule-edit-${r.id}`}>
              {t('notif.rules.edit')}
            </Button>
            <Button onClick={props.onToggle} data-testid={`rule-toggle-${r.id}`}>
              {r.enabled ? t('notif.rules.disable') : t('notif.rules.enable')}
            </Button>
          </Space>
        )}
      </Flex>
    </Card>
  );
}

/** Saves a rule (PUT) and refreshes the list and the preview. */
function useSaveRule(onDone: () => void, form?: FormInstance) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  const { applyToForm, show } = useApiErrors();
  return useMutation({
    mutationFn: (v: { rule: ReminderRule; patch: Partial<ReminderRule>; reason: string }) => {
      const { id, builtIn: _b, updatedAt: _u, ...rest } = { ...v.rule, ...v.patch };
      return putRule(id, { ...rest, reason: v.reason });
    },
    onSuccess: () => {
      void message.success(t('notif.rules.saved'));
      void qc.invalidateQueries({ queryKey: RULES_KEY });
      void qc.invalidateQueries({ queryKey: ['reminder-preview'] });
      onDone();
    },
    onError: (e) =>
      form
        ? applyToForm(form, e, ['nameVi', 'nameEn', 'reason', 'before', 'channels', 'escalation'], {
            'definition.before': 'before',
            'definition.channels': 'channels',
            'definition.escalation': 'escalation',
            'definition.after.everyWorkingDays': 'afterEvery',
          })
        : show(e),
  });
}

interface EditValues {
  nameVi: string;
  nameEn: string;
  before: (string | number)[];
  onDue: boolean;
  afterOn: boolean;
  afterEvery: number;
  escalation: EscalationStep[];
  channels: NotifyChannel[];
  enabled: boolean;
  reason: string;
}

const describe = (v: unknown): string =>
  v === null || v === undefined
    ? '—'
    : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : JSON.stringify(v);

function RuleEditor({ rule, onClose }: { rule: ReminderRule; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const save = useSaveRule(onClose, form);
  const d = rule.definition;
  const targets = useMemo(
    () => [...new Set([...ESCALATION_TARGETS, ...(d.escalation ?? []).map((e) => String(e.to))])],
    [d.escalation],
  );
  const afterOn = Form.useWatch('afterOn', form);
  const init: EditValues = {
    nameVi: rule.nameVi,
    nameEn: rule.nameEn,
    before: [...(d.before ?? [])].sort((a, b) => b - a).map(String),
    onDue: !!d.onDue,
    afterOn: !!d.after,
    afterEvery: d.after?.everyWorkingDays ?? 1,
    escalation: d.escalation ?? [],
    channels: d.channels ?? [],
    enabled: rule.enabled,
    reason: '',
  };
  const submit = (v: EditValues) => {
    const before = [...new Set(v.before.map((x) => Number(x)))].sort((a, b) => b - a);
    save.mutate({
      rule,
      reason: v.reason.trim(),
      patch: {
        nameVi: v.nameVi.trim(),
        nameEn: v.nameEn.trim(),
        enabled: v.enabled,
        definition: {
          ...d,
          before,
          onDue: v.onDue,
          after: v.afterOn ? { ...(d.after ?? {}), everyWorkingDays: v.afterEvery } : null,
          escalation: (v.escalation ?? []).map((e) => ({
            afterWorkingDays: Number(e.afterWorkingDays),
            to: e.to,
          })),
          channels: v.channels,
        },
      },
    });
  };
  return (
    <Drawer
      open
      width={620}
      title={t('notif.rules.editTitle', { name: ruleName(rule, i18n.language) })}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('notif.rules.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="rule-save"
          >
            {t('notif.rules.save')}
          </Button>
        </Space>
      }
    >
      <Form<EditValues> form={form} layout="vertical" initialValues={init} onFinish={submit}>
        <Form.Item name="nameVi" label={t('notif.rules.nameVi')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('notif.rules.nameEn')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('notif.rules.clock')}>
          <Typography.Text code>{describe(d.clock)}</Typography.Text>
        </Form.Item>
        <Form.Item
          name="before"
          label={t('notif.rules.before')}
          extra={t('notif.rules.beforeHint')}
          rules={[
            {
              validator: (_, v: (string | number)[] | undefined) =>
                (v ?? []).every((x) => /^\d+$/.test(String(x)) && Number(x) >= 1 && Number(x) <= 60)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('notif.rules.beforeInvalid'))),
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[',', ' ', ';']} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="onDue" label={t('notif.rules.onDue')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Space align="start" size="large" wrap>
          <Form.Item name="afterOn" label={t('notif.rules.afterOn')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {afterOn && (
            <Form.Item
              name="afterEvery"
              label={t('notif.rules.afterEvery')}
              rules={[{ required: true, type: 'integer', min: 1, max: 60 }]}
            >
              <InputNumber min={1} max={60} precision={0} />
            </Form.Item>
          )}
        </Space>
        <Typography.Text strong>{t('notif.rules.escalation')}</Typography.Text>
        <Form.List name="escalation">
          {(fields, { add, remove }) => (
            <div className="mt-s">
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item
                    name={[f.name, 'afterWorkingDays']}
                    label={t('notif.rules.escalationAfter')}
                    rules={[{ required: true, type: 'integer', min: 1, max: 365 }]}
                  >
                    <InputNumber min={1} max={365} precision={0} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'to']}
                    label={t('notif.rules.escalationTo')}
                    rules={[{ required: true }]}
                  >
                    <Select
                      style={{ width: 260 }}
                      options={targets.map((x) => ({ value: x, label: targetLabel(x, t) }))}
                    />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('notif.rules.remove')}
                    onClick={() => remove(f.name)}
                  />
                </Space>
              ))}
              <Form.Item>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ afterWorkingDays: 5, to: 'agency_leader' })}
                >
                  {t('notif.rules.addStep')}
                </Button>
              </Form.Item>
            </div>
          )}
        </Form.List>
        <Form.Item name="channels" label={t('notif.rules.ruleChannels')} rules={[{ required: true }]}>
          <Checkbox.Group
            options={NOTIFY_CHANNELS.map((c) => ({ value: c, label: t(`notif.channels.${c}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('notif.rules.recipients')}>
          <Typography.Text type="secondary">{describe(d.recipients)}</Typography.Text>
        </Form.Item>
        <Form.Item label={t('notif.rules.nonWorkingDays')}>
          <Typography.Text type="secondary">{describe(d.nonWorkingDays)}</Typography.Text>
        </Form.Item>
        <Form.Item name="enabled" label={t('notif.rules.enabledField')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('notif.rules.reason')}
          extra={t('notif.rules.reasonHint')}
          rules={[
            { required: true, whitespace: true, message: t('notif.rules.reasonRequired') },
            { max: 1000 },
          ]}
        >
          <Input.TextArea rows={2} data-testid="rule-reason" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function ToggleModal({ rule, onClose }: { rule: ReminderRule; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const save = useSaveRule(onClose, form);
  const action = rule.enabled ? t('notif.rules.disable') : t('notif.rules.enable');
  return (
    <Modal
      open
      title={t('notif.rules.toggleTitle', { action, name: ruleName(rule, i18n.language) })}
      onCancel={onClose}
      okText={action}
      cancelText={t('notif.rules.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate({ rule, patch: { enabled: !rule.enabled }, reason: v.reason.trim() })}
      >
        <Form.Item
          name="reason"
          label={t('notif.rules.reason')}
          extra={t('notif.rules.reasonHint')}
          rules={[
            { required: true, whitespace: true, message: t('notif.rules.reasonRequired') },
            { max: 1000 },
          ]}
        >
          <Input.TextArea rows={2} data-testid="rule-toggle-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface CalendarDay {
  date: string;
  working: boolean;
  entries?: { name?: string; nameVi?: string; nameEn?: string }[];
}

const PREVIEW_LIMIT = 500;

function PreviewPanel({ rules }: { rules: ReminderRule[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const errText = useErrorText();
  const { get, set } = useUrlState();
  const date = get('date') ?? todayIso();
  const itemType = (get('itemType') as ItemType | undefined) ?? undefined;
  const q = useQuery({
    queryKey: ['reminder-preview', date, itemType ?? ''],
    queryFn: () => previewReminders({ date, itemType, limit: PREVIEW_LIMIT }),
  });
  const day = useQuery({
    queryKey: ['calendar-day', date],
    queryFn: () => api.get<{ days: CalendarDay[] }>('/api/calendar/days', { from: date, to: date }),
    staleTime: 300_000,
  });
  const byId = useMemo(() => new Map(rules.map((r) => [r.id, r])), [rules]);
  const info = day.data?.days?.[0];
  const dayName = info?.entries?.map((e) => (en ? (e.nameEn ?? e.name) : (e.nameVi ?? e.name))).find(Boolean);
  const rows = q.data?.reminders ?? [];
  const total = q.data?.total ?? rows.length;

  const columns: TableColumnsType<PreviewReminder> = [
    {
      key: 'itemType',
      title: t('notif.rules.colItemType'),
      width: 100,
      render: (_, r) => <Tag>{t(`notif.itemTypes.${r.itemType}`)}</Tag>,
    },
    {
      key: 'item',
      title: t('notif.rules.colItem'),
      render: (_, r) => {
        const label = itemText(r);
        const href = itemLink(r.itemType, r.itemId);
        return href ? <Link to={href}>{label}</Link> : label;
      },
    },
    {
      key: 'recipient',
      title: t('notif.rules.colRecipient'),
      render: (_, r) => recipientLabel(r.recipient, r.recipientName, t),
    },
    {
      key: 'rule',
      title: t('notif.rules.colRule'),
      render: (_, r) => {
        const rule = byId.get(r.rule);
        return rule ? ruleName(rule, i18n.language) : r.rule;
      },
    },
    { key: 'step', title: t('notif.rules.colStep'), render: (_, r) => stepLabel(r.step, t) },
    {
      key: 'channel',
      title: t('notif.rules.colChannel'),
      render: (_, r) => t(`notif.channels.${r.channel}`, { defaultValue: r.channel }),
    },
    {
      key: 'reason',
      title: t('notif.rules.colReason'),
      render: (_, r) => (r.reason ? (en ? r.reason.en || r.reason.vi : r.reason.vi) : '—'),
    },
  ];

  return (
    <Card size="small" title={t('notif.rules.preview')} className="mt" data-testid="reminder-preview">
      <Typography.Paragraph type="secondary">{t('notif.rules.previewHint')}</Typography.Paragraph>
      <Space wrap className="mb">
        <label>
          {t('notif.rules.previewDate')}{' '}
          <IsoDatePicker
            value={date}
            allowClear={false}
            onChange={(v) => v && set({ date: v }, { replace: true })}
            data-testid="preview-date"
            aria-label={t('notif.rules.previewDate')}
          />
        </label>
        <Select
          allowClear
          style={{ width: 200 }}
          placeholder={t('notif.rules.allItemTypes')}
          aria-label={t('notif.rules.previewItemType')}
          value={itemType}
          onChange={(v?: string) => set({ itemType: v ?? '' }, { replace: true })}
          options={ITEM_TYPES.map((it) => ({ value: it, label: t(`notif.itemTypes.${it}`) }))}
        />
      </Space>
      <Typography.Title level={5} data-testid="preview-title">
        {t('notif.rules.previewTitle', { date: fmtDate(date) })}
      </Typography.Title>
      {info && !info.working && (
        <Alert
          type="warning"
          showIcon
          className="mb"
          data-testid="preview-non-working"
          message={t('notif.rules.nonWorking', {
            date: fmtDate(date),
            name: dayName ? ` (${dayName})` : '',
          })}
        />
      )}
      {q.isError ? (
        <Alert type="error" showIcon message={errText(q.error)} />
      ) : (
        <>
          {q.data && (
            <Space className="mb" wrap>
              <Typography.Text strong data-testid="preview-total">
                {t('notif.rules.previewTotal', { count: total })}
              </Typography.Text>
              {q.data.truncated && (
                <Typography.Text type="secondary">
                  {t('notif.rules.previewTruncated', { shown: rows.length })}
                </Typography.Text>
              )}
            </Space>
          )}
          <Table
            size="small"
            loading={q.isFetching}
            rowKey={(r) => `${r.rule}|${r.step}|${r.itemType}|${r.itemId}|${r.recipient}|${r.channel}`}
            dataSource={rows}
            columns={columns}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: t('notif.rules.previewEmpty') }}
            data-testid="preview-table"
            scroll={{ x: 900 }}
          />
        </>
      )}
    </Card>
  );
}

/** The item as shown: a reference or title when the API gives one, else a short id. */
function itemText(r: PreviewReminder): string {
  const x = r as PreviewReminder & { itemRef?: string; itemTitle?: string; itemLabel?: string };
  const label = x.itemLabel ?? x.itemRef ?? x.itemTitle;
  if (label) return label;
  return /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(r.itemId) ? r.itemId.slice(0, 8) : r.itemId;
}
