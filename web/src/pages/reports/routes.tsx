/** Routes of the report pages, as children of the staff layout's <Routes>. */
import { lazy } from 'react';
import { Route } from 'react-router-dom';

const PeriodicReportPage = lazy(() => import('./PeriodicReportPage.tsx'));
const ItemsPage = lazy(() => import('./ItemsPage.tsx'));

export function reportRoutes() {
  return [
    <Route key="periodic-report" path="/reports/periodic" element={<PeriodicReportPage />} />,
    <Route key="periodic-items" path="/reports/periodic/items" element={<ItemsPage />} />,
  ];
}
