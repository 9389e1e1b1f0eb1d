/**
 * Lịch làm việc: a year of the working-day calendar (holidays, compensatory and swapped days off, make-up
 * Saturdays, with their sources), schedules awaiting confirmation, a working-day calculator and, for
 * admins, the editor (`POST /api/calendar/overrides`). Contract: docs/calendar.md.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useAuth } from '../auth.tsx';
import { fmtDate, todayIso } from '../lib/dates.ts';
import { useUrlState } from '../lib/urlState.ts';
import { useApiErrors, useErrorText } from '../lib/errors.ts';
import { IsoDatePicker } from '../components/inputs.tsx';

type SpecialKind = 'holiday' | 'compensatory' | 'swapped_off' | 'makeup_working';
type DayKind = SpecialKind | 'weekend' | 'working';
const SPECIAL_KINDS: SpecialKind[] = ['holiday', 'compensatory', 'swapped_off', 'makeup_working'];
const LEGEND: DayKind[] = ['working', 'weekend', 'holiday', 'compensatory', 'swapped_off', 'makeup_working'];
const KIND_COLOR: Record<DayKind, string> = {
  working: 'default',
  weekend: 'default',
  holiday: 'red',
  compensatory: 'orange',
  swapped_off: 'gold',
  makeup_working: 'blue',
};

interface LegalDoc {
  number: string;
  date: string | null;
  title?: string | null;
  url?: string | null;
}
interface Entry {
  date: string;
  kind: SpecialKind;
  holiday: string;
  name: string;
  nameEn: string;
  source: string;
  origin: 'rule' | 'default' | 'schedule';
  ruleId: string | null;
  scheduleId: string | null;
  legalDocument: LegalDoc | null;
}
interface HolidayDay extends Entry {
  working: boolean;
  isoWeekday: number;
}
interface Awaiting {
  id: string;
  name: string;
  nameEn: string;
  source: string;
  days: { date: string; kind: string; holiday: string }[];
}
interface HolidaysResponse {
  year: number;
  days: HolidayDay[];
  awaitingConfirmation: Awaiting[];
  calendar: { fromYear: number; toYear: number; fingerprint: string };
}
interface DayInfo {
  date: string;
  working: boolean;
  isoWeekday: number;
  weeklyRestDay: boolean;
  entries: Entry[];
}
interface HolidayRuleItem {
  id: string;
  key: string;
  name: string;
  nameEn: string;
  enabled: boolean;
  inForce?: boolean;
  validFrom?: string | null;
}
interface AffectedTask {
  id: string;
  ref: string;
  title: string;
  status: string;
  deadline: string | null;
  currentDeadline?: string | null;
  ruleDateBefore: string | null;
  ruleDateAfter: string | null;
}
interface OverrideResult {
  op: string;
  changedDays: { date: string; workingBefore: boolean; workingAfter: boolean }[];
  affectedTasks: AffectedTask[];
  affectedTaskCount: number;
}

/** The colour class of a day: a make-up Saturday wins when the day is worked, then the first entry. */
function dayKind(d: DayInfo): DayKind {
  if (d.working && d.entries.some((e) => e.kind === 'makeup_working')) return 'makeup_working';
  const off = d.entries.find((e) => e.kind !== 'makeup_working');
  if (off) return off.kind;
  if (!d.working) return 'weekend';
  return 'working';
}

function useEn() {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('en');
}

function EntryText({ e }: { e: Entry }) {
  const en = useEn();
  return (
    <div className="cal-entry">
      <strong>{en ? e.nameEn : e.name}</strong>
      <div className="small">{e.source}</div>
    </div>
  );
}

function MonthGrid({
  year,
  month,
  days,
  selected,
  onSelect,
}: {
  year: number;
  month: number;
  days: Map<string, DayInfo>;
  selected: string | null;
  onSelect: (d: string) => void;
}) {
  const { t } = useTranslation();
  const en = useEn();
  const weekdays = t('calendar.weekdays').split(',');
  const first = new Date(Date.UTC(year, month - 1, 1));
  const title = en
    ? new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(first)
    : t('calendar.month', { m: month });
  const lead = (first.getUTCDay() + 6) % 7; // Monday = 0
  const count = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= count; d++) {
    cells.push(`${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  }
  return (
    <div className="cal-month">
      <div className="cal-month-title">{title}</div>
      <div className="cal-grid" role="grid" aria-label={title}>
        {weekdays.map((w, i) => (
          <div key={w} className={`cal-wd${i >= 5 ? ' cal-wd-rest' : ''}`} role="columnheader">
            {w}
          </div>
        ))}
        {cells.map((iso, i) => {
          if (!iso) return <div key={`e${i}`} className="cal-cell cal-empty" />;
          const info = days.get(iso);
          const kind = info ? dayKind(info) : 'working';
          const cell = (
            <button
              type="button"
              key={iso}
              className={`cal-cell cal-${kind}${selected === iso ? ' cal-selected' : ''}`}
              data-testid={`calendar-day-${iso}`}
              data-kind={kind}
              aria-label={`${fmtDate(iso)} — ${t(`calendar.kinds.${kind}`)}`}
              onClick={() => onSelect(iso)}
            >
              {Number(iso.slice(8))}
            </button>
          );
          if (!info?.entries.length) return cell;
          return (
            <Tooltip
              key={iso}
              title={
                <div>
                  <div>{fmtDate(iso)}</div>
                  {info.entries.map((e, j) => (
                    <EntryText key={j} e={e} />
                  ))}
                </div>
              }
            >
              {cell}
            </Tooltip>
          );
        })}
      </div>
    </div>
  );
}

function Calculator() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [start, setStart] = useState<string | undefined>(todayIso());
  const [n, setN] = useState<number | null>(10);
  const [from, setFrom] = useState<string | undefined>(todayIso());
  const [to, setTo] = useState<string | undefined>();
  const add = useMutation({
    mutationFn: (q: { start: string; days: number }) =>
      api.get<{ date: string }>('/api/calendar/add-working-days', q).then((r) => ({ ...q, ...r })),
  });
  const between = useMutation({
    mutationFn: (q: { from: string; to: string }) =>
      api.get<{ days: number }>('/api/calendar/working-days-between', q).then((r) => ({ ...q, ...r })),
  });
  return (
    <Card size="small" title={t('calendar.calculator')} className="mt">
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={12}>
          <Typography.Text strong>{t('calendar.addDays')}</Typography.Text>
          <Flex gap={8} wrap align="center" className="mt-s">
            <IsoDatePicker aria-label={t('calendar.start')} value={start} onChange={setStart} />
            <span>+</span>
            <InputNumber
              aria-label={t('calendar.nDays')}
              value={n}
              onChange={(v) => setN(v)}
              precision={0}
              style={{ width: 110 }}
            />
            <Button
              type="primary"
              disabled={!start || n === null}
              loading={add.isPending}
              onClick={() => start && n !== null && add.mutate({ start, days: n })}
            >
              {t('calendar.compute')}
            </Button>
          </Flex>
          <div className="mt-s" data-testid="calendar-add-days-result" aria-live="polite">
            {add.error ? (
              <Alert type="error" showIcon title={errorText(add.error)} />
            ) : add.data ? (
              <Typography.Text strong>
                {t('calendar.addResult', {
                  days: add.data.days,
                  start: fmtDate(add.data.start),
                  date: fmtDate(add.data.date),
                })}
              </Typography.Text>
            ) : null}
          </div>
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Text strong>{t('calendar.between')}</Typography.Text>
          <Flex gap={8} wrap align="center" className="mt-s">
            <IsoDatePicker aria-label={t('common.from')} value={from} onChange={setFrom} />
            <span>→</span>
            <IsoDatePicker aria-label={t('common.to')} value={to} onChange={setTo} />
            <Button
              type="primary"
              disabled={!from || !to}
              loading={between.isPending}
              onClick={() => from && to && between.mutate({ from, to })}
            >
              {t('calendar.compute')}
            </Button>
          </Flex>
          <div className="mt-s" data-testid="calendar-between-result" aria-live="polite">
            {between.error ? (
              <Alert type="error" showIcon title={errorText(between.error)} />
            ) : between.data ? (
              <Typography.Text strong>
                {t('calendar.betweenResult', {
                  days: between.data.days,
                  from: fmtDate(between.data.from),
                  to: fmtDate(between.data.to),
                })}
              </Typography.Text>
            ) : null}
          </div>
        </Col>
      </Row>
    </Card>
  );
}

interface EditorValues {
  date?: string;
  kind?: SpecialKind;
  holiday?: string;
  name?: string;
  nameEn?: string;
  scheduleId?: string;
  ruleId?: string;
  validFrom?: string;
  docNumber?: string;
  docDate?: string;
  reason?: string;
}

const FIELD_ALIASES: Record<string, string> = {
  'legalDocument.number': 'docNumber',
  'legalDocument.date': 'docDate',
};

function Editor({
  awaiting,
  tab,
  setTab,
  form,
}: {
  awaiting: Awaiting[];
  tab: string;
  setTab: (k: string) => void;
  form: ReturnType<typeof Form.useForm<EditorValues>>[0];
}) {
  const { t } = useTranslation();
  const en = useEn();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { applyToForm } = useApiErrors();
  const [result, setResult] = useState<OverrideResult | null>(null);
  const rules = useQuery({
    queryKey: ['calendar', 'rules'],
    queryFn: () => api.get<{ holidayRules: HolidayRuleItem[] }>('/api/calendar/rules'),
  });
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<OverrideResult>('/api/calendar/overrides', body),
    onSuccess: (r) => {
      setResult(r);
      form.resetFields();
      void message.success(t('calendar.done'));
      void qc.invalidateQueries({ queryKey: ['calendar'] });
    },
    onError: (e) =>
      applyToForm(
        form,
        e,
        [
          'date',
          'kind',
          'holiday',
          'name',
          'nameEn',
          'scheduleId',
          'ruleId',
          'validFrom',
          'docNumber',
          'docDate',
        ],
        FIELD_ALIASES,
      ),
  });
  const submit = (v: EditorValues) => {
    const legalDocument = { number: v.docNumber?.trim(), date: v.docDate };
    const reason = v.reason?.trim() || null;
    if (tab === 'add_day') {
      save.mutate({
        op: 'add_day',
        date: v.date,
        kind: v.kind,
        holiday: v.holiday?.trim() || 'special',
        name: v.name?.trim() || null,
        nameEn: v.nameEn?.trim() || null,
        legalDocument,
        reason,
      });
    } else if (tab === 'verify_schedule') {
      save.mutate({ op: 'verify_schedule', scheduleId: v.scheduleId, legalDocument, reason });
    } else {
      save.mutate({ op: 'enable_rule', ruleId: v.ruleId, validFrom: v.validFrom, legalDocument, reason });
    }
  };
  const req = [{ required: true, message: t('common.required') }];
  const docFields = (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Form.Item name="docNumber" label={t('calendar.docNumber')} rules={req}>
          <Input maxLength={200} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="docDate" label={t('calendar.docDate')} rules={req}>
          <IsoDatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
    </Row>
  );
  const affectedCols: TableColumnsType<AffectedTask> = [
    {
      title: t('calendar.ref'),
      dataIndex: 'ref',
      width: 140,
      render: (ref: string, r) => <Link to={`/tasks/${encodeURIComponent(r.id)}`}>{ref}</Link>,
    },
    { title: t('calendar.task'), dataIndex: 'title' },
    {
      title: t('calendar.deadline'),
      key: 'deadline',
      width: 130,
      render: (_: unknown, r) => fmtDate(r.currentDeadline ?? r.deadline),
    },
    {
      title: t('calendar.ruleDate'),
      key: 'rule',
      width: 220,
      render: (_: unknown, r) => `${fmtDate(r.ruleDateBefore)} → ${fmtDate(r.ruleDateAfter)}`,
    },
  ];
  return (
    <Card size="small" title={t('calendar.editor')} className="mt" data-testid="calendar-editor">
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'add_day', label: t('calendar.opAddDay') },
          { key: 'verify_schedule', label: t('calendar.opVerify') },
          { key: 'enable_rule', label: t('calendar.opEnableRule') },
        ]}
      />
      <Form<EditorValues> form={form} layout="vertical" onFinish={submit} className="cal-editor-form">
        {tab === 'add_day' && (
          <>
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item name="date" label={t('calendar.date')} rules={req}>
                  <IsoDatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="kind" label={t('calendar.kind')} rules={req}>
                  <Select
                    options={SPECIAL_KINDS.map((k) => ({ value: k, label: t(`calendar.kinds.${k}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="holiday"
                  label={t('calendar.holidayKey')}
                  extra={t('calendar.holidayKeyHint')}
                >
                  <Input placeholder="special" maxLength={50} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col xs={24} md={12}>
                <Form.Item name="name" label={t('calendar.nameVi')}>
                  <Input maxLength={300} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="nameEn" label={t('calendar.nameEn')}>
                  <Input maxLength={300} />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
        {tab === 'verify_schedule' && (
          <Form.Item name="scheduleId" label={t('calendar.schedule')} rules={req}>
            <Select
              options={awaiting.map((s) => ({ value: s.id, label: `${en ? s.nameEn : s.name} (${s.id})` }))}
              notFoundContent={t('calendar.awaitingNone')}
            />
          </Form.Item>
        )}
        {tab === 'enable_rule' && (
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="ruleId" label={t('calendar.rule')} rules={req}>
                <Select
                  loading={rules.isLoading}
                  options={(rules.data?.holidayRules ?? []).map((r) => ({
                    value: r.id,
                    label: `${en ? r.nameEn : r.name} — ${r.enabled ? t('calendar.ruleEnabled') : t('calendar.ruleDisabled')}`,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="validFrom" label={t('calendar.validFrom')} rules={req}>
                <IsoDatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        )}
        {docFields}
        <Form.Item name="reason" label={t('calendar.reason')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="calendar-submit">
          {t('calendar.submit')}
        </Button>
      </Form>
      {result && (
        <Card
          size="small"
          type="inner"
          title={t('calendar.result')}
          className="mt"
          data-testid="calendar-result"
        >
          <Typography.Text strong>
            {t('calendar.changedDays', { count: result.changedDays.length })}
          </Typography.Text>
          {result.changedDays.length ? (
            <Flex gap={6} wrap className="mt-s">
              {result.changedDays.map((d) => (
                <Tag key={d.date} color={d.workingAfter ? 'blue' : 'red'}>
                  {fmtDate(d.date)}: {d.workingBefore ? t('calendar.working') : t('calendar.notWorking')} →{' '}
                  {d.workingAfter ? t('calendar.working') : t('calendar.notWorking')}
                </Tag>
              ))}
            </Flex>
          ) : (
            <div className="muted">{t('calendar.changedNone')}</div>
          )}
          <div className="mt">
            <Typography.Text strong>
              {t('calendar.affectedTasks', { count: result.affectedTaskCount })}
            </Typography.Text>
            <div className="muted small">{t('calendar.affectedHint')}</div>
          </div>
          {result.affectedTasks.length ? (
            <Table<AffectedTask>
              className="mt-s"
              rowKey="id"
              size="small"
              columns={affectedCols}
              dataSource={result.affectedTasks}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
            />
          ) : (
            <div className="muted">{t('calendar.affectedNone')}</div>
          )}
        </Card>
      )}
    </Card>
  );
}

export default function CalendarPage() {
  const { t } = useTranslation();
  const en = useEn();
  const { admin } = useAuth();
  const errorText = useErrorText();
  const { get, set } = useUrlState();
  const thisYear = Number(todayIso().slice(0, 4));
  const year = Math.min(2060, Math.max(2019, Number(get('year')) || thisYear));
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState('add_day');
  const [form] = Form.useForm<EditorValues>();

  const days = useQuery({
    queryKey: ['calendar', 'days', year],
    queryFn: () =>
      api.get<{ days: DayInfo[] }>('/api/calendar/days', { from: `${year}-01-01`, to: `${year}-12-31` }),
  });
  const holidays = useQuery({
    queryKey: ['calendar', 'holidays', year],
    queryFn: () => api.get<HolidaysResponse>('/api/calendar/holidays', { year }),
  });
  const dayMap = useMemo(() => new Map((days.data?.days ?? []).map((d) => [d.date, d])), [days.data]);
  const sel = selected ? dayMap.get(selected) : undefined;
  const awaiting = holidays.data?.awaitingConfirmation ?? [];
  const years = useMemo(() => Array.from({ length: 2060 - 2019 + 1 }, (_, i) => 2019 + i), []);

  const columns: TableColumnsType<HolidayDay> = [
    {
      title: t('calendar.date'),
      dataIndex: 'date',
      width: 150,
      render: (d: string, r) => (
        <span className="nowrap">
          {fmtDate(d)}{' '}
          <span className="muted small">{t('calendar.weekdays').split(',')[r.isoWeekday - 1]}</span>
        </span>
      ),
    },
    {
      title: t('calendar.kind'),
      dataIndex: 'kind',
      width: 190,
      render: (k: SpecialKind) => (
        <Tag color={KIND_COLOR[k]} bordered={false}>
          {t(`calendar.kinds.${k}`)}
        </Tag>
      ),
    },
    {
      title: t('calendar.name'),
      key: 'name',
      width: 260,
      render: (_: unknown, r) => (
        <div>
          {en ? r.nameEn : r.name}
          {en && <div className="muted small">{r.name}</div>}
        </div>
      ),
    },
    {
      title: t('calendar.source'),
      dataIndex: 'source',
      render: (s: string, r) => (
        <div className="small">
          {s}{' '}
          <Tag bordered={false} color={r.origin === 'default' ? 'warning' : undefined}>
            {t(`calendar.origins.${r.origin}`)}
          </Tag>
        </div>
      ),
    },
  ];

  const confirm = (id: string) => {
    setTab('verify_schedule');
    form.setFieldsValue({ scheduleId: id });
    document.querySelector('[data-testid="calendar-editor"]')?.scrollIntoView({ behavior: 'smooth' });
  };

  const error = days.error ?? holidays.error;
  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={2} className="page-title">
          {t('calendar.title')}
        </Typography.Title>
        <Flex align="center" gap={8}>
          <label htmlFor="cal-year">{t('calendar.year')}</label>
          <Select<number>
            id="cal-year"
            value={year}
            style={{ width: 100 }}
            onChange={(y) => {
              setSelected(null);
              set({ year: y === thisYear ? undefined : y });
            }}
            options={years.map((y) => ({ value: y, label: String(y) }))}
            data-testid="calendar-year-select"
          />
        </Flex>
      </Flex>
      <Typography.Text type="secondary">{t('calendar.intro')}</Typography.Text>
      {error && (
        <Alert
          type="error"
          showIcon
          className="mt"
          title={t('common.loadError')}
          description={errorText(error)}
        />
      )}
      <Card size="small" className="mt">
        <Flex gap={12} wrap align="center" className="cal-legend" aria-label={t('calendar.legend')}>
          {LEGEND.map((k) => (
            <span key={k} className="nowrap">
              <span className={`cal-swatch cal-${k}`} aria-hidden /> {t(`calendar.kinds.${k}`)}
            </span>
          ))}
        </Flex>
        <div className="cal-year mt" data-testid="calendar-year" data-year={year} aria-busy={days.isFetching}>
          {Array.from({ length: 12 }, (_, i) => (
            <MonthGrid
              key={i}
              year={year}
              month={i + 1}
              days={dayMap}
              selected={selected}
              onSelect={setSelected}
            />
          ))}
        </div>
        <div className="cal-selected-box mt" aria-live="polite" data-testid="calendar-selected">
          {sel ? (
            <div>
              <strong>
                {fmtDate(sel.date)} · {t(`calendar.kinds.${dayKind(sel)}`)} ·{' '}
                {sel.working ? t('calendar.working') : t('calendar.notWorking')}
              </strong>
              {sel.entries.map((e, j) => (
                <EntryText key={j} e={e} />
              ))}
            </div>
          ) : (
            <span className="muted">{t('calendar.clickHint')}</span>
          )}
        </div>
      </Card>
      <Card size="small" title={t('calendar.awaiting')} className="mt" data-testid="calendar-awaiting">
        <div className="muted small">{t('calendar.awaitingHint')}</div>
        <List
          dataSource={awaiting}
          locale={{ emptyText: t('calendar.awaitingNone') }}
          renderItem={(s) => (
            <List.Item key={s.id}>
              <div>
                <strong>{en ? s.nameEn : s.name}</strong>
                <div className="small">{s.source}</div>
                <Flex gap={4} wrap className="mt-s">
                  {s.days.map((d) => (
                    <Tag
                      key={`${d.date}-${d.kind}`}
                      color={KIND_COLOR[d.kind as SpecialKind]}
                      bordered={false}
                    >
                      {fmtDate(d.date)} ·{' '}
                      {t(`calendar.kinds.${d.kind as SpecialKind}`, { defaultValue: d.kind })}
                    </Tag>
                  ))}
                </Flex>
                {admin && (
                  <Button size="small" className="mt-s" onClick={() => confirm(s.id)}>
                    {t('calendar.confirmThis')}
                  </Button>
                )}
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('calendar.specialDays', { year })} className="mt">
        <Table<HolidayDay>
          rowKey={(r) => `${r.date}-${r.kind}-${r.holiday}-${r.scheduleId ?? r.ruleId ?? r.origin}`}
          size="small"
          columns={columns}
          dataSource={holidays.data?.days ?? []}
          loading={holidays.isFetching}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="calendar-special-days"
        />
      </Card>
      <Calculator />
      {admin && <Editor awaiting={awaiting} tab={tab} setTab={setTab} form={form} />}
    </div>
  );
}
