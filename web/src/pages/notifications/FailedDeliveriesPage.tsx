/**
 * Gửi không thành công (admin, Office leader, Office specialist): outbox messages that failed (attempts
 * exhausted or refused), filtered by state, channel and kind; a drawer with the text and the delivery
 * history; resend one (with an optional reason) or the selected ones (→ queued, attempts reset).
 * API: GET /api/outbox?state=&channel=&kind=&limit=&offset=, GET /api/outbox/:id, POST /api/outbox/:id/resend,
 * POST /api/outbox/resend { ids }.
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import type { ButtonProps, TableColumnsType } from 'antd';
import { RedoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  getOutbox,
  listOutbox,
  OUTBOX_KEY,
  resendMany,
  resendOne,
  type OutboxItem,
} from '../../api/notifications.ts';
import { useUser } from '../../auth.tsx';
import { fmtDateTime } from '../../lib/dates.ts';
import { useApiErrors, useErrorText } from '../../lib/errors.ts';
import { useUrlState } from '../../lib/urlState.ts';
import { kindLabel, KNOWN_KINDS } from './format.ts';
import { canSeeFailedDeliveries } from './nav.tsx';
import './notifications.css';

const STATES = ['failed', 'queued', 'sending', 'sent', 'delivered'] as const;
const CHANNELS = ['email', 'sms', 'zalo'] as const;
const PAGE_SIZE = 25;
const STATE_COLOR: Record<string, string> = {
  failed: 'red',
  queued: 'gold',
  sending: 'processing',
  sent: 'blue',
  delivered: 'green',
};

export default function FailedDeliveriesPage() {
  const user = useUser();
  const { t } = useTranslation();
  if (!canSeeFailedDeliveries(user.roles))
    return <Result status="403" title="403" subTitle={t('notif.failed.forbidden')} />;
  return <FailedDeliveries />;
}

function FailedDeliveries() {
  const { t } = useTranslation();
  const errText = useErrorText();
  const { get, set } = useUrlState();
  const state = get('state') ?? 'failed';
  const channel = get('channel');
  const kind = get('kind');
  const page = Math.max(1, Number(get('page') ?? 1) || 1);
  const [selected, setSelected] = useState<string[]>([]);
  const [detail, setDetail] = useState<string | null>(null);
  const [resending, setResending] = useState<OutboxItem | null>(null);
  const q = useQuery({
    queryKey: [...OUTBOX_KEY, state, channel ?? '', kind ?? '', page],
    queryFn: () => listOutbox({ state, channel, kind, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: (prev) => prev,
  });
  const many = useResend(() => setSelected([]));
  // the filter is an exact kind (GET /api/outbox?kind=): the known kinds by their labels
  const opt = (k: string) => ({ value: k, label: kindLabel(k, t) });
  const kindOptions = [
    { label: t('notif.kinds.groupReminders'), options: KNOWN_KINDS.reminders.map(opt) },
    { label: t('notif.kinds.groupCitizen'), options: KNOWN_KINDS.citizen.map(opt) },
    { label: t('notif.kinds.groupOther'), options: KNOWN_KINDS.other.map(opt) },
  ];

  const columns: TableColumnsType<OutboxItem> = [
    {
      key: 'channel',
      title: t('notif.failed.channel'),
      width: 110,
      render: (_, m) => t(`notif.channels.${m.channel}`, { defaultValue: m.channel }),
    },
    {
      key: 'recipient',
      title: t('notif.failed.recipient'),
      width: 240,
      // a long address is cut with "…" inside its fixed width; the whole of it in the tooltip
      render: (_, m) => (
        <Tooltip title={m.address} placement="topLeft">
          <div>
            <div className="cell-ellipsis" data-testid={`outbox-address-${m.id}`}>
              {m.address}
            </div>
            <div className="cell-ellipsis cell-sub">
              {t(`notif.failed.recipientTypes.${m.recipientType as 'user'}`, {
                defaultValue: m.recipientType,
              })}
            </div>
          </div>
        </Tooltip>
      ),
    },
    {
      key: 'kind',
      title: t('notif.failed.kind'),
      width: 300,
      render: (_, m) => (
        <Tooltip
          placement="topLeft"
          title={
            <>
              <div>{m.kind}</div>
              {m.subject && <div>{m.subject}</div>}
            </>
          }
        >
          <div>
            <div className="cell-ellipsis" data-testid={`outbox-kind-${m.id}`}>
              {kindLabel(m.kind, t)}
            </div>
            {m.subject && <div className="cell-ellipsis cell-sub">{m.subject}</div>}
          </div>
        </Tooltip>
      ),
    },
    {
      key: 'state',
      title: t('notif.failed.state'),
      width: 130,
      render: (_, m) => (
        <Space size={2} wrap>
          <Tag color={STATE_COLOR[m.state]}>
            {t(`notif.failed.states.${m.state as 'failed'}`, { defaultValue: m.state })}
          </Tag>
          {m.dead && <Tag>{t('notif.failed.dead')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'attempts',
      title: t('notif.failed.attempts'),
      width: 90,
      align: 'right',
      render: (_, m) => `${m.attempts}/${m.maxAttempts}`,
    },
    {
      key: 'lastError',
      title: t('notif.failed.lastError'),
      width: 260,
      ellipsis: { showTitle: false },
      render: (_, m) =>
        m.lastError ? (
          <Tooltip title={m.lastError} placement="topLeft">
            <span>{m.lastError}</span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      key: 'failedAt',
      title: t('notif.failed.failedAt'),
      width: 150,
      render: (_, m) => fmtDateTime(m.failedAt),
    },
    {
      key: 'actions',
      title: '',
      width: 190,
      render: (_, m) => (
        <Space>
          <Button size="small" onClick={() => setDetail(m.id)} data-testid={`outbox-detail-${m.id}`}>
            {t('notif.failed.detail')}
          </Button>
          {m.state === 'failed' && (
            <Button
              size="small"
              icon={<RedoOutlined />}
              onClick={() => setResending(m)}
              data-testid={`outbox-resend-${m.id}`}
            >
              {t('notif.failed.resend')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {t('notif.failed.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('notif.failed.subtitle')}</Typography.Paragraph>
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap="small" className="mb">
          <Space wrap>
            <Select
              style={{ width: 170 }}
              aria-label={t('notif.failed.state')}
              value={state}
              onChange={(v: string) => set({ state: v === 'failed' ? '' : v })}
              options={STATES.map((s) => ({ value: s, label: t(`notif.failed.states.${s}`) }))}
              data-testid="outbox-state"
            />
            <Select
              style={{ width: 170 }}
              allowClear
              aria-label={t('notif.failed.channel')}
              placeholder={t('notif.failed.allChannels')}
              value={channel}
              onChange={(v?: string) => set({ channel: v ?? '' })}
              options={CHANNELS.map((c) => ({ value: c, label: t(`notif.channels.${c}`) }))}
            />
            <Select
              style={{ width: 340 }}
              allowClear
              showSearch
              optionFilterProp="label"
              aria-label={t('notif.failed.kind')}
              placeholder={t('notif.failed.kindPlaceholder')}
              value={kind}
              onChange={(v?: string) => set({ kind: v ?? '' })}
              options={kindOptions}
              data-testid="outbox-kind"
            />
          </Space>
          <Space>
            {q.data && (
              <Typography.Text type="secondary" data-testid="outbox-total">
                {t('notif.failed.total', { count: q.data.total })}
              </Typography.Text>
            )}
            <Popconfirm
              title={t('notif.failed.resendSelected', { count: selected.length })}
              onConfirm={() => many.mutate({ ids: selected })}
              disabled={!selected.length}
            >
              <Button
                type="primary"
                icon={<RedoOutlined />}
                disabled={!selected.length}
                loading={many.isPending}
                data-testid="outbox-resend-selected"
              >
                {t('notif.failed.resendSelected', { count: selected.length })}
              </Button>
            </Popconfirm>
          </Space>
        </Flex>
        {q.isError ? (
          <Alert type="error" showIcon message={errText(q.error)} />
        ) : (
          <Table
            size="small"
            rowKey="id"
            loading={q.isFetching}
            dataSource={q.data?.items ?? []}
            columns={columns}
            data-testid="outbox-table"
            tableLayout="fixed"
            scroll={{ x: 1520 }}
            locale={{ emptyText: t('notif.failed.none') }}
            rowSelection={{
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys.map(String)),
              getCheckboxProps: (m) => ({ disabled: m.state !== 'failed' }),
            }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: q.data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: (p) => set({ page: p === 1 ? '' : p }, { keepPage: true }),
            }}
          />
        )}
      </Card>
      {detail && <DetailDrawer id={detail} onClose={() => setDetail(null)} onResend={setResending} />}
      {resending && <ResendModal message={resending} onClose={() => setResending(null)} />}
    </div>
  );
}

/** Resends one (with a reason) or several messages, then refreshes the table. */
function useResend(onDone: () => void) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  const { show } = useApiErrors();
  return useMutation({
    mutationFn: async (v: { ids: string[]; reason?: string }) => {
      if (v.ids.length === 1 && v.reason !== undefined) {
        await resendOne(v.ids[0]!, v.reason || undefined);
        return 1;
      }
      return (await resendMany(v.ids)).resent;
    },
    onSuccess: (n) => {
      void message.success(t('notif.failed.resent', { count: n }));
      void qc.invalidateQueries({ queryKey: OUTBOX_KEY });
      onDone();
    },
    onError: show,
  });
}

function ResendModal({ message: m, onClose }: { message: OutboxItem; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason?: string }>();
  const resend = useResend(onClose);
  return (
    <Modal
      open
      title={`${t('notif.failed.resend')}: ${m.address}`}
      okText={t('notif.failed.resend')}
      cancelText={t('notif.rules.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={resend.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'outbox-resend-ok' } as ButtonProps}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => resend.mutate({ ids: [m.id], reason: v.reason?.trim() ?? '' })}
      >
        <Form.Item name="reason" label={t('notif.failed.resendReason')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DetailDrawer(props: { id: string; onClose: () => void; onResend: (m: OutboxItem) => void }) {
  const { t } = useTranslation();
  const errText = useErrorText();
  const q = useQuery({ queryKey: [...OUTBOX_KEY, 'detail', props.id], queryFn: () => getOutbox(props.id) });
  const m = q.data;
  return (
    <Drawer
      open
      width={640}
      title={t('notif.failed.detailTitle')}
      onClose={props.onClose}
      data-testid="outbox-drawer"
      extra={
        m?.state === 'failed' && (
          <Button icon={<RedoOutlined />} onClick={() => props.onResend(m)}>
            {t('notif.failed.resend')}
          </Button>
        )
      }
    >
      {q.isError ? (
        <Alert type="error" showIcon message={errText(q.error)} />
      ) : !m ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('notif.failed.channel')}>
              {t(`notif.channels.${m.channel}`, { defaultValue: m.channel })}
            </Descriptions.Item>
            <Descriptions.Item label={t('notif.failed.recipient')}>
              <span className="cell-wrap">{m.address}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('notif.failed.kind')}>
              {kindLabel(m.kind, t)}{' '}
              <Typography.Text code title={t('notif.failed.kindCode')}>
                {m.kind}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('notif.failed.state')}>
              <Tag color={STATE_COLOR[m.state]}>
                {t(`notif.failed.states.${m.state as 'failed'}`, { defaultValue: m.state })}
              </Tag>
              {m.dead && <Tag>{t('notif.failed.dead')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('notif.failed.attempts')}>
              {m.attempts}/{m.maxAttempts}
            </Descriptions.Item>
            <Descriptions.Item label={t('notif.failed.lastError')}>{m.lastError ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('notif.failed.createdAt')}>
              {fmtDateTime(m.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('notif.failed.failedAt')}>
              {fmtDateTime(m.failedAt)}
            </Descriptions.Item>
            {m.nextAttemptAt && (
              <Descriptions.Item label={t('notif.failed.nextAttempt')}>
                {fmtDateTime(m.nextAttemptAt)}
              </Descriptions.Item>
            )}
            {m.ref && <Descriptions.Item label={t('notif.failed.ref')}>{m.ref}</Descriptions.Item>}
            {m.subject && (
              <Descriptions.Item label={t('notif.failed.subject')}>{m.subject}</Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5} className="mt">
            {t('notif.failed.body')}
          </Typography.Title>
          <pre className="outbox-body">{m.bodyText}</pre>
          <Typography.Title level={5} className="mt">
            {t('notif.failed.events')}
          </Typography.Title>
          <Timeline
            data-testid="outbox-events"
            items={(m.events ?? []).map((e, i) => ({
              key: e.id ?? String(i),
              color: e.toState === 'failed' ? 'red' : e.toState === 'delivered' ? 'green' : 'blue',
              children: (
                <div>
                  <Typography.Text strong>
                    {e.fromState
                      ? `${t(`notif.failed.states.${e.fromState as 'failed'}`, { defaultValue: e.fromState })} → `
                      : ''}
                    {t(`notif.failed.states.${e.toState as 'failed'}`, { defaultValue: e.toState })}
                  </Typography.Text>{' '}
                  <Typography.Text type="secondary">{fmtDateTime(e.at)}</Typography.Text>
                  {e.attempt != null && (
                    <Typography.Text type="secondary">
                      {' '}
                      · {t('notif.failed.attempts')}: {e.attempt}
                    </Typography.Text>
                  )}
                  {e.actorName && <div>{e.actorName}</div>}
                  {e.reason && <div className="outbox-event-reason">{e.reason}</div>}
                </div>
              ),
            }))}
          />
        </>
      )}
    </Drawer>
  );
}
