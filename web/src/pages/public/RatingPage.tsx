/**
 * Đánh giá mức độ hài lòng (web, no login): the dossier code with the last 4 digits of the phone or ID,
 * the vote and the per-dossier indices (TT 01/2018 Art 13–15). The rater's identity is not stored with
 * the rating. POST /api/public/dossiers/{code}/ratings { check, vote, indices? }
 */
import { useState } from 'react';
import { Button, Card, Form, Input, Result, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useCitizenErrors } from './citizen.ts';
import type { Indices, Vote } from '../dossiers/api.ts';
import { cleanIndices, RatingFields } from '../dossiers/RatingFields.tsx';
import { PublicLayout } from './PublicLayout.tsx';

interface V {
  code: string;
  check: string;
  vote: Vote;
  indices?: Indices;
}

export default function RatingPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [form] = Form.useForm<V>();
  const { applyToForm } = useCitizenErrors({
    code: t('public.code'),
    check: t('public.check'),
    vote: t('dossiers.rating.vote'),
  });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (v: V) => {
    setBusy(true);
    try {
      const indices = cleanIndices(v.indices);
      await api.post(`/api/public/dossiers/${encodeURIComponent(v.code.trim().toUpperCase())}/ratings`, {
        check: v.check.trim(),
        vote: v.vote,
        ...(indices ? { indices } : {}),
      });
      setDone(true);
    } catch (e) {
      applyToForm(form, e, ['code', 'check', 'vote']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout>
      <Typography.Title level={2} className="page-title">
        {t('public.rateTitle')}
      </Typography.Title>
      {done ? (
        <Result
          status="success"
          title={t('public.rateThanks')}
          data-testid="rate-done"
          extra={
            <Button
              onClick={() => {
                form.resetFields();
                setDone(false);
              }}
            >
              {t('public.rateAnother')}
            </Button>
          }
        />
      ) : (
        <Card size="small">
          <Form<V>
            form={form}
            layout="vertical"
            name="web-rating"
            onFinish={submit}
            initialValues={{ code: params.get('code') ?? '' }}
          >
            <Form.Item
              name="code"
              label={t('public.code')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input size="large" data-testid="rate-code" />
            </Form.Item>
            <Form.Item
              name="check"
              label={t('public.check')}
              extra={t('public.rateCheckHint')}
              rules={[
                { required: true, message: t('common.required') },
                { pattern: /^\d{4}$/, message: t('public.checkFormat') },
              ]}
            >
              <Input maxLength={4} inputMode="numeric" style={{ maxWidth: 160 }} data-testid="rate-check" />
            </Form.Item>
            <RatingFields />
            <Button
              type="primary"
              size="large"
              htmlType="submit"
              loading={busy}
              block
              data-testid="rate-submit"
            >
              {t('public.rateSubmit')}
            </Button>
          </Form>
        </Card>
      )}
    </PublicLayout>
  );
}
