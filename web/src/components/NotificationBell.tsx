/**
 * The bell in the header (every signed-in user): the unread count as a badge (polled every 60 s and
 * refetched when the window regains focus), a panel with the latest 10 notifications (unread in bold, the
 * day each is for and the time: "01/12/2026 · 5 phút trước"); a click marks one read and opens its link; "Đánh dấu tất cả đã đọc"; "Xem tất
 * cả" → /notifications. API: GET /api/notifications, /api/notifications/unread-count, POST …/:id/read,
 * …/read-all.
 */
import { useState } from 'react';
import { App, Badge, Button, Empty, Flex, List, Popover, Spin, Typography } from 'antd';
import { BellOutlined, SettingOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  listNotifications,
  markAllRead,
  markRead,
  NOTIF_KEY,
  UNREAD_KEY,
  useUnreadCount,
  type NotificationItem,
} from '../api/notifications.ts';
import { useErrorText } from '../lib/errors.ts';
import { fmtDateTime } from '../lib/dates.ts';
import { noticeWhen, vnDate } from '../pages/notifications/format.ts';
import '../pages/notifications/notifications.css';

/** Opens a notification's link: app paths in the router, anything else as a page load. */
export function useOpenLink() {
  const navigate = useNavigate();
  return (link: string | null) => {
    if (!link) return;
    if (link.startsWith('/')) void navigate(link);
    else window.location.assign(link);
  };
}

/** Marks one notification read (unless it is) and refreshes the bell and lists. */
export function useMarkRead() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const errText = useErrorText();
  return useMutation({
    mutationFn: (n: NotificationItem) => (n.readAt ? Promise.resolve(null) : markRead(n.id)),
    onSuccess: () => qc.invalidateQueries({ queryKey: NOTIF_KEY }),
    onError: (e) => void message.error(errText(e)),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  const errText = useErrorText();
  return useMutation({
    mutationFn: markAllRead,
    onSuccess: (r) => {
      void message.success(t('notif.markedAll', { count: r?.updated ?? 0 }));
      return qc.invalidateQueries({ queryKey: NOTIF_KEY });
    },
    onError: (e) => void message.error(errText(e)),
  });
}

export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const count = useUnreadCount();
  const unread = count.data?.unread ?? 0;
  const latest = useQuery({
    queryKey: [...NOTIF_KEY, 'latest'],
    queryFn: () => listNotifications({ limit: 10 }),
    enabled: open,
    staleTime: 0,
  });
  const qc = useQueryClient();
  const read = useMarkRead();
  const readAll = useMarkAllRead();
  const openLink = useOpenLink();

  const onItem = async (n: NotificationItem) => {
    setOpen(false);
    await read.mutateAsync(n).catch(() => {});
    openLink(n.link);
  };

  const items = latest.data?.items ?? [];
  const content = (
    <div className="notif-panel" data-testid="notif-panel">
      <Flex justify="space-between" align="center" className="notif-panel-head">
        <Typography.Text strong>{t('notif.latest')}</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={unread === 0 || readAll.isPending}
          onClick={() => readAll.mutate()}
          data-testid="notif-mark-all"
        >
          {t('notif.markAllRead')}
        </Button>
      </Flex>
      {latest.isPending ? (
        <Flex justify="center" className="notif-panel-empty">
          <Spin />
        </Flex>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.none')} />
      ) : (
        <List
          size="small"
          className="notif-list"
          dataSource={items}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              className={n.readAt ? 'notif-item' : 'notif-item notif-unread'}
              data-testid={`notif-item-${n.id}`}
              data-unread={n.readAt ? 'false' : 'true'}
              onClick={() => void onItem(n)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  void onItem(n);
                }
              }}
              role="button"
              tabIndex={0}
            >
              <div className="notif-item-text">
                <div className="notif-title">{n.title}</div>
                <div className="notif-body">{n.body}</div>
                <Typography.Text
                  type="secondary"
                  className="notif-time"
                  title={`${t('notif.forDate', { date: vnDate(n.createdAt) })} — ${fmtDateTime(n.createdAt)}`}
                  data-testid="notif-when"
                >
                  {noticeWhen(n.createdAt, i18n.language, t)}
                </Typography.Text>
              </div>
              {!n.readAt && <Badge status="processing" aria-label={t('notif.unread')} />}
            </List.Item>
          )}
        />
      )}
      <Flex justify="space-between" align="center" className="notif-panel-foot">
        <Link to="/settings/notifications" onClick={() => setOpen(false)}>
          <SettingOutlined aria-hidden /> {t('notif.settings')}
        </Link>
        <Link to="/notifications" onClick={() => setOpen(false)} data-testid="notif-view-all">
          {t('notif.viewAll')}
        </Link>
      </Flex>
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) void qc.invalidateQueries({ queryKey: UNREAD_KEY });
      }}
      content={content}
      arrow={false}
    >
      <Badge count={unread} overflowCount={99} size="small" offset={[-4, 4]}>
        <Button
          shape="circle"
          icon={<BellOutlined />}
          aria-label={unread ? t('notif.bellUnread', { count: unread }) : t('notif.bell')}
          aria-haspopup="dialog"
          aria-expanded={open}
          data-testid="notif-bell"
          data-count={count.isSuccess ? unread : ''}
        />
      </Badge>
    </Popover>
  );
}
