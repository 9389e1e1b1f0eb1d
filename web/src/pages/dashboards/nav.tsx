/** The dashboards' sidebar entry: the Office, administrators and agency roles (the API checks the same roles). */
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import { LineChartOutlined } from '@ant-design/icons';
import type { Role } from '../../api/types.ts';

/** Who may open the dashboards. */
export const canSeeDashboards = (roles: readonly Role[]) =>
  roles.some((r) =>
    ['admin', 'office_leader', 'office_specialist', 'agency_leader', 'agency_staff'].includes(r),
  );

/** Menu items; the key is the first path segment. */
export function dashboardsMenu(roles: readonly Role[], t: TFunction) {
  if (!canSeeDashboards(roles)) return [];
  return [
    {
      key: 'dashboards',
      icon: <LineChartOutlined />,
      label: <Link to="/dashboards">{t('dashboards.nav')}</Link>,
    },
  ];
}
