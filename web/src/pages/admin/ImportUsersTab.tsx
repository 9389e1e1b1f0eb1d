/** CSV import of accounts: all rows or none; row errors listed. */
import { useState } from 'react';
import { Alert, App, Button, Input, Space, Upload, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { useErrorText } from '../../lib/errors.ts';

const SAMPLE = 'username,displayName,email,roles,agencyCode,password\n';

export function ImportUsersTab() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const [csv, setCsv] = useState(SAMPLE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ created: number; users: User[] }>('/api/users/import', { csv });
      void message.success(t('admin.csvDone', { count: r.created }));
      void qc.invalidateQueries({ queryKey: ['users'] });
      setCsv(SAMPLE);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 860 }}>
      <Typography.Paragraph type="secondary">{t('admin.csvHint')}</Typography.Paragraph>
      <Space className="mb">
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then(setCsv);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t('admin.csvFile')}</Button>
        </Upload>
      </Space>
      <label htmlFor="csv-text" className="block-label">
        {t('admin.csvText')}
      </label>
      <Input.TextArea
        id="csv-text"
        value={csv}
        onChange={(e) => setCsv(e.target.value)}
        autoSize={{ minRows: 8, maxRows: 20 }}
        className="mono"
        spellCheck={false}
      />
      {error && (
        <Alert
          className="mt"
          type="error"
          showIcon
          title={errorText(error)}
          description={
            error instanceof ApiError && error.errors.length ? (
              <ul className="error-list">
                {error.errors.map((it, i) => (
                  <li key={i}>
                    {t('admin.rowError', {
                      row: (it.index ?? 0) + 2,
                      message: en ? (it.messageEn ?? it.message) : it.message,
                    })}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Button
        type="primary"
        className="mt"
        loading={busy}
        onClick={() => void submit()}
        disabled={!csv.trim()}
      >
        {t('admin.csvSubmit')}
      </Button>
    </div>
  );
}
