/**
 * Sidebar entries of the notification pages: the list for every signed-in user; the reminder rules for the
 * Office and administrators (read-only for the Office); failed deliveries for administrators, Office leaders
 * and specialists (the API checks the same roles).
 */
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import { BellOutlined, ScheduleOutlined, WarningOutlined } from '@ant-design/icons';
import type { Role } from '../../api/types.ts';

const OFFICE: readonly Role[] = ['admin', 'office_leader', 'office_specialist'];

/** Who may see the reminder rules (admins edit them). */
export const canSeeReminderRules = (roles: readonly Role[]) => roles.some((r) => OFFICE.includes(r));
/** Who may see and resend failed deliveries. */
export const canSeeFailedDeliveries = (roles: readonly Role[]) => roles.some((r) => OFFICE.includes(r));

/** The menu key of a notification page (null for other pages), so the sidebar highlights it. */
export function notificationSection(pathname: string): string | null {
  if (pathname.startsWith('/admin/reminder-rules')) return 'reminder-rules';
  if (pathname.startsWith('/notifications/failed')) return 'notifications-failed';
  if (pathname.startsWith('/settings/notifications')) return 'notifications';
  return null;
}

/** Menu items; keys as `notificationSection` gives them (else the first path segment). */
export function notificationsMenu(roles: readonly Role[], t: TFunction) {
  return [
    {
      key: 'notifications',
      icon: <BellOutlined />,
      label: <Link to="/notifications">{t('notif.nav')}</Link>,
    },
    ...(canSeeReminderRules(roles)
      ? [
          {
            key: 'reminder-rules',
            icon: <ScheduleOutlined />,
            label: <Link to="/admin/reminder-rules">{t('notif.navRules')}</Link>,
          },
        ]
      : []),
    ...(canSeeFailedDeliveries(roles)
      ? [
          {
            key: 'notifications-failed',
            icon: <WarningOutlined />,
            label: <Link to="/notifications/failed">{t('notif.navFailed')}</Link>,
          },
        ]
      : []),
  ];
}
