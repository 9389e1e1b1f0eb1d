/** Status and timeliness tags of a dossier. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS, statusLabel, type DossierStatus } from './api.ts';

export function DossierStatusTag({ status, testId }: { status: DossierStatus; testId?: string }) {
  const { i18n } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid={testId} data-status={status}>
      {statusLabel(status, i18n.language.startsWith('en'))}
    </Tag>
  );
}

const TL_COLORS: Record<string, string> = {
  early: 'success',
  on_time: 'processing',
  late: 'error',
  within_limit: 'processing',
  over_limit: 'error',
  pending: 'default',
};

/** early / on_time / late (TT 01/2018 Mẫu 05) or within / over limit while pending. */
export function TimelinessTag({ value, testId }: { value: string | null | undefined; testId?: string }) {
  const { t } = useTranslation();
  if (!value) return null;
  return (
    <Tag
      color={TL_COLORS[value] ?? 'default'}
      data-testid={testId}
      data-timeliness={value}
      variant="outlined"
    >
      {t(`dossiers.timeliness.${value}`, { defaultValue: value })}
    </Tag>
  );
}
