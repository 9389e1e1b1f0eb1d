/** A time limit as text ("15 ngày làm việc"), with a "needs review" tag when its unit is not stated. */
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TimeLimit } from '../dossiers/api.ts';

export function LimitText({ l }: { l: TimeLimit }) {
  const { t } = useTranslation();
  const unit = l.unit ? t(`procedures.units.${l.unit}`) : '';
  const main =
    l.value === null || l.value === undefined
      ? (l.text ?? t('procedures.noLimit'))
      : l.unit
        ? `${l.value} ${unit}`
        : `${l.value} (${t('procedures.noUnit')})`;
  return (
    <span data-testid={`limit-${l.channel}`}>
      {main}
      {l.needsReview && (
        <Tooltip title={l.text ? t('procedures.publishedAs', { text: l.text }) : undefined}>
          <Tag color="warning" className="ml-s" data-testid={`needs-review-${l.channel}`}>
            {t('procedures.needsReview')}
          </Tag>
        </Tooltip>
      )}
      {!l.needsReview && l.review?.source && (
        <Tooltip title={l.review.source}>
          <Tag color="success" className="ml-s">
            {t('procedures.reviewed')}
          </Tag>
        </Tooltip>
      )}
    </span>
  );
}
