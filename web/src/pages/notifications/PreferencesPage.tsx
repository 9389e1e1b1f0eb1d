/**
 * Cài đặt thông báo: the signed-in user's channels (with their e-mail / phone, or a note that none is set),
 * e-mail mode (immediately / daily digest), language of notices and muted kinds (escalations cannot be
 * muted). API: GET / PUT /api/me/notification-preferences.
 */
import { useEffect } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Radio,
  Skeleton,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  getPrefs,
  putPrefs,
  PREFS_KEY,
  type NotificationPrefsInput,
  type NotifyChannel,
} from '../../api/notifications.ts';
import { useApiErrors, useErrorText } from '../../lib/errors.ts';
import './notifications.css';

/** Whether `kind` is muted: listed itself, or under a muted prefix (`reminder.task` mutes `reminder.task.*`). */
const isMuted = (kind: string, muted: readonly string[]) =>
  muted.some((m) => m === kind || kind.startsWith(`${m}.`));

interface FormValues {
  channels: NotifyChannel[];
  emailMode: NotificationPrefsInput['emailMode'];
  locale: NotificationPrefsInput['locale'];
  /** kinds switched ON (the form shows "receive"; the API stores the muted ones) */
  receive: Record<string, boolean>;
}

export default function PreferencesPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const { message } = App.useApp();
  const errText = useErrorText();
  const { applyToForm } = useApiErrors();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const q = useQuery({ queryKey: PREFS_KEY, queryFn: getPrefs, staleTime: 0 });
  const prefs = q.data;

  useEffect(() => {
    if (!prefs) return;
    form.setFieldsValue({
      channels: prefs.channels,
      emailMode: prefs.emailMode,
      locale: prefs.locale,
      receive: Object.fromEntries(
        prefs.available.kinds.map((k) => [k.kind, !isMuted(k.kind, prefs.mutedKinds)]),
      ),
    });
  }, [prefs, form]);

  const save = useMutation({
    mutationFn: (v: FormValues) =>
      putPrefs({
        channels: v.channels,
        emailMode: v.emailMode,
        locale: v.locale,
        mutedKinds: (prefs?.available.kinds ?? [])
          .filter((k) => k.mutable && v.receive?.[k.kind] === false)
          .map((k) => k.kind),
      }),
    onSuccess: (data) => {
      if (data && typeof data === 'object' && 'channels' in data) qc.setQueryData(PREFS_KEY, data);
      else void qc.invalidateQueries({ queryKey: PREFS_KEY });
      void message.success(t('notif.prefs.saved'));
    },
    onError: (e) =>
      applyToForm(form, e, ['channels', 'emailMode', 'locale', 'mutedKinds'], {
        // per-entry paths (`channels.2`, `mutedKinds.0`) point at the whole group
        ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`channels.${i}`, 'channels'])),
      }),
  });

  const addressNote = (c: NotifyChannel) => {
    if (!prefs) return null;
    if (c === 'in_app') return t('notif.prefs.inAppAlways');
    const value = c === 'email' ? prefs.email : prefs.phone;
    if (value) return t('notif.prefs.address', { value });
    return c === 'email' ? t('notif.prefs.noEmail') : t('notif.prefs.noPhone');
  };
  const missing = (c: NotifyChannel) =>
    !!prefs && c !== 'in_app' && !(c === 'email' ? prefs.email : prefs.phone);

  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {t('notif.prefs.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('notif.prefs.subtitle')}</Typography.Paragraph>
      {q.isError ? (
        <Alert type="error" showIcon message={errText(q.error)} />
      ) : !prefs ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={(v) => save.mutate(v)}
          data-testid="notif-prefs-form"
          style={{ maxWidth: 820 }}
        >
          <Card size="small" title={t('notif.prefs.channels')}>
            <Form.Item
              name="channels"
              rules={[{ required: true, type: 'array', min: 1, message: t('notif.prefs.atLeastOne') }]}
              className="notif-flush"
            >
              <Checkbox.Group style={{ width: '100%' }}>
                <Flex vertical gap={8}>
                  {prefs.available.channels.map((c) => (
                    <div key={c}>
                      <Checkbox
                        value={c}
                        disabled={c === 'in_app' || (missing(c) && !prefs.channels.includes(c))}
                        data-testid={`pref-channel-${c}`}
                      >
                        {t(`notif.channels.${c}`)}
                      </Checkbox>
                      <Typography.Text
                        type={missing(c) ? 'warning' : 'secondary'}
                        className="pref-address"
                        style={{ display: 'block', marginLeft: 24, fontSize: 13 }}
                      >
                        {addressNote(c)}
                      </Typography.Text>
                    </div>
                  ))}
                </Flex>
              </Checkbox.Group>
            </Form.Item>
          </Card>

          <Card size="small" title={t('notif.prefs.emailMode')} className="mt">
            <Form.Item name="emailMode" className="notif-flush">
              <Radio.Group>
                <Flex vertical gap={4}>
                  <Radio value="immediate">{t('notif.prefs.immediate')}</Radio>
                  <Radio value="daily_digest">{t('notif.prefs.daily_digest')}</Radio>
                </Flex>
              </Radio.Group>
            </Form.Item>
          </Card>

          <Card size="small" title={t('notif.prefs.locale')} className="mt">
            <Form.Item name="locale" className="notif-flush">
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'vi', label: 'Tiếng Việt' },
                  { value: 'en', label: 'English' },
                ]}
              />
            </Form.Item>
          </Card>

          <Card size="small" title={t('notif.prefs.kinds')} className="mt">
            <Typography.Paragraph type="secondary">{t('notif.prefs.kindsHint')}</Typography.Paragraph>
            <Table
              size="small"
              rowKey="kind"
              pagination={false}
              dataSource={prefs.available.kinds}
              columns={[
                {
                  key: 'label',
                  title: t('notif.prefs.kinds'),
                  render: (_, k) => (en ? k.label.en || k.label.vi : k.label.vi),
                },
                {
                  key: 'on',
                  title: t('notif.prefs.receive'),
                  width: 160,
                  render: (_, k) =>
                    k.mutable ? (
                      <Form.Item name={['receive', k.kind]} valuePropName="checked" noStyle>
                        <Switch
                          size="small"
                          aria-label={en ? k.label.en : k.label.vi}
                          data-testid={`pref-kind-${k.kind}`}
                        />
                      </Form.Item>
                    ) : (
                      <Tag color="blue">{t('notif.prefs.notMutable')}</Tag>
                    ),
                },
              ]}
            />
          </Card>

          <Flex gap="small" className="mt">
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="notif-prefs-save">
              {t('notif.prefs.save')}
            </Button>
          </Flex>
        </Form>
      )}
    </div>
  );
}
