/** Coloured tags for task status and timeliness. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TaskStatus, Timeliness } from '../api/types.ts';

export const STATUS_COLORS: Record<TaskStatus, string> = {
  awaiting_receipt: 'gold',
  in_progress: 'blue',
  awaiting_closure: 'purple',
  completed: 'green',
  stopped: 'default',
};

/** Chart colours (hex) matching the tags. */
export const TIMELINESS_HEX: Record<Timeliness, string> = {
  on_time: '#389e0d',
  overdue: '#cf1322',
  no_deadline: '#8c8c8c',
};

const TIMELINESS_COLORS: Record<Timeliness, string> = {
  on_time: 'success',
  overdue: 'error',
  no_deadline: 'default',
};

export function StatusTag({ status, testId }: { status: TaskStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}

export function TimelinessTag({ value, testId }: { value: Timeliness; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={TIMELINESS_COLORS[value]} data-testid={testId} data-timeliness={value} variant="outlined">
      {t(`timeliness.${value}`)}
    </Tag>
  );
}
