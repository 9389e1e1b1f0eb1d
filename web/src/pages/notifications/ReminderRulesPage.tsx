/**
 * Quy tắc nhắc việc: the reminder rules grouped by kind of item (tasks, dossiers, petitions), each as a
 * readable sentence; admins edit a rule (numbers, switches, selects, a required reason — audited) and
 * enable / disable it; the Office reads them. The preview panel answers "who would be reminded on date D
 * and why" (`GET /api/reminders/preview?date=`), with a note when D is a day off. All counts are working
 * days (the server's calendar module). API: src/modules/notifications/reminders/routes.ts.
 */
import { useState } from 'react';
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
import {
  ESCALATION_TARGETS,
  ITEM_TYPES,
  listRules,
  NOTIFY_CHANNELS,
  previewReminders,
  putRule,
  RULES_KEY,
  type ItemType,
  type PreviewReminder,
  type ReminderRule,
  type RuleDefinition,
} from '../../api/notifications.ts';
import { ROLES } from '../../api/types.ts';
import { useAuth, useUser } from '../../auth.tsx';
import { IsoDatePicker } from '../../components/inputs.tsx';
import { fmtDate, todayIso } from '../../lib/dates.ts';
import { useApiErrors, useErrorText } from '../../lib/errors.ts';
import { useUrlState } from '../../lib/urlState.ts';
import { canSeeReminderRules } from './nav.tsx';
import {
  clockLabel,
  inLang,
  itemLink,
  recipientRoles,
  ruleName,
  ruleSummary,
  stepLabel,
  targetLabel,
} from './format.ts';
import './notifications.css';

export default function ReminderRulesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { admin } = useAuth();
  const errText = useErrorText();
  const allowed = canSeeReminderRules(user.roles);
  const q = useQuery({ queryKey: RULES_KEY, queryFn: listRules, enabled: allowed });
  const [editing, setEditing] = useState<ReminderRule | null>(null);
  const [toggling, setToggling] = useState<ReminderRule | null>(null);
  if (!allowed) return <Result status="403" title="403" subTitle={t('notif.failed.forbidden')} />;

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
  const d = r.definition;
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
            <Tag>{clockLabel(d.clock, t)}</Tag>
          </Space>
          <Typography.Paragraph className="rule-summary" data-testid={`rule-summary-${r.id}`}>
            {ruleSummary(d, t)}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }}>
            {t('notif.rules.sRecipients', { list: recipientRoles(d, t) })}
          </Typography.Text>
          {d.source && (
            <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }}>
              {t('notif.rules.source')}: {d.source}
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

/** Form fields whose names are the API's error paths (`definition.escalation.1.afterWorkingDays` …). */
const FIELD_PATHS = [
  'name.vi',
  'name.en',
  'reason',
  'definition.before',
  'definition.onDue',
  'definition.after',
  'definition.after.everyWorkingDays',
  'definition.escalation',
  ...[0, 1, 2, 3, 4].flatMap((i) => [
    `definition.escalation.${i}.afterWorkingDays`,
    `definition.escalation.${i}.to`,
  ]),
  'definition.recipients.roles',
  'definition.channels',
  'definition.nonWorkingDays',
  'definition.source',
];

/** Saves a rule (PUT) and refreshes the list and the preview. */
function useSaveRule(onDone: () => void, form: FormInstance) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  const { applyToForm } = useApiErrors();
  return useMutation({
    mutationFn: (v: { id: string; body: Parameters<typeof putRule>[1] }) => putRule(v.id, v.body),
    onSuccess: () => {
      void message.success(t('notif.rules.saved'));
      void qc.invalidateQueries({ queryKey: RULES_KEY });
      void qc.invalidateQueries({ queryKey: ['reminder-preview'] });
      onDone();
    },
    onError: (e) =>
      applyToForm(form, e, FIELD_PATHS, {
        'definition.after': 'definition.after.everyWorkingDays',
        'definition.recipients': 'definition.recipients.roles',
      }),
  });
}

interface EditValues {
  name: { vi: string; en: string };
  afterOn: boolean;
  definition: Omit<RuleDefinition, 'before' | 'after'> & {
    before: (string | number)[];
    after: { everyWorkingDays: number };
  };
  enabled: boolean;
  reason: string;
}

const REASON_RULES = (t: (k: 'notif.rules.reasonRequired') => string) => [
  { required: true, whitespace: true, message: t('notif.rules.reasonRequired') },
  { min: 3, max: 1000 },
];

function RuleEditor({ rule, onClose }: { rule: ReminderRule; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const save = useSaveRule(onClose, form);
  const d = rule.definition;
  const afterOn = Form.useWatch('afterOn', form);
  const targets = ESCALATION_TARGETS.filter((x) => x !== 'assigner' || rule.itemType === 'task');
  const init: EditValues = {
    name: { ...rule.name },
    afterOn: !!d.after,
    definition: {
      ...d,
      before: [...d.before].sort((a, b) => b - a).map(String),
      after: d.after ?? { everyWorkingDays: 1 },
    },
    enabled: rule.enabled,
    reason: '',
  };
  const submit = (v: EditValues) => {
    const before = [...new Set(v.definition.before.map((x) => Number(x)))].sort((a, b) => b - a);
    save.mutate({
      id: rule.id,
      body: {
        name: { vi: v.name.vi.trim(), en: v.name.en.trim() },
        updatedAt: rule.updatedAt,
        enabled: v.enabled,
        reason: v.reason.trim(),
        definition: {
          ...d,
          before,
          onDue: v.definition.onDue,
          after: v.afterOn ? { everyWorkingDays: Number(v.definition.after.everyWorkingDays) } : null,
          escalation: (v.definition.escalation ?? [])
            .map((e) => ({ afterWorkingDays: Number(e.afterWorkingDays), to: e.to }))
            .sort((a, b) => a.afterWorkingDays - b.afterWorkingDays),
          recipients: { roles: v.definition.recipients.roles },
          channels: v.definition.channels,
          nonWorkingDays: v.definition.nonWorkingDays,
          source: v.definition.source.trim(),
        },
      },
    });
  };
  return (
    <Drawer
      open
      width={640}
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
        <Form.Item label={t('notif.rules.itemType')}>
          <Typography.Text>
            {t(`notif.itemTypes.${rule.itemType}`)} · {t('notif.rules.clock')}:{' '}
            <strong>{clockLabel(d.clock, t)}</strong>
          </Typography.Text>
        </Form.Item>
        <Form.Item
          name={['name', 'vi']}
          label={t('notif.rules.nameVi')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name={['name', 'en']}
          label={t('notif.rules.nameEn')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input />
        </Form.Item>
        {d.clock !== 'receipt' && d.clock !== 'supplement' && (
          <Form.Item
            name={['definition', 'before']}
            label={t('notif.rules.before')}
            extra={t('notif.rules.beforeHint')}
            rules={[
              {
                validator: (_, v: (string | number)[] | undefined) =>
                  (v ?? []).length <= 10 &&
                  (v ?? []).every((x) => /^\d+$/.test(String(x)) && Number(x) >= 1 && Number(x) <= 60)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('notif.rules.beforeInvalid'))),
              },
            ]}
          >
            <Select
              mode="tags"
              tokenSeparators={[',', ' ', ';']}
              open={false}
              suffixIcon={null}
              aria-label={t('notif.rules.before')}
            />
          </Form.Item>
        )}
        {d.clock !== 'supplement' && (
          <Form.Item name={['definition', 'onDue']} label={t('notif.rules.onDue')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {d.clock !== 'apology' && (
          <Space align="start" size="large" wrap>
            <Form.Item name="afterOn" label={t('notif.rules.afterOn')} valuePropName="checked">
              <Switch />
            </Form.Item>
            {afterOn && (
              <Form.Item
                name={['definition', 'after', 'everyWorkingDays']}
                label={t('notif.rules.afterEvery')}
                rules={[{ required: true, type: 'integer', min: 1, max: 60 }]}
              >
                <InputNumber min={1} max={60} precision={0} />
              </Form.Item>
            )}
            {afterOn && (
              <Form.Item
                name={['definition', 'nonWorkingDays']}
                label={t('notif.rules.nonWorkingField')}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
            )}
          </Space>
        )}
        {d.clock !== 'apology' && (
          <>
            <Typography.Text strong>{t('notif.rules.escalation')}</Typography.Text>
            <Form.List name={['definition', 'escalation']}>
              {(fields, { add, remove }) => (
                <div className="mt-s">
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" wrap>
                      <Form.Item
                        name={[f.name, 'afterWorkingDays']}
                        label={t('notif.rules.escalationAfter')}
                        rules={[{ required: true, type: 'integer', min: 1, max: 250 }]}
                      >
                        <InputNumber min={1} max={250} precision={0} />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'to']}
                        label={t('notif.rules.escalationTo')}
                        rules={[{ required: true }]}
                      >
                        <Select
                          style={{ width: 280 }}
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
                  {fields.length < 5 && (
                    <Form.Item>
                      <Button
                        icon={<PlusOutlined />}
                        onClick={() => add({ afterWorkingDays: 5, to: 'agency_leader' })}
                      >
                        {t('notif.rules.addStep')}
                      </Button>
                    </Form.Item>
                  )}
                </div>
              )}
            </Form.List>
          </>
        )}
        <Form.Item
          name={['definition', 'recipients', 'roles']}
          label={t('notif.rules.recipients')}
          rules={[{ required: true, type: 'array', min: 1, max: 6 }]}
        >
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name={['definition', 'channels']}
          label={t('notif.rules.ruleChannels')}
          rules={[{ required: true, type: 'array', min: 1 }]}
        >
          <Checkbox.Group
            options={NOTIFY_CHANNELS.map((c) => ({ value: c, label: t(`notif.channels.${c}`) }))}
          />
        </Form.Item>
        <Form.Item
          name={['definition', 'source']}
          label={t('notif.rules.sourceField')}
          rules={[{ required: true, whitespace: true, max: 500 }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="enabled" label={t('notif.rules.enabledField')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('notif.rules.reason')}
          extra={t('notif.rules.reasonHint')}
          rules={REASON_RULES(t)}
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
        onFinish={(v) =>
          save.mutate({
            id: rule.id,
            body: {
              name: rule.name,
              updatedAt: rule.updatedAt,
              definition: rule.definition,
              enabled: !rule.enabled,
              reason: v.reason.trim(),
            },
          })
        }
      >
        <Form.Item
          name="reason"
          label={t('notif.rules.reason')}
          extra={t('notif.rules.reasonHint')}
          rules={REASON_RULES(t)}
        >
          <Input.TextArea rows={2} data-testid="rule-toggle-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const PREVIEW_LIMIT = 500;

function PreviewPanel({ rules }: { rules: ReminderRule[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errText = useErrorText();
  const { get, set } = useUrlState();
  const date = get('date') ?? todayIso();
  const itemType = (get('itemType') as ItemType | undefined) ?? undefined;
  const ruleId = get('ruleId');
  const q = useQuery({
    queryKey: ['reminder-preview', date, itemType ?? '', ruleId ?? ''],
    queryFn: () => previewReminders({ date, itemType, ruleId, limit: PREVIEW_LIMIT }),
  });
  const rows = q.data?.reminders ?? [];

  const columns: TableColumnsType<PreviewReminder> = [
    {
      key: 'itemType',
      title: t('notif.rules.colItemType'),
      width: 95,
      render: (_, r) => <Tag>{t(`notif.itemTypes.${r.itemType}`)}</Tag>,
    },
    {
      key: 'item',
      title: t('notif.rules.colItem'),
      width: 280,
      render: (_, r) => {
        const href = itemLink(r.itemType, r.itemId, r.itemRef);
        const label = r.itemRef ?? r.itemId.slice(0, 8);
        return (
          <div>
            {href ? <Link to={href}>{label}</Link> : label}
            <div className="preview-item-title">{r.title}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('notif.rules.due')}: {fmtDate(r.dueDate)}
            </Typography.Text>
          </div>
        );
      },
    },
    {
      key: 'recipient',
      title: t('notif.rules.colRecipient'),
      render: (_, r) => r.recipientName || r.recipient,
    },
    {
      key: 'rule',
      title: t('notif.rules.colRule'),
      render: (_, r) => inLang(r.ruleName, lang) || r.rule,
    },
    { key: 'step', title: t('notif.rules.colStep'), render: (_, r) => stepLabel(r.step, r.stepKind, t) },
    {
      key: 'channel',
      title: t('notif.rules.colChannel'),
      width: 110,
      render: (_, r) => t(`notif.channels.${r.channel}`, { defaultValue: r.channel }),
    },
    { key: 'reason', title: t('notif.rules.colReason'), render: (_, r) => inLang(r.reason, lang) },
  ];

  return (
    <Card size="small" title={t('notif.rules.preview')} className="mt" data-testid="reminder-preview">
      <Typography.Paragraph type="secondary">{t('notif.rules.previewHint')}</Typography.Paragraph>
      <Space wrap className="mb">
        <IsoDatePicker
          value={date}
          allowClear={false}
          onChange={(v) => v && set({ date: v }, { replace: true })}
          aria-label={t('notif.rules.previewDate')}
          data-testid="preview-date"
        />
        <Select
          allowClear
          style={{ width: 200 }}
          placeholder={t('notif.rules.allItemTypes')}
          aria-label={t('notif.rules.previewItemType')}
          value={itemType}
          onChange={(v?: string) => set({ itemType: v ?? '', ruleId: '' }, { replace: true })}
          options={ITEM_TYPES.map((it) => ({ value: it, label: t(`notif.itemTypes.${it}`) }))}
        />
        <Select
          allowClear
          style={{ width: 320 }}
          placeholder={t('notif.rules.colRule')}
          aria-label={t('notif.rules.colRule')}
          value={ruleId}
          onChange={(v?: string) => set({ ruleId: v ?? '' }, { replace: true })}
          options={rules
            .filter((r) => !itemType || r.itemType === itemType)
            .map((r) => ({ value: r.id, label: ruleName(r, lang) }))}
        />
      </Space>
      <Typography.Title level={5} data-testid="preview-title">
        {t('notif.rules.previewTitle', { date: fmtDate(date) })}
      </Typography.Title>
      {q.data && !q.data.working && (
        <Alert
          type="warning"
          showIcon
          className="mb"
          data-testid="preview-non-working"
          message={t('notif.rules.nonWorking', { date: fmtDate(date) })}
        />
      )}
      {q.isError ? (
        <Alert type="error" showIcon message={errText(q.error)} />
      ) : (
        <>
          {q.data && (
            <Space className="mb" wrap>
              <Typography.Text strong data-testid="preview-total">
                {t('notif.rules.previewTotal', { count: q.data.total })}
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
            rowKey={(r) => `${r.rule}|${r.step}|${r.itemId}|${r.recipient}|${r.channel}`}
            dataSource={rows}
            columns={columns}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: t('notif.rules.previewEmpty') }}
            data-testid="preview-table"
            scroll={{ x: 1000 }}
          />
        </>
      )}
    </Card>
  );
}
