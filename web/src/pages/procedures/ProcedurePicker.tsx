/**
 * A procedure select searching the catalogue on the server (name or code, case and diacritics
 * ignored there). `fisheriesFirst` lists the fishing-vessel procedures first (call-centre intake);
 * `publicApi` uses the no-login copy of the catalogue (online filing).
 */
import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { Select, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ProcedureListItem } from '../dossiers/api.ts';
import { LimitText } from './limits.tsx';

function useDebounced<T>(v: T, ms: number): T {
  const [d, setD] = useState(v);
  useEffect(() => {
    const id = setTimeout(() => setD(v), ms);
    return () => clearTimeout(id);
  }, [v, ms]);
  return d;
}

export function ProcedurePicker({
  value,
  onChange,
  fisheriesFirst,
  publicApi,
  channel = 'counter',
  id,
  style,
  testId,
  'aria-label': ariaLabel,
}: {
  value?: string | null;
  onChange?: (code: string | undefined, item?: ProcedureListItem) => void;
  fisheriesFirst?: boolean;
  publicApi?: boolean;
  channel?: 'counter' | 'online' | 'postal';
  id?: string;
  style?: CSSProperties;
  testId?: string;
  'aria-label'?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const dq = useDebounced(q, 250);
  const base = publicApi ? '/api/public/procedures' : '/api/procedures';
  const found = useQuery({
    queryKey: ['procedures', 'picker', base, dq, !!fisheriesFirst],
    queryFn: () =>
      api.get<{ items: ProcedureListItem[]; total: number }>(base, {
        q: dq || undefined,
        fisheriesFirst: fisheriesFirst ? 'true' : undefined,
        pageSize: 30,
      }),
    staleTime: 60_000,
    placeholderData: (p) => p,
  });
  const [picked, setPicked] = useState<ProcedureListItem | undefined>();
  const options = useMemo(() => {
    const items = [...(found.data?.items ?? [])];
    if (picked && !items.some((p) => p.code === picked.code)) items.unshift(picked);
    return items.map((p) => ({ value: p.code, label: `${p.code} — ${p.name}`, item: p }));
  }, [found.data, picked]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v: string | undefined) => {
        const item = options.find((o) => o.value === v)?.item;
        setPicked(item);
        onChange?.(v, item);
      }}
      options={options}
      loading={found.isFetching}
      placeholder={t('procedures.pickPh')}
      id={id}
      style={style}
      aria-label={ariaLabel}
      data-testid={testId}
      popupMatchSelectWidth
      allowClear
      optionRender={(o) => {
        const p = o.data.item;
        const limit = p.timeLimits.find((l) => l.channel === channel) ?? p.timeLimits[0];
        return (
          <div className="proc-option" data-testid={`proc-option-${p.code}`}>
            <div className="proc-option-name">
              <strong>{p.code}</strong> {p.name}
            </div>
            <div className="muted small">
              {p.fisheries && <Tag color="blue">{t('procedures.fisheries')}</Tag>}
              {p.field}
              {limit && (
                <>
                  {' · '}
                  <LimitText l={limit} />
                </>
              )}
            </div>
          </div>
        );
      }}
    />
  );
}
