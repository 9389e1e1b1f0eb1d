/** The citizens' frame (no login): the centre's name, three links, the language toggle. */
import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { LangSwitch } from '../../components/AppLayout.tsx';
import '../dossiers/onestop.css';

export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="public-layout">
      <a className="skip-link" href="#public-main">
        {t('app.skipToContent')}
      </a>
      <header className="public-header">
        <div className="public-brand">
          <span className="brand-mark" aria-hidden>
            KT
          </span>
          <span>
            <strong>{t('public.centre')}</strong>
            <small>{t('public.province')}</small>
          </span>
        </div>
        <LangSwitch />
      </header>
      <nav className="public-nav" aria-label={t('public.nav')}>
        <NavLink to="/tra-cuu" data-testid="public-nav-lookup">
          {t('public.lookupNav')}
        </NavLink>
        <NavLink to="/nop-ho-so" data-testid="public-nav-file">
          {t('public.fileNav')}
        </NavLink>
        <NavLink to="/danh-gia" data-testid="public-nav-rate">
          {t('public.rateNav')}
        </NavLink>
      </nav>
      <main id="public-main" className="public-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="public-footer muted small">{t('public.footer')}</footer>
    </div>
  );
}
