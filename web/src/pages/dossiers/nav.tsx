/**
 * The one-stop group of the sidebar, by role. Keys are the first path segment (the layout selects the
 * item whose key is the current section).
 */
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import {
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  FolderOpenOutlined,
  FormOutlined,
  GlobalOutlined,
  PhoneOutlined,
  ShopOutlined,
  SmileOutlined,
} from '@ant-design/icons';
import type { Role } from '../../api/types.ts';

/** First path segments of the one-stop staff pages (the header shows the one-stop tagline there). */
export const ONE_STOP_SECTIONS = [
  'procedures',
  'dossiers',
  'counter',
  'callcentre',
  'dossier-report',
  'ratings',
  'kiosk',
] as const;
export const isOneStopSection = (section: string) =>
  (ONE_STOP_SECTIONS as readonly string[]).includes(section);

const has = (roles: readonly Role[], ...want: Role[]) => roles.some((r) => r === 'admin' || want.includes(r));

export function oneStopMenu(roles: readonly Role[], t: TFunction) {
  const counter = has(roles, 'counter_staff', 'centre_leader');
  const phone = has(roles, 'callcentre_staff', 'centre_leader');
  const staff = has(
    roles,
    'counter_staff',
    'callcentre_staff',
    'centre_leader',
    'processing_officer',
    'office_leader',
  );
  const leaders = has(roles, 'centre_leader', 'office_leader');
  const children = [
    {
      key: 'procedures',
      icon: <BookOutlined />,
      label: <Link to="/procedures">{t('dossiers.nav.procedures')}</Link>,
    },
    ...(staff
      ? [
          {
            key: 'dossiers',
            icon: <FolderOpenOutlined />,
            label: <Link to="/dossiers">{t('dossiers.nav.dossiers')}</Link>,
          },
        ]
      : []),
    ...(counter
      ? [
          {
            key: 'counter',
            icon: <ShopOutlined />,
            label: <Link to="/counter">{t('dossiers.nav.counter')}</Link>,
          },
        ]
      : []),
    ...(phone
      ? [
          {
            key: 'callcentre',
            icon: <PhoneOutlined />,
            label: <Link to="/callcentre">{t('dossiers.nav.callcentre')}</Link>,
          },
        ]
      : []),
    ...(leaders
      ? [
          {
            key: 'dossier-report',
            icon: <BarChartOutlined />,
            label: <Link to="/dossier-report">{t('dossiers.nav.report')}</Link>,
          },
        ]
      : []),
    ...(counter
      ? [
          {
            key: 'ratings',
            icon: <FormOutlined />,
            label: <Link to="/ratings">{t('dossiers.nav.ratings')}</Link>,
          },
          {
            key: 'kiosk',
            icon: <SmileOutlined />,
            label: <Link to="/kiosk">{t('dossiers.nav.kiosk')}</Link>,
          },
        ]
      : []),
    {
      key: 'tra-cuu',
      icon: <GlobalOutlined />,
      label: (
        <a href="/tra-cuu" target="_blank" rel="noreferrer">
          {t('dossiers.nav.public')}
        </a>
      ),
    },
  ];
  return [
    {
      type: 'group' as const,
      key: 'one-stop',
      icon: <AuditOutlined />,
      label: t('dossiers.nav.group'),
      children,
    },
  ];
}
