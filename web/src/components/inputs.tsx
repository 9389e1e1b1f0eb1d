/** Form inputs working with the API's values: ISO date strings, agency codes, document ids. */
import { useMemo, useState, useEffect, type CSSProperties } from 'react';
import { DatePicker, Select } from 'antd';
import type { DatePickerProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useAgencies, useDocument } from '../api/hooks.ts';
import type { AgencyKind, DocumentItem, Page } from '../api/types.ts';
import { DATE_FORMAT, fmtDate, fromDayjs, toDayjs } from '../lib/dates.ts';
import { fold } from '../lib/text.ts';

type DateProps = Omit<DatePickerProps, 'value' | 'onChange' | 'picker'> & {
  value?: string | null;
  onChange?: (v: string | undefined) => void;
};

/** A date picker whose value is `YYYY-MM-DD`; typed and shown as dd/mm/yyyy. */
export function IsoDatePicker({ value, onChange, ...rest }: DateProps) {
  return (
    <DatePicker
      format={[DATE_FORMAT, 'D/M/YYYY', 'DDMMYYYY']}
      {...rest}
      value={toDayjs(value ?? null)}
      onChange={(d) => onChange?.(fromDayjs(Array.isArray(d) ? d[0] : d))}
    />
  );
}

interface AgencySelectProps {
  value?: string | string[] | null;
  onChange?: (v: string | string[] | undefined) => void;
  multiple?: boolean;
  /** only agencies valid on this date */
  at?: string;
  kinds?: readonly AgencyKind[];
  /** kinds never offered (e.g. the committee and its leaders as a lead agency) */
  excludeKinds?: readonly AgencyKind[];
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  style?: CSSProperties;
  'aria-label'?: string;
}

/** A searchable agency select (name or code, accents ignored). */
export function AgencySelect({
  value,
  onChange,
  multiple,
  at,
  kinds,
  excludeKinds,
  ...rest
}: AgencySelectProps) {
  const { t, i18n } = useTranslation();
  const { data, isLoading } = useAgencies();
  const en = i18n.language.startsWith('en');
  const kindKey = kinds?.join(',') ?? '';
  const excludeKey = excludeKinds?.join(',') ?? '';
  const options = useMemo(
    () =>
      (data ?? [])
        .filter((a) => !kindKey || kindKey.split(',').includes(a.kind))
        .filter((a) => !excludeKey || !excludeKey.split(',').includes(a.kind))
        .filter((a) => !at || (a.validFrom <= at && (!a.validTo || a.validTo >= at)))
        .map((a) => ({
          value: a.code,
          label: `${en && a.nameEn ? a.nameEn : a.name}`,
          search: fold(`${a.name} ${a.nameEn ?? ''} ${a.code}`),
          title: `${a.name} (${a.code})${a.validTo ? ` — ${fmtDate(a.validFrom)}–${fmtDate(a.validTo)}` : ''}`,
        })),
    [data, kindKey, excludeKey, at, en],
  );
  return (
    <Select
      showSearch={{
        // every typed word must begin a word of the name or code ("so y te" finds Sở Y tế, not "kinh tế")
        filterOption: (input, opt) => {
          if (!opt) return false;
          const words = opt.search.split(/[\s()\-,.]+/);
          return fold(input)
            .split(/\s+/)
            .filter(Boolean)
            .every((w) => words.some((x) => x.startsWith(w)));
        },
      }}
      mode={multiple ? 'multiple' : undefined}
      loading={isLoading}
      options={options}
      value={value ?? undefined}
      onChange={(v: string | string[] | undefined) => onChange?.(v)}
      placeholder={rest.placeholder ?? t('taskForm.chooseAgency')}
      popupMatchSelectWidth={false}
      allowClear={rest.allowClear}
      id={rest.id}
      style={rest.style}
      aria-label={rest['aria-label']}
      optionRender={(o) => (
        <span title={o.data.title}>
          {o.data.label} <span className="muted">({o.data.value})</span>
        </span>
      )}
    />
  );
}

function useDebounced<T>(v: T, ms: number): T {
  const [d, setD] = useState(v);
  useEffect(() => {
    const id = setTimeout(() => setD(v), ms);
    return () => clearTimeout(id);
  }, [v, ms]);
  return d;
}

const docLabel = (d: Pick<DocumentItem, 'numberSymbol' | 'date' | 'dateAsWritten'>) =>
  `${d.numberSymbol} — ${d.date ? fmtDate(d.date) : (d.dateAsWritten ?? '')}`;

/** A document select searching the server (number or summary). Value: the document id. */
export function DocumentSelect({
  value,
  onChange,
  placeholder,
  id,
  style,
  allowClear,
  'aria-label': ariaLabel,
}: {
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  id?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  'aria-label'?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const dq = useDebounced(q, 250);
  const found = useQuery({
    queryKey: ['documents', 'select', dq],
    queryFn: () => api.get<Page<DocumentItem>>('/api/documents', { q: dq || undefined, pageSize: 30 }),
    staleTime: 30_000,
  });
  const current = useDocument(value);
  const options = useMemo(() => {
    const items = [...(found.data?.items ?? [])];
    if (current.data && !items.some((d) => d.id === current.data.id)) items.unshift(current.data);
    return items.map((d) => ({
      value: d.id,
      label: docLabel(d),
      summary: d.summary,
    }));
  }, [found.data, current.data]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={options}
      loading={found.isFetching}
      placeholder={placeholder ?? t('taskForm.chooseDocument')}
      allowClear={allowClear}
      id={id}
      style={style}
      aria-label={ariaLabel}
      popupMatchSelectWidth={460}
      optionRender={(o) => (
        <div>
          <div>{o.data.label}</div>
          <div className="muted small ellipsis">{o.data.summary}</div>
        </div>
      )}
    />
  );
}
