/** Shared queries: reference data cached for the session. */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { Agency, DocumentItem } from './types.ts';

/** Every agency (all periods), loaded once: ~330 rows, used by every agency select and name. */
export function useAgencies() {
  return useQuery({
    queryKey: ['agencies', 'all'],
    queryFn: () => api.get<{ items: Agency[] }>('/api/agencies').then((r) => r.items),
    staleTime: 10 * 60_000,
  });
}

/** code → agency */
export function useAgencyMap(): Map<string, Agency> {
  const { data } = useAgencies();
  return useMemo(() => new Map((data ?? []).map((a) => [a.code, a])), [data]);
}

export function useDocument(id: string | null | undefined) {
  return useQuery({
    queryKey: ['document', id],
    queryFn: () => api.get<DocumentItem>(`/api/documents/${id}`),
    enabled: !!id,
    staleTime: 60_000,
  });
}
