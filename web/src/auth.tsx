/** The session: restored with GET /api/auth/me on load; null when signed out. */
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, onAuthProblem, setCsrfToken } from './api/client.ts';
import type { Me, Session } from './api/types.ts';
import { isAdmin, isOffice } from './api/types.ts';

interface AuthValue {
  user: Me | null;
  loading: boolean;
  error: unknown;
  /** store a session after login or a password change */
  signedIn(s: Session): void;
  logout(): Promise<void>;
  refresh(): Promise<unknown>;
  office: boolean;
  admin: boolean;
}

const AuthContext = createContext<AuthValue | null>(null);
export const SESSION_KEY = ['session'] as const;

/**
 * A hint (not a secret) that this browser signed in: without it the first page shows the login form
 * without asking /api/auth/me, so a signed-out visit does not log a 401 in the console.
 */
const HINT = 'kientao.session';
function hint(on?: boolean): boolean {
  try {
    if (on === true) localStorage.setItem(HINT, '1');
    else if (on === false) localStorage.removeItem(HINT);
    return localStorage.getItem(HINT) === '1';
  } catch {
    return true;
  }
}

async function fetchSession(): Promise<Session | null> {
  if (!hint()) return null;
  try {
    const s = await api.get<Session>('/api/auth/me');
    setCsrfToken(s.csrfToken);
    return s;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken('');
      hint(false);
      return null;
    }
    throw e;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: 1 });

  useEffect(
    () =>
      onAuthProblem(() => {
        void qc.invalidateQueries({ queryKey: SESSION_KEY });
      }),
    [qc],
  );

  const value = useMemo<AuthValue>(() => {
    const user = q.data?.user ?? null;
    return {
      user,
      loading: q.isPending,
      error: q.error,
      signedIn: (s) => {
        hint(true);
        setCsrfToken(s.csrfToken);
        qc.removeQueries({ predicate: (x) => x.queryKey[0] !== SESSION_KEY[0] });
        qc.setQueryData(SESSION_KEY, s);
      },
      logout: async () => {
        await qc.cancelQueries();
        try {
          await api.post('/api/auth/logout');
        } catch {
          /* the session may already be gone */
        }
        hint(false);
        setCsrfToken('');
        // keep the session query (its observer stays subscribed) and drop the rest
        qc.setQueryData(SESSION_KEY, null);
        qc.removeQueries({ predicate: (x) => x.queryKey[0] !== SESSION_KEY[0] });
      },
      refresh: () => q.refetch(),
      office: user ? isOffice(user) : false,
      admin: user ? isAdmin(user) : false,
    };
  }, [q, qc]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** The signed-in user (only call below the auth gate). */
export function useUser(): Me {
  const { user } = useAuth();
  if (!user) throw new Error('no user');
  return user;
}
