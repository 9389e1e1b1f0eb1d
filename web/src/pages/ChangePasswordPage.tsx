/** Change one's own password; shown alone (forced) when the account must change it first. */
import { App, Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useAuth } from '../auth.tsx';
import { useApiErrors } from '../lib/errors.ts';
import { Brand, LangSwitch } from '../components/AppLayout.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

function PasswordForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { applyToForm } = useApiErrors();
  const { message } = App.useApp();
  const submit = async (v: Values) => {
    try {
      await api.post('/api/auth/password', {
        currentPassword: v.currentPassword,
        newPassword: v.newPassword,
      });
      void message.success(t('password.done'));
      form.resetFields();
      onDone();
    } catch (e) {
      applyToForm(form, e, ['currentPassword', 'newPassword']);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 420 }} name="password">
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.next')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="repeat"
        label={t('password.repeat')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('common.required') },
          ({ getFieldValue }) => ({
            validator: (_r, v) =>
              !v || v === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('password.submit')}
      </Button>
    </Form>
  );
}

export function ChangePasswordPage({ forced }: { forced?: boolean }) {
  const { t } = useTranslation();
  const { refresh, logout } = useAuth();
  if (forced) {
    return (
      <main className="login-page">
        <div className="login-lang">
          <LangSwitch />
        </div>
        <Card className="login-card">
          <div className="login-brand">
            <Brand />
          </div>
          <Typography.Title level={1} className="login-title">
            {t('password.title')}
          </Typography.Title>
          <Alert
            type="warning"
            showIcon
            className="mb"
            title={t('password.forcedTitle')}
            description={t('password.forcedText')}
          />
          <PasswordForm onDone={() => void refresh()} />
          <Space className="mt">
            <Button type="link" onClick={() => void logout()}>
              {t('nav.logout')}
            </Button>
          </Space>
        </Card>
      </main>
    );
  }
  return (
    <div className="page">
      <Typography.Title level={2}>{t('password.title')}</Typography.Title>
      <Card>
        <PasswordForm onDone={() => void refresh()} />
      </Card>
    </div>
  );
}
