/**
 * The satisfaction vote and the per-dossier indices of TT 01/2018 Art 13–15 (1, 2, 3, 4, 6, 7; each
 * scored 0, 1 or 2), as form fields named `vote` and `indices.iN`. The questions are numbered 1..n as
 * shown (a citizen never sees a gap); the circular's index stays the field name, and staff entering a
 * paper form (`showIndex`) also see it ("chỉ số 6 – TT 01/2018").
 */
import { Form, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { PER_DOSSIER_INDICES, VOTES } from './api.ts';

export function RatingFields({
  withIndices = true,
  showIndex = false,
}: {
  withIndices?: boolean;
  showIndex?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="vote"
        label={t('dossiers.rating.vote')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          data-testid="rating-vote"
          options={VOTES.map((v) => ({ value: v, label: t(`dossiers.rating.votes.${v}`) }))}
        />
      </Form.Item>
      {withIndices &&
        PER_DOSSIER_INDICES.map((i, k) => (
          <Form.Item
            key={i}
            name={['indices', i]}
            label={
              <span data-testid={`rating-question-${i}`}>
                {k + 1}. {t(`dossiers.rating.indices.${i}`)}
                {showIndex && (
                  <span className="muted small"> ({t('dossiers.rating.indexOf', { n: i.slice(1) })})</span>
                )}
              </span>
            }
            className="index-item"
          >
            <Radio.Group
              size="small"
              data-testid={`rating-${i}`}
              options={[2, 1, 0].map((n) => ({
                value: n,
                label: `${t(`dossiers.rating.scale.${i}.s${n}` as 'dossiers.rating.scale.i1.s0')} (${t(
                  `dossiers.rating.scores.s${n}` as 'dossiers.rating.scores.s0',
                )})`,
              }))}
            />
          </Form.Item>
        ))}
    </>
  );
}

/** The indices object without the unanswered ones (undefined when none was answered). */
export function cleanIndices(ix: Record<string, number | undefined> | undefined) {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(ix ?? {})) if (typeof v === 'number') out[k] = v;
  return Object.keys(out).length ? out : undefined;
}
