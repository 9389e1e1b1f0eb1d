/** The frame: sidebar navigation, header with the user, language toggle and logout. */
import { useState, type ReactNode } from 'react';
import { Button, Layout, Menu, Segmented, Space, Tooltip, Typography } from 'antd';
import {
  ApartmentOutlined,
  CalendarOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  KeyOutlined,
  LogoutOutlined,
  ProfileOutlined,
  SettingOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Link, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth, useUser } from '../auth.tsx';
import { useAgencyMap } from '../api/hooks.ts';
import { useLang } from '../lang.ts';
import type { Lang } from '../i18n/index.ts';
import { isOneStopSection, oneStopMenu } from '../pages/dossiers/nav.tsx';
import { petitionsMenu } from '../pages/petitions/nav.tsx';
import { reportsMenu } from '../pages/reports/nav.tsx';
import { dashboardsMenu } from '../pages/dashboards/nav.tsx';
import { notificationSection, notificationsMenu } from '../pages/notifications/nav.tsx';
import { NotificationBell } from './NotificationBell.tsx';

const { Sider, Header, Content } = Layout;

export function LangSwitch() {
  const { lang, setLang } = useLang();
  const { t } = useTranslation();
  return (
    <Segmented<Lang>
      size="small"
      aria-label={t('app.language')}
      value={lang}
      onChange={setLang}
      options={[
        { label: 'VI', value: 'vi', title: 'Tiếng Việt' },
        { label: 'EN', value: 'en', title: 'English' },
      ]}
      data-testid="lang-switch"
    />
  );
}

export function Brand({ collapsed }: { collapsed?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="brand">
      <span className="brand-mark" aria-hidden>
        KT
      </span>
      {!collapsed && (
        <span className="brand-text">
          <strong>{t('app.name')}</strong>
          <small>{t('app.office')}</small>
        </span>
      )}
    </div>
  );
}

/** The header's subtitle names the module of the page: tasks, one-stop dossiers, else neutral. */
const TASK_SECTIONS = ['dashboard', 'tasks', 'tasks-propose', 'documents'];
const taglineKey = (section: string) =>
  isOneStopSection(section)
    ? ('dossiers.tagline' as const)
    : TASK_SECTIONS.includes(section)
      ? ('app.tagline' as const)
      : ('app.taglineNeutral' as const);

export function AppLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { logout, admin, office } = useAuth();
  const user = useUser();
  const agencies = useAgencyMap();
  const loc = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const section =
    notificationSection(loc.pathname) ??
    // the reception desk (/receptions/new) is its own item, not the register's
    (loc.pathname.startsWith('/receptions/new')
      ? 'receptions-new'
      : loc.pathname.startsWith('/tasks/propose')
        ? 'tasks-propose'
        : loc.pathname.split('/')[1] || 'dashboard');
  const agency = user.agencyCode ? agencies.get(user.agencyCode) : undefined;
  const agencyName = agency ? (i18n.language === 'en' && agency.nameEn) || agency.name : user.agencyCode;

  const items = [
    { key: 'dashboard', icon: <DashboardOutlined />, label: <Link to="/">{t('nav.dashboard')}</Link> },
    { key: 'tasks', icon: <ProfileOutlined />, label: <Link to="/tasks">{t('nav.tasks')}</Link> },
    ...(office || admin
      ? [
          {
            key: 'tasks-propose',
            icon: <FileSearchOutlined />,
            label: <Link to="/tasks/propose">{t('propose.nav')}</Link>,
          },
        ]
      : []),
    {
      key: 'documents',
      icon: <FileTextOutlined />,
      label: <Link to="/documents">{t('nav.documents')}</Link>,
    },
    {
      key: 'agencies',
      icon: <ApartmentOutlined />,
      label: <Link to="/agencies">{t('nav.agencies')}</Link>,
    },
    {
      key: 'calendar',
      icon: <CalendarOutlined />,
      label: <Link to="/calendar">{t('nav.calendar')}</Link>,
    },
    ...oneStopMenu(user.roles, t),
    ...petitionsMenu(user.roles, t),
    ...reportsMenu(user.roles, t),
    ...dashboardsMenu(user.roles, t),
    ...notificationsMenu(user.roles, t),
    ...(admin
      ? [{ key: 'admin', icon: <SettingOutlined />, label: <Link to="/admin">{t('nav.admin')}</Link> }]
      : []),
    {
      key: 'account',
      icon: <KeyOutlined />,
      label: <Link to="/account/password">{t('nav.password')}</Link>,
    },
  ];

  return (
    <Layout className="app-layout">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={200}
        collapsedWidth={64}
        theme="dark"
        trigger={null}
      >
        <div className="sider-inner">
          <Link to="/" aria-label={t('nav.dashboard')}>
            <Brand collapsed={collapsed} />
          </Link>
          <nav aria-label={t('nav.menu')}>
            <Menu theme="dark" mode="inline" selectedKeys={[section]} items={items} />
          </nav>
        </div>
      </Sider>
      <Layout>
        <Header className="app-header">
          <Button
            type="text"
            aria-label={t('nav.collapse')}
            onClick={() => setCollapsed((c) => !c)}
            icon={<span aria-hidden>☰</span>}
          />
          <Typography.Text className="header-tagline" type="secondary">
            {t(taglineKey(section))}
          </Typography.Text>
          <Space size="middle" className="header-user">
            <NotificationBell />
            <LangSwitch />
            <span className="user-block" data-testid="current-user">
              <UserOutlined aria-hidden />
              <span className="user-lines">
                <strong>{user.displayName}</strong>
                <small>
                  {user.roles.map((r) => t(`roles.${r}`)).join(', ')}
                  {agencyName ? ` · ${agencyName}` : ''}
                </small>
              </span>
            </span>
            <Tooltip title={t('nav.logout')}>
              <Button
                icon={<LogoutOutlined />}
                onClick={() => void logout()}
                data-testid="logout"
                aria-label={t('nav.logout')}
              />
            </Tooltip>
          </Space>
        </Header>
        <Content id="main" className="app-content" tabIndex={-1}>
          {children}
        </Content>
      </Layout>
    </Layout>
  );
}
