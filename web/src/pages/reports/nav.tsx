/** The periodic report's sidebar entry: visible to the Office (leader, specialist) and administrators. */
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import { FileDoneOutlined } from '@ant-design/icons';
import type { Role } from '../../api/types.ts';

/** Who may open the periodic report (the API checks the same roles). */
export const canSeePeriodicReport = (roles: readonly Role[]) =>
  roles.some((r) => r === 'admin' || r === 'office_leader' || r === 'office_specialist');

/** Menu items; the key is the first path segment (`/reports/periodic` → `reports`). */
export function reportsMenu(roles: readonly Role[], t: TFunction) {
  if (!canSeePeriodicReport(roles)) return [];
  return [
    {
      key: 'reports',
      icon: <FileDoneOutlined />,
      label: <Link to="/reports/periodic">{t('periodic.nav')}</Link>,
    },
  ];
}
