/**
 * Routes of the one-stop pages. Staff pages render inside the staff layout (`oneStopStaffRoutes`);
 * the citizens' pages need no login and have their own frame (`PublicRoutes`); the kiosk is a full
 * screen for a signed-in counter tablet (`isKioskPath`).
 */
import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';

const ProcedureListPage = lazy(() => import('../procedures/ProcedureListPage.tsx'));
const ProcedurePage = lazy(() =>
  import('../procedures/ProcedureListPage.tsx').then((m) => ({ default: m.ProcedurePage })),
);
const DossierListPage = lazy(() => import('./DossierListPage.tsx'));
const DossierDetailPage = lazy(() => import('./DossierDetailPage.tsx'));
const IntakePage = lazy(() => import('./IntakePage.tsx'));
const ReportPage = lazy(() => import('./ReportPage.tsx'));
const PaperRatingPage = lazy(() => import('./PaperRatingPage.tsx'));
const LookupPage = lazy(() => import('../public/LookupPage.tsx'));
const FilingPage = lazy(() => import('../public/FilingPage.tsx'));
const RatingPage = lazy(() => import('../public/RatingPage.tsx'));
export const KioskPage = lazy(() => import('../public/KioskPage.tsx'));

export const PUBLIC_PATHS = ['/tra-cuu', '/nop-ho-so', '/danh-gia'];
export const isPublicPath = (p: string) => PUBLIC_PATHS.some((x) => p === x || p.startsWith(`${x}/`));
export const isKioskPath = (p: string) => p === '/kiosk' || p.startsWith('/kiosk/');

/** Staff routes, as children of the layout's <Routes>. */
export function oneStopStaffRoutes() {
  return [
    <Route key="procedures" path="/procedures" element={<ProcedureListPage />} />,
    <Route key="procedure" path="/procedures/:code" element={<ProcedurePage />} />,
    <Route key="dossiers" path="/dossiers" element={<DossierListPage />} />,
    <Route key="dossier" path="/dossiers/:code" element={<DossierDetailPage />} />,
    <Route key="counter" path="/counter" element={<IntakePage mode="counter" />} />,
    <Route key="callcentre" path="/callcentre" element={<IntakePage mode="phone" />} />,
    <Route key="report" path="/dossier-report" element={<ReportPage />} />,
    <Route key="ratings" path="/ratings" element={<PaperRatingPage />} />,
  ];
}

/** The citizens' pages (no login). */
export function PublicRoutes() {
  return (
    <Routes>
      <Route path="/tra-cuu" element={<LookupPage />} />
      <Route path="/nop-ho-so" element={<FilingPage />} />
      <Route path="/danh-gia" element={<RatingPage />} />
    </Routes>
  );
}
