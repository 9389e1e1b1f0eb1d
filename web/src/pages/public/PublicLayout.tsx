/**
 * The citizens' frame (no login): the centre's name (the receiving body's name in the data, as on the
 * forms and in the app), three links, the language toggle.
 */
import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { LangSwitch } from '../../components/AppLayout.tsx';
import '../dossiers/onestop.css';
import { splitBodyName, usePublicMeta } from './citizen.ts';

export function PublicLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const meta = usePublicMeta();
  const en = i18n.language.startsWith('en');
  const [name, province] = meta.data && !en ? splitBodyName(meta.data.receivingBody.name) : [null, null];
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
            <strong data-testid="public-centre">{name ?? t('public.centre')}</strong>
            <small>{province ?? t('public.province')}</small>
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
