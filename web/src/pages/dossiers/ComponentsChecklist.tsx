/**
 * The checklist of dossier components (thành phần hồ sơ) at the counter, at the call centre and on the
 * online filing page.
 *
 * A catalogue record lists its components per case (trường hợp: "1) Hồ sơ đối với tàu đóng mới gồm:" …,
 * `components[].case` in the procedure data, from `dossier_cases` of the national catalogue), and the same
 * paper comes back in several cases (1.003650 lists the registration form in 6 of its 7 cases: 36 rows, 14
 * distinct papers). So:
 * - the rows are the DISTINCT components (same name once the spacing, the case of letters and a final
 *   full stop are ignored), in their first order; ticking one ticks it in every case it belongs to;
 * - rows are grouped by case in collapsed panels (a group's header counts what is ticked in it); a record
 *   without cases gives one flat list;
 * - nothing is pre-ticked: the clerk ticks what the applicant handed in, and only those go into the dossier
 *   (and so into the receipt, form 01).
 *
 * Form state: `components` = one `{ name, original, count, received }` per distinct component (set with
 * `initialComponents`); read it with `form.getFieldValue('components')` — rows in a closed panel are not
 * mounted.
 */
import { Checkbox, Collapse, Form, InputNumber, Radio, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChecklistRow, ComponentGroups } from './components.ts';

export {
  groupComponents,
  initialComponents,
  receivedComponents,
  sameRows,
  type ChecklistRow,
  type ComponentGroups,
} from './components.ts';

function ComponentName({ value }: { value?: string }) {
  return <span className="component-name">{value}</span>;
}

export function ComponentsChecklist({
  groups,
  compact = false,
  accordion = false,
  extra,
}: {
  groups: ComponentGroups;
  /** citizens: no original/copy and count controls */
  compact?: boolean;
  /** one group open at a time (the filing page: one file input per distinct component on screen) */
  accordion?: boolean;
  /** more controls per row (the filing page's file picker), by distinct index */
  extra?: (i: number) => ReactNode;
}) {
  const { t } = useTranslation();
  const rows = (Form.useWatch('components') ?? []) as ChecklistRow[];
  if (!groups.distinct.length)
    return <Typography.Text type="secondary">{t('dossiers.noComponents')}</Typography.Text>;

  const row = (i: number) => {
    const name = groups.distinct[i]!;
    return (
      <div key={i} className="component-row" data-testid={`component-${i}`}>
        <Form.Item name={['components', i, 'received']} valuePropName="checked" noStyle>
          <Checkbox
            aria-label={`${t('dossiers.componentReceived')}: ${name}`}
            data-testid={`component-check-${i}`}
          />
        </Form.Item>
        <Form.Item name={['components', i, 'name']} noStyle>
          <ComponentName />
        </Form.Item>
        {!compact && (
          <Space size={8} className="component-controls">
            <Form.Item name={['components', i, 'original']} noStyle>
              <Radio.Group
                size="small"
                aria-label={name}
                optionType="button"
                options={[
                  { value: true, label: t('dossiers.original') },
                  { value: false, label: t('dossiers.copy') },
                ]}
              />
            </Form.Item>
            <Form.Item name={['components', i, 'count']} noStyle>
              <InputNumber
                size="small"
                min={1}
                max={99}
                style={{ width: 64 }}
                aria-label={`${t('dossiers.count')}: ${name}`}
              />
            </Form.Item>
          </Space>
        )}
        {extra?.(i)}
      </div>
    );
  };

  const flat = groups.groups.length === 1 && groups.groups[0]!.title === null;
  const ticked = rows.filter((r) => r?.received).length;
  return (
    <div className="components-list" data-testid="components-list">
      <div className="muted small mb" data-testid="components-summary">
        {t('dossiers.componentsTicked', { n: ticked, of: groups.distinct.length })}
      </div>
      {flat ? (
        groups.groups[0]!.items.map(row)
      ) : (
        <Collapse
          size="small"
          accordion={accordion}
          destroyOnHidden
          data-testid="component-groups"
          items={groups.groups.map((g) => {
            const n = g.items.filter((i) => rows[i]?.received).length;
            return {
              key: g.key,
              label: (
                <span data-testid={`component-group-${g.key}`}>
                  {g.title ?? t('dossiers.componentsOther')}{' '}
                  <span className="muted small">
                    ({t('dossiers.componentsTickedShort', { n, of: g.items.length })})
                  </span>
                </span>
              ),
              children: g.items.map(row),
            };
          })}
        />
      )}
    </div>
  );
}
