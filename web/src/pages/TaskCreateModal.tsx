/** "Giao nhiệm vụ": a new task from a directive document (an existing one or a new one by number). */
import { useState } from 'react';
import { App, Col, Form, Input, InputNumber, Modal, Radio, Row, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { AssignedBy, DocumentInput, TaskDetail } from '../api/types.ts';
import { ASSIGNED_BY } from '../api/types.ts';
import { todayIso } from '../lib/dates.ts';
import { useApiErrors } from '../lib/errors.ts';
import { AgencySelect, DocumentSelect, IsoDatePicker } from '../components/inputs.tsx';

interface Values {
  ref?: string;
  title: string;
  docMode: 'existing' | 'new';
  document: { id?: string; numberSymbol?: string; date?: string; summary?: string };
  clause?: string;
  assignedBy: AssignedBy;
  assignerCode?: string;
  leadAgency: string;
  cooperatingAgencies?: string[];
  assignedAt?: string;
  deadlineMode: 'date' | 'rule';
  deadline?: string;
  deadlineRule?: { workingDays?: number; from?: 'document_date' | 'assigned_date' };
  followUnit?: string;
}

const FIELDS = [
  'ref',
  'title',
  'document.id',
  'document.numberSymbol',
  'document.date',
  'document.summary',
  'clause',
  'assignedBy',
  'assignerCode',
  'leadAgency',
  'cooperatingAgencies',
  'assignedAt',
  'deadline',
  'deadlineRule.workingDays',
  'deadlineRule.from',
  'followUnit',
] as const;

export function TaskCreateModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { applyToForm } = useApiErrors();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const docMode = Form.useWatch('docMode', form) ?? 'existing';
  const assignedBy = Form.useWatch('assignedBy', form);
  const deadlineMode = Form.useWatch('deadlineMode', form) ?? 'date';
  const assignedAt = Form.useWatch('assignedAt', form) ?? todayIso();
  const req = [{ required: true, message: t('common.required') }];

  const submit = async (v: Values) => {
    const document: DocumentInput =
      v.docMode === 'existing'
        ? { id: v.document.id ?? '' }
        : {
            numberSymbol: (v.document.numberSymbol ?? '').trim(),
            date: v.document.date ?? '',
            summary: (v.document.summary ?? '').trim(),
          };
    setBusy(true);
    try {
      const created = await api.post<TaskDetail>('/api/tasks', {
        ref: v.ref?.trim() || null,
        title: v.title.trim(),
        document,
        clause: v.clause?.trim() || null,
        assignedBy: v.assignedBy,
        assignerCode: v.assignerCode ?? null,
        leadAgency: v.leadAgency,
        cooperatingAgencies: v.cooperatingAgencies ?? [],
        assignedAt: v.assignedAt ?? null,
        ...(v.deadlineMode === 'rule'
          ? {
              deadlineRule: {
                workingDays: Number(v.deadlineRule?.workingDays),
                from: v.deadlineRule?.from ?? 'assigned_date',
              },
            }
          : { deadline: v.deadline ?? null }),
        followUnit: v.followUnit ?? null,
      });
      void message.success(t('taskForm.created', { ref: created.ref ?? created.title.slice(0, 60) }));
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      void qc.invalidateQueries({ queryKey: ['reports'] });
      onCreated(created.id);
    } catch (e) {
      applyToForm(form, e, FIELDS);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('taskForm.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('taskForm.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      width={760}
      okButtonProps={{ 'data-testid': 'task-create-submit' } as Record<string, string>}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="task-create"
        onFinish={submit}
        initialValues={{
          docMode: 'existing',
          assignedBy: 'committee',
          assignedAt: todayIso(),
          document: {},
          deadlineMode: 'date',
          deadlineRule: { from: 'assigned_date' },
        }}
      >
        <Form.Item name="title" label={t('taskForm.taskTitle')} rules={req}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
        </Form.Item>
        <Form.Item name="docMode" label={t('taskForm.documentMode')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'existing', label: t('taskForm.existing') },
              { value: 'new', label: t('taskForm.newDoc') },
            ]}
          />
        </Form.Item>
        {docMode === 'existing' ? (
          <Form.Item name={['document', 'id']} label={t('tasks.document')} rules={req}>
            <DocumentSelect />
          </Form.Item>
        ) : (
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name={['document', 'numberSymbol']} label={t('taskForm.numberSymbol')} rules={req}>
                <Input placeholder={t('taskForm.numberSymbolPh')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['document', 'date']} label={t('taskForm.docDate')} rules={req}>
                <IsoDatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name={['document', 'summary']} label={t('taskForm.summary')} rules={req}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="clause" label={t('taskForm.clause')}>
              <Input placeholder={t('taskForm.clausePh')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="ref" label={t('taskForm.ref')} extra={t('taskForm.refHint')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="assignedBy" label={t('taskForm.assignedBy')} rules={req}>
              <Select options={ASSIGNED_BY.map((a) => ({ value: a, label: t(`assignedBy.${a}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="assignerCode" label={t('taskForm.assigner')}>
              <AgencySelect
                allowClear
                at={assignedAt}
                kinds={
                  assignedBy === 'vice_chairman'
                    ? ['vice_chairman']
                    : ['chairman', 'vice_chairman', 'committee']
                }
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="leadAgency" label={t('taskForm.lead')} rules={req}>
              <AgencySelect at={assignedAt} excludeKinds={['committee', 'chairman', 'vice_chairman']} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="followUnit" label={t('taskForm.followUnit')}>
              <AgencySelect allowClear at={assignedAt} kinds={['office_unit']} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="cooperatingAgencies" label={t('taskForm.cooperating')}>
              <AgencySelect
                multiple
                allowClear
                at={assignedAt}
                excludeKinds={['committee', 'chairman', 'vice_chairman']}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="assignedAt" label={t('taskForm.assignedAt')} rules={req}>
              <IsoDatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="deadlineMode" label={t('taskForm.deadlineMode')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'date', label: t('taskForm.deadlineDate') },
                  { value: 'rule', label: t('taskForm.deadlineRule') },
                ]}
              />
            </Form.Item>
          </Col>
          {deadlineMode === 'rule' ? (
            <>
              <Col span={12}>
                <Form.Item
                  name={['deadlineRule', 'workingDays']}
                  label={t('taskForm.workingDays')}
                  rules={[...req, { type: 'integer', min: 1, max: 365, transform: Number, message: '1–365' }]}
                >
                  <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['deadlineRule', 'from']} label={t('taskForm.ruleFrom')} rules={req}>
                  <Select
                    options={[
                      { value: 'assigned_date', label: t('taskForm.fromAssigned') },
                      { value: 'document_date', label: t('taskForm.fromDocument') },
                    ]}
                  />
                </Form.Item>
              </Col>
            </>
          ) : (
            <Col span={12}>
              <Form.Item name="deadline" label={t('taskForm.deadline')} extra={t('taskForm.deadlineHint')}>
                <IsoDatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Modal>
  );
}
