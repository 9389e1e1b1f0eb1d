/** Filter state kept in the URL query, so links open the right view and the back button works. */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

export type Patch = Record<string, string | number | null | undefined>;

export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const get = useCallback((k: string): string | undefined => params.get(k) ?? undefined, [params]);
  /** Sets (or removes, when empty) the given keys; resets `page` unless it is in the patch. */
  const set = useCallback(
    (patch: Patch, opts: { replace?: boolean; keepPage?: boolean } = {}) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (!opts.keepPage && !('page' in patch)) next.delete('page');
          return next;
        },
        { replace: opts.replace },
      );
    },
    [setParams],
  );
  return { params, get, set };
}

/** `/tasks?status=…` from a filter object (empty values left out). */
export function href(path: string, q: Patch): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}
