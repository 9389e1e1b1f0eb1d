/**
 * Sổ theo dõi hồ sơ: a button and a small dialog (period, receiving body, book form) that downloads
 * `GET /api/dossier-books?from&to[&body][&era]` as DOCX (Mẫu 06 of TT 01/2018 / Mẫu 07 of TT 03/2025).
 * The server scopes the rows (office roles and admin: every body; others: their agency's dossiers) and
 * refuses more than 5,000 rows (400 `period_too_long`), shown in the dialog.
 */
import { useState } from 'react';
import { Alert, Button, Form, Modal, Select, Space } from 'antd';
import { BookOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadFile, queryString } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { AgencySelect, IsoDatePicker } from '../../components/inputs.tsx';
import { todayIso } from '../../lib/dates.ts';
import { useErrorText } from '../../lib/errors.ts';

interface V {
  from?: string;
  to?: string;
  body?: string;
  era?: 'nd61' | 'nd118';
}

async function download(q: V) {
  return downloadFile(`/api/dossier-books${queryString({ ...q })}`, 'so-theo-doi.docx');
}

/** The button (counter staff, centre and office leaders, admin) and its dialog. */
export function BookButton({ from, to }: { from?: string; to?: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { user } = useAuth();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<V>();
  const roles = user?.roles ?? [];
  const allowed = roles.some((r) =>
    ['admin', 'counter_staff', 'centre_leader', 'office_leader', 'office_specialist'].includes(r),
  );
  if (!allowed) return null;
  const office = roles.some((r) => r === 'admin' || r.startsWith('office_'));
  const today = todayIso();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await download({ from: v.from, to: v.to, body: v.body || undefined, era: v.era || undefined });
      setOpen(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button icon={<BookOutlined />} onClick={() => setOpen(true)} data-testid="book-open">
        {t('dossiers.book.button')}
      </Button>
      <Modal
        open={open}
        title={t('dossiers.book.title')}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={[
          <Button key="c" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>,
          <Button
            key="d"
            type="primary"
            loading={busy}
            onClick={() => void submit()}
            data-testid="book-download"
          >
            {t('dossiers.book.download')}
          </Button>,
        ]}
      >
        <Form<V>
          form={form}
          layout="vertical"
          name="tracking-book"
          initialValues={{
            from: from ?? `${today.slice(0, 8)}01`,
            to: to ?? today,
            body: office ? undefined : (user?.agencyCode ?? undefined),
          }}
        >
          <Form.Item label={t('dossiers.book.period')} required>
            <Space wrap>
              <Form.Item name="from" noStyle rules={[{ required: true, message: t('common.required') }]}>
                <IsoDatePicker aria-label={t('common.from')} data-testid="book-from" />
              </Form.Item>
              <span>–</span>
              <Form.Item name="to" noStyle rules={[{ required: true, message: t('common.required') }]}>
                <IsoDatePicker aria-label={t('common.to')} data-testid="book-to" />
              </Form.Item>
            </Space>
          </Form.Item>
          <Form.Item name="body" label={t('dossiers.book.body')}>
            <AgencySelect
              allowClear
              placeholder={t('dossiers.book.allBodies')}
              aria-label={t('dossiers.book.body')}
            />
          </Form.Item>
          <Form.Item name="era" label={t('dossiers.book.era')}>
            <Select
              allowClear
              placeholder={t('dossiers.book.eraAuto')}
              options={[
                { value: 'nd61', label: t('dossiers.book.eraNd61') },
                { value: 'nd118', label: t('dossiers.book.eraNd118') },
              ]}
            />
          </Form.Item>
          <div className="muted small">{t('dossiers.book.hint')}</div>
          {!!error && (
            <Alert type="error" showIcon className="mt" title={errorText(error)} data-testid="book-error" />
          )}
        </Form>
      </Modal>
    </>
  );
}
