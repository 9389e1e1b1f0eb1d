/**
 * Báo cáo định kỳ (issue 6 points 2 and 10): pick a year and a reporting period (GET
 * /api/reporting-periods?year) or a custom window, optionally override the task section's window, and
 * read the report as the document (GET /api/reports/periodic): every figure links to its items, the
 * narrative slots are edited in place (tiptap) and saved as a draft (PUT …/draft); "Chốt số liệu"
 * stores a snapshot (POST …/snapshots); each snapshot can be compared with the current figures
 * (…/snapshots/:id/diff) and exported as DOCX / XLSX / PDF by a cancellable job with progress.
 * All choices live in the URL (back from a figure's list returns to the same report); unsaved narrative
 * edits survive that round trip in memory.
 */
import './periodic.css';
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { CameraOutlined, DiffOutlined, SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { IsoDatePicker } from '../../components/inputs.tsx';
import { fmtDate, fmtDateTime, todayIso } from '../../lib/dates.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useUrlState } from '../../lib/urlState.ts';
import {
  periodicApi,
  SEED_TASK_WINDOW,
  type PeriodKind,
  type ReportingPeriod,
  type ReportParams,
  type ReportSnapshot,
  type SnapshotSummary,
  type ReportView,
  type RichDoc,
  type TaskWindow,
} from './api.ts';
import { ExportButtons } from './ExportButtons.tsx';
import { fillFallback } from './fallbackTemplate.ts';
import { isPlaceholderDoc, ReportBody } from './ReportBody.tsx';
import { SnapshotDiffView } from './SnapshotDiffView.tsx';

const CUSTOM = 'custom';
const periodValue = (p: { kind: PeriodKind; number: number | null }) =>
  p.number != null ? `${p.kind}-${p.number}` : p.kind;
const parsePeriod = (v: string | undefined): { kind: PeriodKind; number: number | null } | null => {
  if (!v) return null;
  const m = /^(month|quarter|6_months|9_months|year|custom)(?:-(\d+))?$/.exec(v);
  return m ? { kind: m[1] as PeriodKind, number: m[2] ? Number(m[2]) : null } : null;
};
const shortHash = (h: string) => h.slice(0, 10);

/** Narrative edits not yet saved, per report, kept while the user visits a figure's list and comes back. */
const unsaved = new Map<string, Record<string, RichDoc>>();

export default function PeriodicReportPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const { get, set } = useUrlState();

  const thisYear = Number(todayIso().slice(0, 4));
  const year = Number(get('year') ?? thisYear) || thisYear;
  const sel = parsePeriod(get('period'));
  const from = get('from');
  const to = get('to');
  const taskFrom = get('taskFrom');
  const taskTo = get('taskTo');
  const taskAsOf = get('taskAsOf');
  const taskOverride: TaskWindow | undefined =
    taskFrom && taskTo ? { from: taskFrom, to: taskTo, asOf: taskAsOf ?? taskTo } : undefined;

  const params: ReportParams | null = useMemo(() => {
    if (!sel) return null;
    if (sel.kind === 'custom' && !(from && to)) return null;
    return {
      kind: sel.kind,
      year,
      number: sel.number,
      ...(sel.kind === 'custom' ? { from, to } : {}),
      ...(taskOverride
        ? { taskFrom: taskOverride.from, taskTo: taskOverride.to, taskAsOf: taskOverride.asOf }
        : {}),
    };
  }, [sel?.kind, sel?.number, year, from, to, taskFrom, taskTo, taskAsOf]);
  const draftKey = params
    ? `${params.kind}|${params.year}|${params.number ?? ''}|${params.from ?? ''}|${params.to ?? ''}`
    : '';
  const lang = en ? 'en' : 'vi';

  const periods = useQuery({
    queryKey: ['reporting-periods', year],
    queryFn: () => periodicApi.periods(year),
    staleTime: 5 * 60_000,
  });
  const period: ReportingPeriod | undefined = periods.data?.periods.find(
    (p) => sel && p.kind === sel.kind && (p.number ?? null) === sel.number,
  );

  const reportKey = ['periodic', 'report', params, lang] as const;
  const [cancelled, setCancelled] = useState(false);
  useEffect(() => setCancelled(false), [params]);
  const report = useQuery({
    queryKey: reportKey,
    queryFn: ({ signal }) => periodicApi.report(params!, lang, signal),
    enabled: !!params && !cancelled,
    staleTime: 60_000,
    retry: false,
  });
  const draft = useQuery({
    queryKey: ['periodic', 'draft', draftKey],
    queryFn: () => periodicApi.draft(params!),
    enabled: !!params,
    staleTime: 0,
  });
  const snapsKey = ['periodic', 'snapshots', draftKey] as const;
  const snapshots = useQuery({
    queryKey: snapsKey,
    queryFn: () => periodicApi.snapshots(params!),
    enabled: !!params,
    staleTime: 0,
  });

  const data: ReportView | undefined = report.data;
  /** the body in the template's order: the server's filled blocks, else the page's fallback */
  const body = useMemo(
    () =>
      data
        ? data.blocks
          ? { title: data.title ?? '', blocks: data.blocks }
          : fillFallback(data, lang)
        : null,
    [data, lang],
  );
  /** the saved text of each slot: the draft, else the report's narrative / the template's default */
  const savedNarrative = useMemo(() => {
    const out: Record<string, RichDoc> = {};
    for (const b of body?.blocks ?? []) {
      // a placeholder default ("(Chưa nhập …)") is not text: the slot stays empty until written
      if (b.kind === 'narrative') {
        const doc = draft.data?.narrative?.[b.slot] ?? (isPlaceholderDoc(b.doc) ? undefined : b.doc);
        if (doc) out[b.slot] = doc;
      }
    }
    return out;
  }, [body, draft.data]);

  const [edits, setEdits] = useState<Record<string, RichDoc>>(() => unsaved.get(draftKey) ?? {});
  useEffect(() => setEdits(unsaved.get(draftKey) ?? {}), [draftKey]);
  const onNarrative = (slot: string, doc: RichDoc, changed: boolean) =>
    setEdits((e) => {
      const next = { ...e };
      if (changed) next[slot] = doc;
      else delete next[slot];
      if (Object.keys(next).length) unsaved.set(draftKey, next);
      else unsaved.delete(draftKey);
      return next;
    });
  const dirty = Object.keys(edits).length > 0;
  const [saving, setSaving] = useState(false);
  const [freezing, setFreezing] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [diffOf, setDiffOf] = useState<SnapshotSummary | null>(null);

  const saveDraft = async (quiet = false) => {
    if (!params) return;
    setSaving(true);
    try {
      const narrative = { ...savedNarrative, ...edits };
      const r = await periodicApi.saveDraft(params, {
        narrative,
        ...(taskOverride ? { taskWindow: taskOverride } : {}),
      });
      qc.setQueryData(['periodic', 'draft', draftKey], {
        ...(r && typeof r === 'object' ? r : {}),
        narrative,
      });
      unsaved.delete(draftKey);
      setEdits({});
      setSavedAt(r?.updatedAt ?? new Date().toISOString());
      if (!quiet) void message.success(t('periodic.saved'));
    } finally {
      setSaving(false);
    }
  };

  /** Saves pending edits, then stores a snapshot of the report as it is now. */
  const freeze = async (): Promise<ReportSnapshot> => {
    if (!params) throw new Error('no period');
    setFreezing(true);
    try {
      if (dirty) await saveDraft(true);
      const s = await periodicApi.createSnapshot(params, taskOverride);
      const summary: SnapshotSummary = {
        id: s.id,
        hash: s.hash,
        createdAt: s.createdAt,
        createdBy: s.createdBy,
        taskWindow: s.report.taskWindow,
        cutOff: s.report.asOf,
      };
      qc.setQueryData<SnapshotSummary[]>(snapsKey, (old) => [
        summary,
        ...(old ?? []).filter((x) => x.id !== s.id),
      ]);
      void qc.invalidateQueries({ queryKey: snapsKey });
      void message.success(t('periodic.snapshotCreated', { hash: shortHash(s.hash) }));
      return s;
    } finally {
      setFreezing(false);
    }
  };

  /** Snapshots of the report on screen (same window and task window). */
  const mine = (snapshots.data ?? []).filter(
    (s) =>
      !data ||
      !s.taskWindow ||
      (s.taskWindow.from === data.taskWindow.from &&
        s.taskWindow.to === data.taskWindow.to &&
        s.taskWindow.asOf === data.taskWindow.asOf),
  );
  const latest = mine[0];
  /** the snapshot an export uses: the latest of this report, unless the text changed since (then a new one) */
  const exportSnapshot = async () => (latest && !dirty ? latest.id : (await freeze()).id);

  /** options grouped: cumulative periods first (6 months, 9 months, year), then quarters, months, custom */
  const group = (kinds: PeriodKind[], label: string) => ({
    label,
    title: label,
    options: (periods.data?.periods ?? [])
      .filter((p) => kinds.includes(p.kind))
      .map((p) => ({ value: periodValue(p), label: en ? p.label.en : p.label.vi })),
  });
  const periodOptions = [
    group(['6_months', '9_months', 'year'], t('periodic.groupCumulative')),
    group(['quarter'], t('periodic.groupQuarter')),
    group(['month'], t('periodic.groupMonth')),
    {
      label: t('periodic.custom'),
      title: t('periodic.custom'),
      options: [{ value: CUSTOM, label: t('periodic.custom') }],
    },
  ].filter((g) => g.options.length > 0);
  const years = Array.from({ length: thisYear + 2 - 2019 }, (_, i) => 2019 + i);

  return (
    <div className="page periodic-page">
      <Typography.Title level={2} className="page-title">
        {t('periodic.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" className="periodic-subtitle">
        {t('periodic.subtitle')}
      </Typography.Paragraph>

      <Card size="small" className="periodic-picker" title={t('periodic.period')}>
        <Flex gap={12} wrap align="center">
          <label className="field">
            <span className="field-label" id="periodic-year-label">
              {t('periodic.year')}
            </span>
            <Select
              value={year}
              onChange={(y) => set({ year: y })}
              options={years.map((y) => ({ value: y, label: String(y) }))}
              style={{ width: 100 }}
              aria-labelledby="periodic-year-label"
              data-testid="periodic-year"
            />
          </label>
          <label className="field">
            <span className="field-label" id="periodic-period-label">
              {t('periodic.period')}
            </span>
            <Select
              value={sel ? periodValue(sel) : undefined}
              placeholder={t('periodic.choosePeriod')}
              onChange={(v: string) => set({ period: v })}
              options={periodOptions}
              loading={periods.isFetching}
              style={{ minWidth: 260 }}
              showSearch={{ optionFilterProp: 'label' }}
              aria-labelledby="periodic-period-label"
              data-testid="periodic-period"
            />
          </label>
          {sel?.kind === 'custom' && (
            <>
              <IsoDatePicker
                value={from}
                onChange={(v) => set({ from: v })}
                aria-label={t('periodic.from')}
                placeholder={t('periodic.from')}
                data-testid="periodic-from"
              />
              <IsoDatePicker
                value={to}
                onChange={(v) => set({ to: v })}
                aria-label={t('periodic.to')}
                placeholder={t('periodic.to')}
                data-testid="periodic-to"
              />
            </>
          )}
        </Flex>
        {sel?.kind === 'custom' && !(from && to) && (
          <div className="muted small mt-s">{t('periodic.customHint')}</div>
        )}
        {(period || data) && (
          <div className="period-info small mt-s" data-testid="period-info">
            <Tag color="blue">
              {t('periodic.window', {
                from: fmtDate((data?.period ?? period)!.from),
                to: fmtDate((data?.period ?? period)!.to),
              })}
            </Tag>
            {period && (
              <>
                <Tag>{t('periodic.due', { date: fmtDate(period.due) })}</Tag>
                {period.recipients.length > 0 && (
                  <span className="muted">
                    {t('periodic.recipients')}: {period.recipients.map((r) => (en ? r.en : r.vi)).join('; ')}
                    .{' '}
                  </span>
                )}
                <span className="muted">
                  {t('periodic.legalBasis')}:{' '}
                  {en ? period.legalBasis : (period.legalBasisVi ?? period.legalBasis)}
                </span>
              </>
            )}
          </div>
        )}
        {periods.error && <Alert type="error" showIcon className="mt-s" title={errorText(periods.error)} />}

        <fieldset className="task-window mt-s" data-testid="task-window">
          <legend>{t('periodic.taskWindow')}</legend>
          <Flex gap={8} wrap align="center">
            <IsoDatePicker
              value={taskFrom}
              onChange={(v) => set({ taskFrom: v })}
              aria-label={t('periodic.taskFrom')}
              placeholder={t('periodic.taskFrom')}
              data-testid="task-from"
            />
            <IsoDatePicker
              value={taskTo}
              onChange={(v) => set({ taskTo: v })}
              aria-label={t('periodic.taskTo')}
              placeholder={t('periodic.taskTo')}
              data-testid="task-to"
            />
            <IsoDatePicker
              value={taskAsOf}
              onChange={(v) => set({ taskAsOf: v })}
              aria-label={t('periodic.taskAsOf')}
              placeholder={t('periodic.taskAsOf')}
              data-testid="task-asof"
            />
            <Button
              size="small"
              onClick={() =>
                set({
                  taskFrom: SEED_TASK_WINDOW.from,
                  taskTo: SEED_TASK_WINDOW.to,
                  taskAsOf: SEED_TASK_WINDOW.asOf,
                })
              }
              data-testid="task-seed-window"
            >
              {t('periodic.useSeedWindow')}
            </Button>
            {(taskFrom || taskTo || taskAsOf) && (
              <Button
                size="small"
                type="link"
                onClick={() => set({ taskFrom: null, taskTo: null, taskAsOf: null })}
              >
                {t('periodic.clearTaskWindow')}
              </Button>
            )}
          </Flex>
          <div className="muted small mt-s">{t('periodic.taskWindowNote')}</div>
          {data && (
            <div className="small mt-s" data-testid="task-window-used">
              {t('periodic.taskWindowUsed', {
                from: fmtDate(data.taskWindow.from),
                to: fmtDate(data.taskWindow.to),
                asOf: fmtDate(data.taskWindow.asOf),
              })}
            </div>
          )}
        </fieldset>
      </Card>

      {!params && <Alert className="mt" type="info" showIcon title={t('periodic.pickFirst')} />}

      {params && report.isFetching && !data && (
        <Card className="mt" data-testid="report-computing">
          <Flex align="center" gap={16}>
            <Spin />
            <span role="status" aria-live="polite">
              {t('periodic.computing')}
            </span>
            <Button
              onClick={() => {
                setCancelled(true);
                void qc.cancelQueries({ queryKey: reportKey });
              }}
              data-testid="report-cancel"
            >
              {t('periodic.cancel')}
            </Button>
          </Flex>
        </Card>
      )}
      {params && cancelled && !data && (
        <Alert
          className="mt"
          type="warning"
          showIcon
          title={t('periodic.cancelled')}
          action={
            <Button size="small" onClick={() => setCancelled(false)}>
              {t('periodic.retry')}
            </Button>
          }
        />
      )}
      {params && report.error && !report.isFetching && (
        <Alert
          className="mt"
          type="error"
          showIcon
          title={errorText(report.error)}
          action={
            <Button size="small" onClick={() => void report.refetch()}>
              {t('periodic.retry')}
            </Button>
          }
        />
      )}

      {params && data && body && (
        <Row gutter={[16, 16]} className="mt">
          <Col xs={24} xl={16}>
            <div className={report.isFetching ? 'fetching' : undefined}>
              <ReportBody
                report={data}
                title={body.title}
                blocks={body.blocks}
                narrative={{ ...savedNarrative, ...edits }}
                onNarrative={onNarrative}
              />
            </div>
            <div className="muted tiny mt-s">
              {t('periodic.computedAt', { time: fmtDateTime(data.computedAt) })}
            </div>
          </Col>
          <Col xs={24} xl={8}>
            <div className="periodic-side">
              <Card size="small" title={t('periodic.saveDraft')}>
                <Space wrap>
                  <Button
                    type="primary"
                    icon={<SaveOutlined />}
                    onClick={() => void saveDraft().catch((e: unknown) => void message.error(errorText(e)))}
                    loading={saving}
                    disabled={!dirty}
                    data-testid="save-draft"
                  >
                    {t('periodic.saveDraft')}
                  </Button>
                  <span className="small" role="status" aria-live="polite" data-testid="draft-state">
                    {dirty ? (
                      <Typography.Text type="warning">{t('periodic.unsaved')}</Typography.Text>
                    ) : savedAt || draft.data?.updatedAt ? (
                      <Typography.Text type="secondary">
                        {t('periodic.savedAt', { time: fmtDateTime(savedAt ?? draft.data?.updatedAt) })}
                      </Typography.Text>
                    ) : null}
                  </span>
                </Space>
              </Card>
              <Card size="small" title={t('periodic.snapshots')} className="mt-s">
                <Button
                  icon={<CameraOutlined />}
                  onClick={() => void freeze().catch((e: unknown) => void message.error(errorText(e)))}
                  loading={freezing}
                  block
                  data-testid="create-snapshot"
                >
                  {t('periodic.snapshot')}
                </Button>
                <div className="muted tiny mt-s">{t('periodic.snapshotHint')}</div>
                {snapshots.error && (
                  <Alert type="error" showIcon className="mt-s" title={errorText(snapshots.error)} />
                )}
                <ul className="snapshot-list" data-testid="snapshot-list">
                  {mine.length === 0 && !snapshots.isLoading && (
                    <li className="muted small">{t('periodic.snapshotsEmpty')}</li>
                  )}
                  {mine.map((s) => (
                    <li key={s.id} data-testid={`snapshot-${s.id}`} data-hash={s.hash}>
                      <div>
                        <strong>{fmtDateTime(s.createdAt)}</strong>
                        {(s.createdByName ?? s.createdBy) && (
                          <span className="muted"> · {s.createdByName ?? s.createdBy}</span>
                        )}
                      </div>
                      <Flex justify="space-between" align="center" gap={8}>
                        <Tooltip title={s.hash}>
                          <code className="mono small" aria-label={`${t('periodic.snapHash')} ${s.hash}`}>
                            {shortHash(s.hash)}
                          </code>
                        </Tooltip>
                        <Button
                          size="small"
                          icon={<DiffOutlined />}
                          onClick={() => setDiffOf(s)}
                          data-testid={`compare-${s.id}`}
                        >
                          {t('periodic.compare')}
                        </Button>
                      </Flex>
                    </li>
                  ))}
                </ul>
              </Card>
              <Card size="small" title={t('periodic.exports')} className="mt-s">
                <div className="muted tiny mb">
                  {latest && !dirty
                    ? t('periodic.exportOf', { hash: shortHash(latest.hash) })
                    : t('periodic.exportHint')}
                </div>
                <ExportButtons snapshotId={exportSnapshot} disabled={freezing} />
              </Card>
            </div>
          </Col>
        </Row>
      )}

      <Modal
        open={!!diffOf}
        onCancel={() => setDiffOf(null)}
        footer={<Button onClick={() => setDiffOf(null)}>{t('periodic.close')}</Button>}
        title={diffOf ? t('periodic.diffTitle', { hash: shortHash(diffOf.hash) }) : ''}
        width={960}
        destroyOnHidden
      >
        {diffOf && <SnapshotDiffView snapshotId={diffOf.id} />}
      </Modal>
    </div>
  );
}
