/**
 * The citizen reception and petitions group of the sidebar, by role. Keys are the first path segment
 * (the layout selects the item whose key is the current section).
 */
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import {
  BarChartOutlined,
  BookOutlined,
  FileSearchOutlined,
  TeamOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import type { Role } from '../../api/types.ts';

const has = (roles: readonly Role[], ...want: Role[]) => roles.some((r) => r === 'admin' || want.includes(r));

/** Who sees which page (the API checks the same roles server-side). */
export const petitionAccess = (roles: readonly Role[]) => ({
  desk: has(roles, 'reception_officer', 'reception_leader'),
  receptions: has(roles, 'reception_officer', 'reception_leader', 'office_leader', 'office_specialist'),
  petitions: has(roles, 'reception_officer', 'reception_leader', 'petition_handler', 'office_leader'),
  report: has(roles, 'reception_officer', 'reception_leader', 'office_leader', 'office_specialist'),
});

export function petitionsMenu(roles: readonly Role[], t: TFunction) {
  const a = petitionAccess(roles);
  const children = [
    ...(a.desk
      ? [
          {
            key: 'receptions-new',
            icon: <UserAddOutlined />,
            label: <Link to="/receptions/new">{t('pet.nav.desk')}</Link>,
          },
        ]
      : []),
    ...(a.receptions
      ? [
          {
            key: 'receptions',
            icon: <BookOutlined />,
            label: <Link to="/receptions">{t('pet.nav.receptions')}</Link>,
          },
        ]
      : []),
    ...(a.petitions
      ? [
          {
            key: 'petitions',
            icon: <FileSearchOutlined />,
            label: <Link to="/petitions">{t('pet.nav.petitions')}</Link>,
          },
        ]
      : []),
    ...(a.report
      ? [
          {
            key: 'petition-report',
            icon: <BarChartOutlined />,
            label: <Link to="/petition-report">{t('pet.nav.report')}</Link>,
          },
        ]
      : []),
  ];
  if (!children.length) return [];
  return [
    {
      type: 'group' as const,
      key: 'petitions-group',
      icon: <TeamOutlined />,
      label: t('pet.nav.group'),
      children,
    },
  ];
}
