/**
 * Kiosk: a counter tablet facing the citizen. The counter staff is signed in on the tablet and enters
 * (or scans) the dossier code; the citizen then sees three big buttons (Hài lòng / Bình thường /
 * Không hài lòng), a thank-you screen, and the kiosk resets by itself after a few seconds.
 * Only the code and the procedure are shown: no personal data on the citizen's screen.
 * POST /api/dossiers/{code}/ratings { channel: 'kiosk', vote } (ND 61/2018 Art 29; TT 01/2018 Art 12).
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { useCitizenErrors } from './citizen.ts';
import { LangSwitch } from '../../components/AppLayout.tsx';
import { procName, type DossierDetail, type Vote } from '../dossiers/api.ts';
import '../dossiers/onestop.css';

/** Seconds the thank-you screen stays (`?reset=` overrides it, 1–60). */
function resetSeconds(): number {
  const n = Number(new URLSearchParams(window.location.search).get('reset'));
  return Number.isInteger(n) && n >= 1 && n <= 60 ? n : 5;
}

const FACES: Record<Vote, string> = { satisfied: '😊', neutral: '😐', unsatisfied: '☹️' };

export default function KioskPage() {
  const { t } = useTranslation();
  // the citizen reads these: fields named by their label
  const { text: errorText } = useCitizenErrors({
    code: t('public.code'),
    vote: t('dossiers.rating.vote'),
  });
  const [phase, setPhase] = useState<'code' | 'vote' | 'thanks'>('code');
  const [code, setCode] = useState('');
  const [procedure, setProcedure] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [left, setLeft] = useState(0);
  const input = useRef<{ focus: () => void } | null>(null);

  const reset = () => {
    setPhase('code');
    setCode('');
    setProcedure('');
    setError(null);
  };

  useEffect(() => {
    if (phase !== 'thanks') return;
    const total = resetSeconds();
    setLeft(total);
    const started = Date.now();
    const id = setInterval(() => {
      const l = total - Math.floor((Date.now() - started) / 1000);
      if (l <= 0) {
        clearInterval(id);
        reset();
      } else setLeft(l);
    }, 250);
    return () => clearInterval(id);
  }, [phase]);

  useEffect(() => {
    if (phase === 'code') input.current?.focus();
  }, [phase]);

  const start = async () => {
    const c = code.trim().toUpperCase();
    if (!c) return;
    setBusy(true);
    setError(null);
    try {
      const d = await api.get<DossierDetail>(`/api/dossiers/${encodeURIComponent(c)}`);
      if (d.rating) {
        // one rating per dossier (TT 01/2018 Art 12): say so before the citizen is asked
        setError(t('public.kioskAlreadyRated', { code: d.code }));
        return;
      }
      setCode(d.code);
      setProcedure(procName(d));
      setPhase('vote');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const vote = async (v: Vote) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/dossiers/${encodeURIComponent(code)}/ratings`, { channel: 'kiosk', vote: v });
      setPhase('thanks');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="kiosk" data-testid="kiosk" data-phase={phase}>
      <div className="kiosk-bar">
        <LangSwitch />
        {phase === 'code' && <Link to="/dossiers">{t('public.kioskExit')}</Link>}
      </div>
      {phase === 'code' && (
        <>
          <h1 data-testid="kiosk-ready">{t('public.kioskTitle')}</h1>
          <Typography.Paragraph type="secondary">{t('public.kioskStaffHint')}</Typography.Paragraph>
          <Input
            ref={(el) => {
              input.current = el;
            }}
            className="kiosk-code"
            size="large"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            onPressEnter={() => void start()}
            placeholder={t('public.code')}
            aria-label={t('public.code')}
            style={{ maxWidth: 560 }}
            data-testid="kiosk-code"
          />
          <Button
            type="primary"
            size="large"
            loading={busy}
            onClick={() => void start()}
            data-testid="kiosk-start"
          >
            {t('public.kioskStart')}
          </Button>
        </>
      )}
      {phase === 'vote' && (
        <>
          <h1>{t('public.kioskQuestion')}</h1>
          <div className="muted" data-testid="kiosk-dossier">
            {code}
            {procedure && ` — ${procedure}`}
          </div>
          <div className="kiosk-buttons" role="group" aria-label={t('public.kioskQuestion')}>
            {(['satisfied', 'neutral', 'unsatisfied'] as const).map((v) => (
              <button
                key={v}
                type="button"
                className={`kiosk-vote ${v}`}
                disabled={busy}
                onClick={() => void vote(v)}
                data-testid={`kiosk-vote-${v}`}
              >
                <span className="face" aria-hidden>
                  {FACES[v]}
                </span>
                {t(`dossiers.rating.votes.${v}`)}
              </button>
            ))}
          </div>
          <Button onClick={reset} size="large">
            {t('common.cancel')}
          </Button>
        </>
      )}
      {phase === 'thanks' && (
        <>
          <div className="kiosk-thanks" data-testid="kiosk-thanks" role="status">
            {t('public.kioskThanks')}
          </div>
          <Typography.Paragraph type="secondary">
            {t('public.kioskResetIn', { n: left })}
          </Typography.Paragraph>
        </>
      )}
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ maxWidth: 560 }} />}
    </main>
  );
}
