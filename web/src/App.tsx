/** Providers (query cache, antd theme and locale, i18n, router) and the signed-in gate. */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider, Result, Button, Spin } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import i18n, { storeLang, storedLang, type Lang } from './i18n/index.ts';
import { antdLocale, setDayjsLocale } from './lib/locale.ts';
import { ApiError } from './api/client.ts';
import { AuthProvider, useAuth } from './auth.tsx';
import { LangContext } from './lang.ts';
import { AppLayout } from './components/AppLayout.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { ChangePasswordPage } from './pages/ChangePasswordPage.tsx';
import {
  isKioskPath,
  isPublicPath,
  KioskPage,
  oneStopStaffRoutes,
  PublicRoutes,
} from './pages/dossiers/routes.tsx';
import { petitionStaffRoutes } from './pages/petitions/routes.tsx';
import { reportRoutes } from './pages/reports/routes.tsx';
import { notificationRoutes } from './pages/notifications/routes.tsx';

const DashboardPage = lazy(() => import('./pages/DashboardPage.tsx'));
const TaskListPage = lazy(() => import('./pages/TaskListPage.tsx'));
const DashboardsPage = lazy(() => import('./pages/dashboards/DashboardsPage.tsx'));
const TaskDetailPage = lazy(() => import('./pages/TaskDetailPage.tsx'));
const ProposeTasksPage = lazy(() => import('./pages/tasks/ProposeTasksPage.tsx'));
const DocumentListPage = lazy(() => import('./pages/DocumentListPage.tsx'));
const DocumentDetailPage = lazy(() => import('./pages/DocumentDetailPage.tsx'));
const AgencyListPage = lazy(() => import('./pages/AgencyListPage.tsx'));
const AgencyDetailPage = lazy(() => import('./pages/AgencyDetailPage.tsx'));
const CalendarPage = lazy(() => import('./pages/CalendarPage.tsx'));
const AdminPage = lazy(() => import('./pages/admin/AdminPage.tsx'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

const theme = {
  token: {
    colorPrimary: '#b8231f',
    colorLink: '#1f5fa8',
    borderRadius: 6,
    fontFamily: "'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif",
  },
  components: {
    Layout: { siderBg: '#1d2633', headerBg: '#ffffff', bodyBg: '#f3f5f8' },
    Menu: { darkItemBg: '#1d2633', darkSubMenuItemBg: '#161d27', darkItemSelectedBg: '#b8231f' },
  },
};

/**
 * Home page by role: one-stop and reception staff start on their own page; everyone else on the task
 * dashboard.
 */
function HomeFor({ roles }: { roles: readonly string[] }) {
  if (roles.includes('admin') || roles.some((r) => r.startsWith('office_') || r.startsWith('agency_')))
    return <DashboardPage />;
  if (roles.includes('callcentre_staff')) return <Navigate to="/callcentre" replace />;
  if (roles.includes('counter_staff')) return <Navigate to="/counter" replace />;
  if (roles.includes('centre_leader')) return <Navigate to="/dossier-report" replace />;
  if (roles.includes('processing_officer')) return <Navigate to="/dossiers" replace />;
  if (roles.includes('reception_officer')) return <Navigate to="/receptions/new" replace />;
  if (roles.includes('reception_leader')) return <Navigate to="/petitions" replace />;
  if (roles.includes('petition_handler')) return <Navigate to="/petitions" replace />;
  return <DashboardPage />;
}

export function Root() {
  const [lang, setLangState] = useState<Lang>(storedLang);
  useEffect(() => {
    setDayjsLocale(lang);
    document.documentElement.lang = lang;
    if (i18n.language !== lang) void i18n.changeLanguage(lang);
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    storeLang(l);
    setLangState(l);
  }, []);
  const ctx = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return (
    <LangContext.Provider value={ctx}>
      <ConfigProvider locale={antdLocale(lang)} theme={theme}>
        <AntApp>
          <QueryClientProvider client={queryClient}>
            <BrowserRouter>
              <AuthProvider>
                <Gate />
              </AuthProvider>
            </BrowserRouter>
          </QueryClientProvider>
        </AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}

function Centered({ children }: { children: ReactNode }) {
  return <div className="centered">{children}</div>;
}

export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <Spin />
      <span className="sr-only">{t('app.loading')}</span>
    </div>
  );
}

function Gate() {
  const { t } = useTranslation();
  const { user, loading, error, refresh } = useAuth();
  const loc = useLocation();
  // the citizens' pages need no login and have their own frame
  if (isPublicPath(loc.pathname)) {
    return (
      <Suspense fallback={<PageLoading />}>
        <PublicRoutes />
      </Suspense>
    );
  }
  if (loading) {
    return (
      <Centered>
        <PageLoading />
      </Centered>
    );
  }
  if (error && !user) {
    return (
      <Centered>
        <Result
          status="warning"
          title={t('common.loadError')}
          subTitle={error instanceof ApiError ? error.text(i18n.language) : undefined}
          extra={<Button onClick={() => void refresh()}>{t('common.retry')}</Button>}
        />
      </Centered>
    );
  }
  if (!user) return <LoginPage />;
  if (user.mustChangePassword) return <ChangePasswordPage forced />;
  if (isKioskPath(loc.pathname)) {
    return (
      <Suspense fallback={<PageLoading />}>
        <KioskPage />
      </Suspense>
    );
  }
  return (
    <AppLayout>
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route path="/" element={<HomeFor roles={user.roles} />} />
          <Route path="/tasks" element={<TaskListPage />} />
          <Route path="/dashboards" element={<DashboardsPage />} />
          <Route path="/tasks/propose" element={<ProposeTasksPage />} />
          <Route path="/tasks/:id" element={<TaskDetailPage />} />
          <Route path="/documents" element={<DocumentListPage />} />
          <Route path="/documents/:id" element={<DocumentDetailPage />} />
          <Route path="/agencies" element={<AgencyListPage />} />
          <Route path="/agencies/:code" element={<AgencyDetailPage />} />
          <Route path="/calendar" element={<CalendarPage />} />
          <Route path="/admin" element={<AdminPage />} />
          <Route path="/account/password" element={<ChangePasswordPage />} />
          {oneStopStaffRoutes()}
          {petitionStaffRoutes()}
          {reportRoutes()}
          {notificationRoutes()}
          <Route path="/login" element={<Navigate to="/" replace />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={<Link to="/">{t('common.goHome')}</Link>}
    />
  );
}
