/** Routes of the citizen reception and petition pages, as children of the staff layout's <Routes>. */
import { lazy } from 'react';
import { Route } from 'react-router-dom';

const ReceptionDeskPage = lazy(() => import('./ReceptionDeskPage.tsx'));
const ReceptionListPage = lazy(() => import('./ReceptionListPage.tsx'));
const PetitionListPage = lazy(() => import('./PetitionListPage.tsx'));
const PetitionDetailPage = lazy(() => import('./PetitionDetailPage.tsx'));
const PetitionReportPage = lazy(() => import('./PetitionReportPage.tsx'));

export function petitionStaffRoutes() {
  return [
    <Route key="reception-new" path="/receptions/new" element={<ReceptionDeskPage />} />,
    <Route key="receptions" path="/receptions" element={<ReceptionListPage />} />,
    <Route key="petitions" path="/petitions" element={<PetitionListPage />} />,
    <Route key="petition" path="/petitions/:id" element={<PetitionDetailPage />} />,
    <Route key="petition-report" path="/petition-report" element={<PetitionReportPage />} />,
  ];
}
