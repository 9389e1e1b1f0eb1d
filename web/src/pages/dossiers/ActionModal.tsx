/**
 * The small form of one dossier action (POST /api/dossiers/{code}/actions). Each action asks only for
 * what rules.ts says it requires: missing items (supplement), reasons (refusal), a new date and a note
 * (apology), a postal item code (return by post), a receipt number (fee), an amount (payment), a step.
 */
import { useState } from 'react';
import { Button, Flex, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useApiErrors } from '../../lib/errors.ts';
import { todayIso } from '../../lib/dates.ts';
import { AgencySelect, IsoDatePicker } from '../../components/inputs.tsx';
import { actionLabel, type DossierDetail } from './api.ts';

interface V {
  note?: string;
  missing?: string[];
  reasons?: string;
  agencyCode?: string;
  kind?: string;
  name?: string;
  workingDays?: number;
  amount?: number;
  newDate?: string;
  method?: string;
  itemCode?: string;
  deliveredOn?: string;
  receiptNumber?: string;
}

const lines = (s: string | undefined) =>
  (s ?? '')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

/** The request body of an action from the modal's values. */
function bodyOf(action: string, v: V): Record<string, unknown> {
  const note = v.note?.trim() ? { note: v.note.trim() } : {};
  switch (action) {
    case 'request_supplement':
      return { missing: (v.missing ?? []).map((m) => m.trim()).filter(Boolean), ...note };
    case 'refuse':
      return { reasons: lines(v.reasons), ...note };
    case 'transfer':
      return { ...(v.agencyCode ? { agencyCode: v.agencyCode } : {}), ...note };
    case 'start_step':
      return {
        kind: v.kind,
        name: v.name?.trim(),
        ...(v.agencyCode ? { agencyCode: v.agencyCode } : {}),
        ...(v.workingDays ? { value: v.workingDays, unit: 'working_days' } : {}),
        ...note,
      };
    case 'request_payment':
      return { amount: v.amount, ...note };
    case 'apologize':
      return { newDate: v.newDate, ...note };
    case 'return':
      return {
        method: v.method,
        ...(v.method === 'post' ? { postal: { itemCode: v.itemCode?.trim() } } : {}),
        ...note,
      };
    case 'postal_delivered':
      return { deliveredOn: v.deliveredOn, ...note };
    case 'collect_fee':
      return {
        ...(v.amount !== undefined && v.amount !== null ? { amount: v.amount } : {}),
        ...(v.receiptNumber?.trim() ? { receiptNumber: v.receiptNumber.trim() } : {}),
        ...note,
      };
    default:
      return note;
  }
}

const FIELDS = [
  'note',
  'missing',
  'reasons',
  'agencyCode',
  'kind',
  'name',
  'workingDays',
  'amount',
  'newDate',
  'method',
  'itemCode',
  'deliveredOn',
  'receiptNumber',
];
const ALIASES: Record<string, string> = {
  'postal.itemCode': 'itemCode',
  postal: 'itemCode',
  value: 'workingDays',
  dueAt: 'workingDays',
};

export function ActionModal({
  dossier,
  action,
  onClose,
  onDone,
}: {
  dossier: DossierDetail;
  action: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const [form] = Form.useForm<V>();
  const { applyToForm } = useApiErrors();
  const [busy, setBusy] = useState(false);
  const method = Form.useWatch('method', form);
  const label = actionLabel(action, en);
  const req = [{ required: true, message: t('common.required') }];
  const noteRequired = ['apologize', 'withdraw', 'stop'].includes(action);

  const submit = async (v: V) => {
    setBusy(true);
    try {
      await api.post(`/api/dossiers/${encodeURIComponent(dossier.code)}/actions`, {
        action,
        ...(dossier.version !== undefined ? { expectedVersion: dossier.version } : {}),
        ...bodyOf(action, v),
      });
      onDone();
    } catch (e) {
      applyToForm(form, e, FIELDS, ALIASES);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={label} onCancel={onClose} footer={null} destroyOnHidden width={520}>
      <Form<V>
        form={form}
        layout="vertical"
        name={`dossier-action-${action}`}
        onFinish={submit}
        initialValues={{
          method: dossier.returnMethod ?? 'counter',
          deliveredOn: todayIso(),
          kind: 'internal',
          amount: dossier.fee?.amount ?? undefined,
        }}
      >
        {action === 'request_supplement' && (
          <Form.Item name="missing" label={t('dossiers.act.missing')} rules={req}>
            <Select
              mode="tags"
              open={false}
              tokenSeparators={[';']}
              placeholder={t('dossiers.act.missingPh')}
              data-testid="action-missing"
            />
          </Form.Item>
        )}
        {action === 'refuse' && (
          <Form.Item
            name="reasons"
            label={t('dossiers.act.reasons')}
            rules={req}
            extra={t('dossiers.act.onePerLine')}
          >
            <Input.TextArea autoSize={{ minRows: 3 }} data-testid="action-reasons" />
          </Form.Item>
        )}
        {action === 'transfer' && (
          <Form.Item
            name="agencyCode"
            label={t('dossiers.act.agency')}
            extra={t('dossiers.act.agencyDefault')}
          >
            <AgencySelect allowClear aria-label={t('dossiers.act.agency')} />
          </Form.Item>
        )}
        {action === 'start_step' && (
          <>
            <Form.Item name="kind" label={t('dossiers.act.stepKind')} rules={req}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'internal', label: t('dossiers.stepKinds.internal') },
                  { value: 'inter_agency', label: t('dossiers.stepKinds.inter_agency') },
                ]}
              />
            </Form.Item>
            <Form.Item name="name" label={t('dossiers.act.stepName')} rules={req}>
              <Input maxLength={300} data-testid="action-step-name" />
            </Form.Item>
            <Form.Item name="agencyCode" label={t('dossiers.act.agency')}>
              <AgencySelect allowClear aria-label={t('dossiers.act.agency')} />
            </Form.Item>
            <Form.Item name="workingDays" label={t('dossiers.act.workingDays')}>
              <InputNumber min={1} max={365} />
            </Form.Item>
          </>
        )}
        {action === 'request_payment' && (
          <Form.Item name="amount" label={t('dossiers.act.amount')} rules={req}>
            <InputNumber
              min={0}
              step={1000}
              style={{ width: 200 }}
              addonAfter="đ"
              data-testid="action-amount"
            />
          </Form.Item>
        )}
        {action === 'apologize' && (
          <Form.Item name="newDate" label={t('dossiers.act.newDate')} rules={req}>
            <IsoDatePicker style={{ width: 200 }} data-testid="action-new-date" />
          </Form.Item>
        )}
        {action === 'return' && (
          <>
            <Form.Item name="method" label={t('dossiers.returnMethod')} rules={req}>
              <Radio.Group
                data-testid="action-method"
                options={(['counter', 'post', 'online'] as const).map((m) => ({
                  value: m,
                  label: t(`dossiers.returnMethods.${m}`),
                }))}
              />
            </Form.Item>
            {method === 'post' && (
              <Form.Item name="itemCode" label={t('dossiers.act.itemCode')} rules={req}>
                <Input maxLength={40} placeholder="VD: EL123456789VN" data-testid="action-item-code" />
              </Form.Item>
            )}
          </>
        )}
        {action === 'postal_delivered' && (
          <Form.Item name="deliveredOn" label={t('dossiers.act.deliveredOn')} rules={req}>
            <IsoDatePicker style={{ width: 200 }} />
          </Form.Item>
        )}
        {action === 'collect_fee' && (
          <Form.Item name="amount" label={t('dossiers.act.amount')}>
            <InputNumber min={0} step={1000} style={{ width: 200 }} addonAfter="đ" />
          </Form.Item>
        )}
        {action === 'collect_fee' && (
          <Form.Item name="receiptNumber" label={t('dossiers.act.receiptNumber')}>
            <Input maxLength={40} data-testid="action-receipt" />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={
            noteRequired ? t('dossiers.act.note') : `${t('dossiers.act.note')} (${t('common.optional')})`
          }
          rules={noteRequired ? [{ required: true, whitespace: true, message: t('common.required') }] : []}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} data-testid="action-note" />
        </Form.Item>
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="action-submit">
            {label}
          </Button>
        </Flex>
      </Form>
    </Modal>
  );
}
