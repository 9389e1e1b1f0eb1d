/** One task: its facts, its history as a timeline, and the actions the viewer may take. */
import { useState } from 'react';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Result,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.ts';
import type {
  AgencyRef,
  AllowedAction,
  DocRef,
  DocumentInput,
  HistoryEvent,
  TaskDetail,
} from '../api/types.ts';
import { fmtDate, fmtDateTime, todayIso } from '../lib/dates.ts';
import { useApiErrors, useErrorText } from '../lib/errors.ts';
import { DocumentSelect, IsoDatePicker } from '../components/inputs.tsx';
import { useAgencyMap } from '../api/hooks.ts';
import { StatusTag, TimelinessTag } from '../components/tags.tsx';

const EVENT_COLORS: Record<string, string> = {
  assigned: 'blue',
  received: 'cyan',
  reported_done: 'purple',
  returned: 'orange',
  confirmed_done: 'green',
  extension_requested: 'gold',
  extension_approved: 'lime',
  extension_refused: 'red',
  stopped: 'gray',
  transferred: 'geekblue',
};

function AgencyLink({ a }: { a: AgencyRef }) {
  return <Link to={`/agencies/${encodeURIComponent(a.code)}`}>{a.name}</Link>;
}

function DocLink({ d }: { d: DocRef }) {
  return (
    <span>
      <Link to={`/documents/${d.id}`}>{d.numberSymbol}</Link>
      {d.date && <span className="muted"> — {fmtDate(d.date)}</span>}
    </span>
  );
}

function EventItem({ e }: { e: HistoryEvent }) {
  const { t } = useTranslation();
  const agencies = useAgencyMap();
  const data = e.data ?? {};
  const deadline = typeof data.deadline === 'string' ? data.deadline : null;
  const toAgency = e.type === 'transferred' && typeof data.to === 'string' ? data.to : null;
  return (
    <div className="event" data-testid={`event-${e.type}`}>
      <div>
        <strong>{t(`events.${e.type}`, { defaultValue: e.type })}</strong>
        <span className="muted"> · {fmtDate(e.occurredOn)}</span>
        {e.actor && <span className="muted"> · {t('task.by', { actor: e.actor })}</span>}
      </div>
      {e.note && <div className="event-note">{e.note}</div>}
      {e.document && (
        <div>
          <DocLink d={e.document} />
          <div className="muted small">{e.document.summary}</div>
        </div>
      )}
      {deadline && (
        <div className={e.type === 'assigned' ? 'muted small' : undefined}>
          {t(
            e.type === 'extension_requested'
              ? 'task.requestedDeadline'
              : e.type === 'assigned'
                ? 'task.deadlineIs'
                : 'task.newDeadline',
            { date: fmtDate(deadline) },
          )}
        </div>
      )}
      {toAgency && (
        <div>
          {t('task.transferredTo')}
          <Link to={`/agencies/${encodeURIComponent(toAgency)}`}>
            {agencies.get(toAgency)?.name ?? toAgency}
          </Link>
        </div>
      )}
      <div className="muted tiny">{t('task.recordedAt', { when: fmtDateTime(e.recordedAt) })}</div>
    </div>
  );
}

interface ActionValues {
  note?: string;
  deadline?: string;
  docMode: 'new' | 'existing';
  document: { id?: string; numberSymbol?: string; date?: string; summary?: string };
}

function ActionModal({
  task,
  action,
  onClose,
  onDone,
}: {
  task: TaskDetail;
  action: AllowedAction;
  onClose: () => void;
  onDone: (t: TaskDetail) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<ActionValues>();
  const { applyToForm } = useApiErrors();
  const [busy, setBusy] = useState(false);
  const en = i18n.language.startsWith('en');
  const needs = (r: string) => action.requires.includes(r as AllowedAction['requires'][number]);
  const docMode = Form.useWatch('docMode', form) ?? 'new';
  const req = [{ required: true, message: t('common.required') }];
  const label = en ? action.label.en : action.label.vi;

  const submit = async (v: ActionValues) => {
    let document: DocumentInput | undefined;
    if (needs('document')) {
      document =
        v.docMode === 'existing'
          ? { id: v.document.id ?? '' }
          : {
              numberSymbol: (v.document.numberSymbol ?? '').trim(),
              date: v.document.date ?? '',
              summary: (v.document.summary ?? '').trim(),
            };
    }
    setBusy(true);
    try {
      const r = await api.post<TaskDetail>(`/api/tasks/${task.id}/actions`, {
        action: action.action,
        ...(needs('note') ? { note: v.note?.trim() } : v.note?.trim() ? { note: v.note.trim() } : {}),
        ...(needs('deadline') ? { deadline: v.deadline } : {}),
        ...(document ? { document } : {}),
      });
      onDone(r);
    } catch (e) {
      applyToForm(form, e, [
        'note',
        'deadline',
        'document.id',
        'document.numberSymbol',
        'document.date',
        'document.summary',
      ]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={label}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={needs('document') ? 640 : 480}
    >
      <Form<ActionValues>
        form={form}
        layout="vertical"
        name={`action-${action.action}`}
        onFinish={submit}
        initialValues={{
          docMode: 'new',
          document: { date: todayIso() },
          deadline: action.action === 'approve_extension' ? (task.pendingExtension ?? undefined) : undefined,
        }}
      >
        {action.requires.length === 0 && <p>{t('action.confirmText')}</p>}
        {needs('deadline') && (
          <Form.Item name="deadline" label={t('action.deadline')} rules={req}>
            <IsoDatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        {needs('document') && (
          <>
            <Form.Item name="docMode" label={t('action.document')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'new', label: t('taskForm.newDoc') },
                  { value: 'existing', label: t('taskForm.existing') },
                ]}
              />
            </Form.Item>
            {docMode === 'existing' ? (
              <Form.Item name={['document', 'id']} label={t('tasks.document')} rules={req}>
                <DocumentSelect />
              </Form.Item>
            ) : (
              <Row gutter={12}>
                <Col span={14}>
                  <Form.Item
                    name={['document', 'numberSymbol']}
                    label={t('taskForm.numberSymbol')}
                    rules={req}
                  >
                    <Input placeholder="VD: 123/BC-SNNPTNT" data-testid="doc-number" />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item name={['document', 'date']} label={t('taskForm.docDate')} rules={req}>
                    <IsoDatePicker style={{ width: '100%' }} data-testid="doc-date" />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name={['document', 'summary']} label={t('taskForm.summary')} rules={req}>
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} data-testid="doc-summary" />
                  </Form.Item>
                </Col>
              </Row>
            )}
          </>
        )}
        {needs('note') && (
          <Form.Item name="note" label={t('action.note')} rules={req}>
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              placeholder={t('action.notePh')}
              maxLength={4000}
              data-testid="action-note"
            />
          </Form.Item>
        )}
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

export default function TaskDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [acting, setActing] = useState<AllowedAction | null>(null);
  const en = i18n.language.startsWith('en');
  const q = useQuery({
    queryKey: ['task', id],
    queryFn: () => api.get<TaskDetail>(`/api/tasks/${id}`),
  });

  if (q.error) {
    const notFound = q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 400);
    return (
      <Result
        status={notFound ? '404' : 'warning'}
        title={notFound ? '404' : t('common.loadError')}
        subTitle={errorText(q.error)}
        extra={<Link to="/tasks">{t('task.back')}</Link>}
      />
    );
  }
  const task = q.data;
  if (!task) return <Skeleton active paragraph={{ rows: 10 }} className="page" />;

  const extended = task.initialDeadline !== task.deadline;
  const moved = task.initialLeadAgency.code !== task.leadAgency.code;

  return (
    <div className="page">
      <Breadcrumb
        items={[
          { title: <Link to="/tasks">{t('task.back')}</Link> },
          { title: task.ref ?? (task.title.length > 48 ? `${task.title.slice(0, 48)}…` : task.title) },
        ]}
      />
      <Flex justify="space-between" align="flex-start" gap={16} wrap className="mt-s">
        <div className="detail-head">
          <Typography.Text type="secondary" className="ref">
            {task.ref}
          </Typography.Text>
          <Typography.Title level={2} className="page-title">
            {task.title}
          </Typography.Title>
          <Space size={4} wrap>
            <StatusTag status={task.status} testId="task-status" />
            <TimelinessTag value={task.timeliness} testId="task-timeliness" />
            {task.extensionRequested && (
              <Tag color="gold">
                {t('task.pendingExtensionText', { date: fmtDate(task.pendingExtension) })}
              </Tag>
            )}
          </Space>
        </div>
      </Flex>

      <Row gutter={[16, 16]} className="mt">
        <Col xs={24} xl={15}>
          <Card title={t('task.facts')} size="small">
            <Descriptions
              column={{ xs: 1, sm: 1, md: 1, lg: 1, xl: 1, xxl: 2 }}
              size="small"
              bordered
              styles={{ label: { width: 170 } }}
              items={[
                {
                  key: 'document',
                  label: t('task.document'),
                  span: 'filled',
                  children: task.document ? (
                    <div>
                      <DocLink d={task.document} />
                      <div className="muted small">{task.document.summary}</div>
                    </div>
                  ) : (
                    '—'
                  ),
                },
                {
                  key: 'clause',
                  label: t('task.clause'),
                  span: task.sourceClause ? 'filled' : undefined,
                  children: task.sourceClause ? (
                    <div data-testid="task-source-clause">
                      <div>{task.clause ?? task.sourceClause.label}</div>
                      <blockquote
                        className="muted small"
                        style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}
                      >
                        {task.sourceClause.text}
                      </blockquote>
                    </div>
                  ) : (
                    (task.clause ?? '—')
                  ),
                },
                {
                  key: 'assignedBy',
                  label: t('task.assignedBy'),
                  children: (
                    <span>
                      {t(`assignedBy.${task.assignedBy}`)}
                      {task.assigner && <span className="muted"> — {task.assigner.name}</span>}
                    </span>
                  ),
                },
                {
                  key: 'lead',
                  label: t('task.lead'),
                  children: (
                    <span data-testid="task-lead">
                      <AgencyLink a={task.leadAgency} />
                      {moved && (
                        <div className="muted small">
                          {t('task.initialLead', { name: task.initialLeadAgency.name })}
                        </div>
                      )}
                    </span>
                  ),
                },
                {
                  key: 'cooperating',
                  label: t('task.cooperating'),
                  children: task.cooperatingAgencies.length ? (
                    <Space size={[4, 4]} wrap>
                      {task.cooperatingAgencies.map((a) => (
                        <Tag key={a.code}>
                          <AgencyLink a={a} />
                        </Tag>
                      ))}
                    </Space>
                  ) : (
                    '—'
                  ),
                },
                {
                  key: 'follow',
                  label: t('task.followUnit'),
                  children: (
                    <span>
                      {task.followUnit ? <AgencyLink a={task.followUnit} /> : '—'}
                      {task.follower && (
                        <div className="muted small">
                          {t('task.follower')}: {task.follower.displayName}
                        </div>
                      )}
                    </span>
                  ),
                },
                { key: 'assigned', label: t('task.assignedDate'), children: fmtDate(task.assignedDate) },
                {
                  key: 'deadline',
                  label: t('task.deadline'),
                  children: (
                    <span data-testid="task-deadline">
                      {task.deadline ? fmtDate(task.deadline) : t('tasks.noDeadline')}
                      {task.deadlineRule?.workingDays && (
                        <div className="muted small">
                          {t('task.rule', {
                            days: task.deadlineRule.workingDays,
                            from:
                              task.deadlineRule.from === 'document_date'
                                ? t('taskForm.fromDocument')
                                : t('taskForm.fromAssigned'),
                            start: fmtDate(task.deadlineRule.start ?? null),
                          })}
                        </div>
                      )}
                      {extended && (
                        <div className="muted small">
                          {t('task.initialDeadline', {
                            date: fmtDate(task.initialDeadline, t('tasks.noDeadline')),
                          })}
                        </div>
                      )}
                    </span>
                  ),
                },
                ...(task.extensionRequested
                  ? [
                      {
                        key: 'ext',
                        label: t('task.pendingExtension'),
                        children: t('task.pendingExtensionText', { date: fmtDate(task.pendingExtension) }),
                      },
                    ]
                  : []),
                // the report date matters while the report stands (awaiting closure, completed);
                // a completion date only once the Office confirmed it
                ...(task.reportDate && (task.status === 'awaiting_closure' || task.status === 'completed')
                  ? [{ key: 'report', label: t('task.reportDate'), children: fmtDate(task.reportDate) }]
                  : []),
                ...(task.finishDate && task.status === 'completed'
                  ? [{ key: 'finish', label: t('task.finishDate'), children: fmtDate(task.finishDate) }]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('task.actions')} size="small" data-testid="task-actions">
            {task.allowedActions.length ? (
              <Space wrap>
                {task.allowedActions.map((a, i) => (
                  <Button
                    key={a.action}
                    type={i === 0 ? 'primary' : 'default'}
                    danger={a.action === 'stop' || a.action === 'refuse_extension'}
                    onClick={() => setActing(a)}
                    data-testid={`action-${a.action}`}
                  >
                    {en ? a.label.en : a.label.vi}
                  </Button>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('task.noActions')}</Typography.Text>
            )}
          </Card>
          <Card title={t('task.history')} size="small" className="mt">
            {task.history.length ? (
              <Timeline
                className="history"
                items={task.history.map((e) => ({
                  key: e.seq,
                  color: EVENT_COLORS[e.type] ?? 'gray',
                  content: <EventItem e={e} />,
                }))}
              />
            ) : (
              <Empty />
            )}
          </Card>
        </Col>
      </Row>
      {q.isFetching && <Alert className="sr-only" title={t('app.loading')} />}
      {acting && (
        <ActionModal
          task={task}
          action={acting}
          onClose={() => setActing(null)}
          onDone={(r) => {
            setActing(null);
            qc.setQueryData(['task', id], r);
            void qc.invalidateQueries({ queryKey: ['tasks'] });
            void qc.invalidateQueries({ queryKey: ['reports'] });
            void message.success(t('task.done', { action: en ? acting.label.en : acting.label.vi }));
          }}
        />
      )}
    </div>
  );
}
