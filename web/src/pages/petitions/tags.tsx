/** Status, kind and eligibility tags of a petition. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS, kindLabel, statusLabel } from './api.ts';

export function PetitionStatusTag({ status, testId }: { status: string; testId?: string }) {
  const { i18n } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid={testId} data-status={status}>
      {statusLabel(status, i18n.language.startsWith('en'))}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: string }) {
  const { i18n } = useTranslation();
  const color = kind === 'denunciation' ? 'magenta' : kind === 'complaint' ? 'volcano' : 'blue';
  return (
    <Tag color={color} variant="outlined" data-kind={kind}>
      {kindLabel(kind, i18n.language.startsWith('en'))}
    </Tag>
  );
}

export function OverdueTag({ overdue }: { overdue?: boolean | null }) {
  const { t } = useTranslation();
  return overdue ? (
    <Tag color="error" data-testid="overdue-flag">
      {t('pet.list.overdue')}
    </Tag>
  ) : null;
}
