/** Sign-in (Vietnamese first), with the language toggle and the demo accounts. */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { useAuth } from '../auth.tsx';
import { useErrorText } from '../lib/errors.ts';
import { Brand, LangSwitch } from '../components/AppLayout.tsx';

export function LoginPage() {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const s = await api.post<Session>('/api/auth/login', v);
      signedIn(s);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

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
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.tagline')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} className="mb" role="alert" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false} name="login">
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        <Alert
          className="mt"
          type="info"
          title={t('login.demoHint')}
          description={
            <span className="demo-accounts" data-testid="demo-accounts">
              {t('login.demoHintText')}
            </span>
          }
        />
      </Card>
    </main>
  );
}
