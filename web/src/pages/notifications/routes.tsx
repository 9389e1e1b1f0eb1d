/** Routes of the notification pages, as children of the staff layout's <Routes>. */
import { lazy } from 'react';
import { Route } from 'react-router-dom';

const NotificationsPage = lazy(() => import('./NotificationsPage.tsx'));
const PreferencesPage = lazy(() => import('./PreferencesPage.tsx'));
const ReminderRulesPage = lazy(() => import('./ReminderRulesPage.tsx'));
const FailedDeliveriesPage = lazy(() => import('./FailedDeliveriesPage.tsx'));

export function notificationRoutes() {
  return [
    <Route key="notifications" path="/notifications" element={<NotificationsPage />} />,
    <Route key="notifications-failed" path="/notifications/failed" element={<FailedDeliveriesPage />} />,
    <Route key="notification-prefs" path="/settings/notifications" element={<PreferencesPage />} />,
    <Route key="reminder-rules" path="/admin/reminder-rules" element={<ReminderRulesPage />} />,
  ];
}
