/**
 * Nhập phiếu đánh giá (staff): a paper satisfaction form typed in by the counter staff — the dossier
 * code, the vote and the per-dossier indices (TT 01/2018 Art 13–15). The rater is not recorded.
 * POST /api/dossiers/{code}/ratings { channel: 'paper', vote, indices? }
 */
import { useState } from 'react';
import { App, Button, Card, Form, Input, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useApiErrors } from '../../lib/errors.ts';
import type { Indices, Vote } from './api.ts';
import { cleanIndices, RatingFields } from './RatingFields.tsx';
import './onestop.css';

interface V {
  code: string;
  vote: Vote;
  indices?: Indices;
}

export default function PaperRatingPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const { applyToForm } = useApiErrors();
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<string | null>(null);

  const submit = async (v: V) => {
    setBusy(true);
    try {
      const code = v.code.trim().toUpperCase();
      const indices = cleanIndices(v.indices);
      await api.post(`/api/dossiers/${encodeURIComponent(code)}/ratings`, {
        channel: 'paper',
        vote: v.vote,
        ...(indices ? { indices } : {}),
      });
      setLast(code);
      void message.success(t('dossiers.rating.saved'));
      form.resetFields();
    } catch (e) {
      applyToForm(form, e, ['code', 'vote'], { dossier: 'code' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {t('dossiers.rating.paperTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('dossiers.rating.paperHint')} <Link to="/kiosk">{t('dossiers.nav.kiosk')}</Link>
      </Typography.Paragraph>
      <Card size="small" style={{ maxWidth: 720 }}>
        <Form<V> form={form} layout="vertical" name="paper-rating-page" onFinish={submit}>
          <Form.Item
            name="code"
            label={t('dossiers.code')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input data-testid="paper-code" />
          </Form.Item>
          <RatingFields showIndex />
          <Button type="primary" htmlType="submit" loading={busy} data-testid="rating-submit">
            {t('common.save')}
          </Button>
          {last && (
            <span className="muted ml-s" data-testid="paper-last">
              {t('dossiers.rating.lastSaved', { code: last })}
            </span>
          )}
        </Form>
      </Card>
    </div>
  );
}
