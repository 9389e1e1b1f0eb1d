/**
 * Thông báo: the signed-in user's notifications, newest first (each with the day it is for and the
 * relative time, "01/12/2026 · 5 phút trước"), all or only unread, more by cursor
 * (`GET /api/notifications?unread=&limit=&before=`); a click marks one read and opens its link; mark all read.
 */
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  List,
  Segmented,
  Skeleton,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { CheckOutlined, SettingOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { listNotifications, NOTIF_KEY, type NotificationItem } from '../../api/notifications.ts';
import { useMarkAllRead, useMarkRead, useOpenLink } from '../../components/NotificationBell.tsx';
import { fmtDateTime } from '../../lib/dates.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useUrlState } from '../../lib/urlState.ts';
import { noticeWhen, vnDate } from './format.ts';
import './notifications.css';

const PAGE = 20;

export default function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const errText = useErrorText();
  const [filter, setFilter] = useUrlStateFilter();
  const unreadOnly = filter === 'unread';
  const q = useInfiniteQuery({
    queryKey: [...NOTIF_KEY, 'page', unreadOnly],
    queryFn: ({ pageParam }) =>
      listNotifications({ unread: unreadOnly ? true : undefined, limit: PAGE, before: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const read = useMarkRead();
  const readAll = useMarkAllRead();
  const openLink = useOpenLink();
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = q.data?.pages[0]?.unreadCount ?? 0;

  const onOpen = async (n: NotificationItem) => {
    await read.mutateAsync(n).catch(() => {});
    openLink(n.link);
  };

  return (
    <div className="page">
      <Flex justify="space-between" align="baseline" wrap gap="small">
        <div>
          <Typography.Title level={2} className="page-title">
            {t('notif.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('notif.subtitle')}</Typography.Paragraph>
        </div>
        <Link to="/settings/notifications">
          <SettingOutlined aria-hidden /> {t('notif.settings')}
        </Link>
      </Flex>
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap="small" className="mb">
          <Space>
            <Segmented<'all' | 'unread'>
              value={filter}
              onChange={(v) => setFilter(v)}
              options={[
                { value: 'all', label: t('notif.filterAll') },
                { value: 'unread', label: t('notif.filterUnread') },
              ]}
              data-testid="notif-filter"
            />
            <Typography.Text type="secondary" data-testid="notif-unread-count">
              {t('notif.unreadCount', { count: unread })}
            </Typography.Text>
          </Space>
          <Button
            icon={<CheckOutlined />}
            disabled={unread === 0 || readAll.isPending}
            onClick={() => readAll.mutate()}
          >
            {t('notif.markAllRead')}
          </Button>
        </Flex>
        {q.isError ? (
          <Alert type="error" showIcon message={errText(q.error)} />
        ) : q.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : items.length === 0 ? (
          <Empty description={unreadOnly ? t('notif.noneUnread') : t('notif.none')} />
        ) : (
          <List
            dataSource={items}
            data-testid="notif-page-list"
            renderItem={(n) => (
              <List.Item
                key={n.id}
                className={n.readAt ? 'notif-page-item' : 'notif-page-item notif-unread'}
                data-testid={`notif-row-${n.id}`}
                actions={[
                  ...(n.link
                    ? [
                        <Button key="open" type="link" size="small" onClick={() => void onOpen(n)}>
                          {t('notif.open')}
                        </Button>,
                      ]
                    : []),
                  ...(!n.readAt
                    ? [
                        <Button key="read" size="small" onClick={() => read.mutate(n)}>
                          {t('notif.markRead')}
                        </Button>,
                      ]
                    : []),
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap size={4}>
                      {n.itemType && <Tag>{t(`notif.itemTypes.${n.itemType}`)}</Tag>}
                      <span className="notif-title">{n.title}</span>
                      {!n.readAt && <Tag color="red">{t('notif.unread')}</Tag>}
                    </Space>
                  }
                  description={
                    <>
                      <div className="notif-page-body">{n.body}</div>
                      <Tooltip
                        title={`${t('notif.forDate', { date: vnDate(n.createdAt) })} — ${fmtDateTime(n.createdAt)}`}
                      >
                        <Typography.Text type="secondary" className="notif-time" data-testid="notif-when">
                          {noticeWhen(n.createdAt, i18n.language, t)}
                        </Typography.Text>
                      </Tooltip>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
        {q.hasNextPage && (
          <Flex justify="center" className="mt">
            <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
              {t('notif.loadMore')}
            </Button>
          </Flex>
        )}
      </Card>
    </div>
  );
}

/** The all / unread filter kept in the address (`?unread=1`). */
function useUrlStateFilter(): ['all' | 'unread', (v: 'all' | 'unread') => void] {
  const { get, set } = useUrlState();
  return [
    get('unread') === '1' ? 'unread' : 'all',
    (v) => set({ unread: v === 'unread' ? '1' : '' }, { replace: true }),
  ];
}
