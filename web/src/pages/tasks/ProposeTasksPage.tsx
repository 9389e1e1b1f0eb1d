/**
 * /tasks/propose — tasks proposed from a directive (issue 6 item 7). The specialist picks the assigning
 * document from the register (or only gives a date to read a text first), uploads a DOCX/PDF or pastes the
 * text, sees the text with the clauses that gave proposals highlighted and a table of proposals to edit
 * (lead and cooperating agencies, content, deadline), ticks the rows to keep and creates the tasks
 * (`POST /api/tasks/proposals/confirm`, one transaction). Server: src/modules/tasks/proposal-routes.ts.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  List,
  Result,
  Row,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType, UploadFile } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { useDocument } from '../../api/hooks.ts';
import { fmtDate } from '../../lib/dates.ts';
import { useErrorText } from '../../lib/errors.ts';
import { AgencySelect, DocumentSelect, IsoDatePicker } from '../../components/inputs.tsx';
import type { proposeVi } from './messages.ts';

interface AgencyRef {
  code: string;
  name: string;
  matchedText: string;
}
interface Clause {
  start: number;
  end: number;
  text: string;
  label: string;
}
interface Proposal {
  clause: Clause;
  leadAgency: AgencyRef | null;
  leadGroup: { key: string; matchedText: string; codes: string[] } | null;
  cooperatingAgencies: AgencyRef[];
  action: string;
  deadline: {
    phrase: string | null;
    date: string | null;
    kind: keyof (typeof proposeVi)['propose']['kinds'];
    recurrence?: keyof (typeof proposeVi)['propose']['recurrence'];
  };
  confidence: number;
}
interface ProposalResult {
  documentDate: string;
  documentId: string | null;
  numberSymbol: string | null;
  text: string;
  clauses: Clause[];
  proposals: Proposal[];
}
interface RowState {
  key: string;
  keep: boolean;
  clause: Clause;
  lead: string | undefined;
  group: Proposal['leadGroup'];
  coop: string[];
  content: string;
  deadline: string | null;
  proposed: Proposal['deadline'];
  confidence: number;
}
interface CreatedTask {
  id: string;
  ref: string | null;
  title: string;
  leadAgency: { code: string; name: string };
}

const NOT_LEADS = ['committee', 'chairman', 'vice_chairman'] as const;

function rowsOf(r: ProposalResult): RowState[] {
  return r.proposals.map((p, i) => ({
    key: `p${i}`,
    keep: !!p.leadAgency || !!p.leadGroup,
    clause: p.clause,
    lead: p.leadAgency?.code,
    group: p.leadGroup,
    coop: p.cooperatingAgencies.map((c) => c.code),
    content: p.action,
    deadline: p.deadline.date,
    proposed: p.deadline,
    confidence: p.confidence,
  }));
}

/** The text with the clauses that gave a proposal highlighted (labels as badges). */
function HighlightedText({ text, clauses, active }: { text: string; clauses: Clause[]; active?: string }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  const sorted = [...clauses].sort((a, b) => a.start - b.start);
  for (const c of sorted) {
    if (c.start < at) continue;
    parts.push(text.slice(at, c.start));
    parts.push(
      <mark
        key={`${c.label}-${c.start}`}
        id={`clause-${c.start}`}
        className={active === `${c.start}` ? 'propose-clause active' : 'propose-clause'}
        data-testid="proposal-clause"
      >
        <Tag color="blue" className="propose-label">
          {c.label}
        </Tag>
        {text.slice(c.start, c.end)}
      </mark>,
    );
    at = c.end;
  }
  parts.push(text.slice(at));
  return (
    <div className="propose-text" style={{ whiteSpace: 'pre-wrap', maxHeight: 560, overflow: 'auto' }}>
      {parts}
    </div>
  );
}

export default function ProposeTasksPage() {
  const { t } = useTranslation();
  const { office, admin } = useAuth();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [documentId, setDocumentId] = useState<string | undefined>();
  const [documentDate, setDocumentDate] = useState<string | undefined>();
  const [mode, setMode] = useState<'upload' | 'paste'>('upload');
  const [file, setFile] = useState<UploadFile | null>(null);
  const [pasted, setPasted] = useState('');
  const [reading, setReading] = useState(false);
  const [result, setResult] = useState<ProposalResult | null>(null);
  const [rows, setRows] = useState<RowState[]>([]);
  const [active, setActive] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedTask[] | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const doc = useDocument(documentId);

  const date = result?.documentDate;
  const kept = rows.filter((r) => r.keep);
  const highlighted = useMemo(() => {
    const seen = new Map<number, Clause>();
    for (const r of rows) seen.set(r.clause.start, r.clause);
    return [...seen.values()];
  }, [rows]);

  if (!office && !admin) return <Result status="403" title={t('propose.forbidden')} />;

  const update = (key: string, patch: Partial<RowState>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const read = async () => {
    setReading(true);
    setReadError(null);
    setCreated(null);
    setRowErrors({});
    try {
      let r: ProposalResult;
      if (mode === 'upload') {
        const f = file?.originFileObj;
        if (!f) throw new ApiError(400, 'file_required', 'Chọn tệp.', 'Choose a file.', 'file');
        const fd = new FormData();
        if (documentDate) fd.append('documentDate', documentDate);
        if (documentId) fd.append('documentId', documentId);
        fd.append('file', f, f.name);
        r = await api.post<ProposalResult>('/api/tasks/proposals', fd);
      } else {
        r = await api.post<ProposalResult>('/api/tasks/proposals', {
          text: pasted,
          documentDate: documentDate ?? null,
          documentId: documentId ?? null,
        });
      }
      setResult(r);
      setRows(rowsOf(r));
    } catch (e) {
      setReadError(errorText(e));
    } finally {
      setReading(false);
    }
  };

  const split = (row: RowState) =>
    setRows((rs) =>
      rs.flatMap((r) =>
        r.key !== row.key
          ? [r]
          : (row.group?.codes ?? []).map((code, i) => ({
              ...row,
              key: `${row.key}.${i}`,
              lead: code,
              group: null,
            })),
      ),
    );

  const create = async () => {
    if (!documentId) {
      void message.warning(t('propose.needDocument'));
      return;
    }
    const missing = kept.findIndex((r) => !r.lead);
    if (missing >= 0) {
      setRowErrors({ [kept[missing]!.key]: t('propose.needLead', { n: missing + 1 }) });
      return;
    }
    setSaving(true);
    setRowErrors({});
    try {
      const r = await api.post<{ tasks: CreatedTask[] }>('/api/tasks/proposals/confirm', {
        documentId,
        proposals: kept.map((row) => ({
          clause: row.clause,
          leadAgency: row.lead,
          cooperatingAgencies: row.coop.filter((c) => c !== row.lead),
          content: row.content,
          deadline: row.deadline,
        })),
      });
      setCreated(r.tasks);
      setRows((rs) => rs.map((x) => (x.keep ? { ...x, keep: false } : x)));
      void message.success(t('propose.created', { n: r.tasks.length }));
    } catch (e) {
      const m = e instanceof ApiError && e.path ? /^proposals\.(\d+)/.exec(e.path) : null;
      if (m) setRowErrors({ [kept[Number(m[1])]!.key]: errorText(e) });
      else void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<RowState> = [
    {
      key: 'keep',
      width: 40,
      render: (_, r) => (
        <Checkbox
          checked={r.keep}
          onChange={(e) => update(r.key, { keep: e.target.checked })}
          aria-label={`${t('propose.clause')} ${r.clause.label}`}
        />
      ),
    },
    {
      key: 'clause',
      title: t('propose.clause'),
      width: 80,
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          <a
            href={`#clause-${r.clause.start}`}
            onClick={() => setActive(`${r.clause.start}`)}
            data-testid="proposal-label"
          >
            {r.clause.label}
          </a>
          {r.confidence < 0.5 && <Tag color="orange">{t('propose.lowConfidence')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'lead',
      title: t('propose.lead'),
      width: 230,
      render: (_, r) => (
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          {r.group && (
            <Space direction="vertical" size={2}>
              <Typography.Text type="secondary" className="small">
                {t('propose.group', { text: r.group.matchedText, n: r.group.codes.length })}
              </Typography.Text>
              <Button size="small" onClick={() => split(r)}>
                {t('propose.split')}
              </Button>
            </Space>
          )}
          <AgencySelect
            value={r.lead}
            at={date}
            excludeKinds={NOT_LEADS}
            onChange={(v) => update(r.key, { lead: typeof v === 'string' ? v : undefined })}
            style={{ width: '100%' }}
            aria-label={t('propose.lead')}
          />
          {rowErrors[r.key] && (
            <Typography.Text type="danger" className="small" data-testid="row-error">
              {rowErrors[r.key]}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'coop',
      title: t('propose.cooperating'),
      width: 250,
      render: (_, r) => (
        <AgencySelect
          multiple
          value={r.coop}
          at={date}
          excludeKinds={NOT_LEADS}
          onChange={(v) => update(r.key, { coop: Array.isArray(v) ? v : [] })}
          style={{ width: '100%' }}
          aria-label={t('propose.cooperating')}
        />
      ),
    },
    {
      key: 'content',
      title: t('propose.content'),
      render: (_, r) => (
        <Input.TextArea
          value={r.content}
          autoSize={{ minRows: 2, maxRows: 6 }}
          onChange={(e) => update(r.key, { content: e.target.value })}
          aria-label={t('propose.content')}
        />
      ),
    },
    {
      key: 'deadline',
      title: t('propose.deadline'),
      width: 190,
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          <IsoDatePicker
            value={r.deadline}
            onChange={(v) => update(r.key, { deadline: v ?? null })}
            aria-label={t('propose.deadline')}
          />
          <Space size={2} wrap>
            <Tag>{t(`propose.kinds.${r.proposed.kind}`)}</Tag>
            {r.proposed.recurrence && (
              <Tooltip title={t('propose.recurringNote')}>
                <Tag color="purple">{t(`propose.recurrence.${r.proposed.recurrence}`)}</Tag>
              </Tooltip>
            )}
          </Space>
          {r.proposed.phrase && (
            <Typography.Text type="secondary" className="small">
              {t('propose.phrase', { p: r.proposed.phrase })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <Typography.Title level={3}>{t('propose.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('propose.intro')}</Typography.Paragraph>
      <Card size="small">
        <Form layout="vertical">
          <Row gutter={16}>
            <Col xs={24} md={14}>
              <Form.Item label={t('propose.document')} help={t('propose.documentHelp')}>
                <DocumentSelect
                  value={documentId}
                  onChange={setDocumentId}
                  allowClear
                  style={{ width: '100%' }}
                  aria-label={t('propose.document')}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item label={t('propose.documentDate')} help={t('propose.documentDateHelp')}>
                <IsoDatePicker
                  value={documentDate ?? doc.data?.date ?? null}
                  onChange={setDocumentDate}
                  aria-label={t('propose.documentDate')}
                />
              </Form.Item>
            </Col>
          </Row>
          <Tabs
            activeKey={mode}
            onChange={(k) => setMode(k as 'upload' | 'paste')}
            items={[
              {
                key: 'upload',
                label: t('propose.upload'),
                children: (
                  <Upload.Dragger
                    accept=".docx,.pdf,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    maxCount={1}
                    fileList={file ? [file] : []}
                    beforeUpload={() => false}
                    onChange={(info) => setFile(info.fileList[info.fileList.length - 1] ?? null)}
                    data-testid="propose-upload"
                  >
                    <p className="ant-upload-drag-icon">
                      <InboxOutlined />
                    </p>
                    <p>{t('propose.dropHint')}</p>
                  </Upload.Dragger>
                ),
              },
              {
                key: 'paste',
                label: t('propose.paste'),
                children: (
                  <Input.TextArea
                    value={pasted}
                    onChange={(e) => setPasted(e.target.value)}
                    autoSize={{ minRows: 6, maxRows: 16 }}
                    placeholder={t('propose.pastePlaceholder')}
                    aria-label={t('propose.paste')}
                    data-testid="propose-paste"
                  />
                ),
              },
            ]}
          />
          <Flex gap={8} className="mt">
            <Button
              type="primary"
              loading={reading}
              onClick={() => void read()}
              disabled={mode === 'upload' ? !file : !pasted.trim()}
              data-testid="propose-read"
            >
              {result ? t('propose.readAgain') : t('propose.read')}
            </Button>
          </Flex>
          {readError && (
            <Alert className="mt" type="error" showIcon message={readError} data-testid="propose-error" />
          )}
        </Form>
      </Card>

      {result && (
        <>
          <Alert
            className="mt"
            type={result.proposals.length ? 'info' : 'warning'}
            showIcon
            message={
              result.proposals.length
                ? t('propose.found', { n: result.proposals.length, date: fmtDate(result.documentDate) })
                : t('propose.none')
            }
            description={result.numberSymbol ? t('propose.number', { n: result.numberSymbol }) : undefined}
          />
          <Row gutter={[16, 16]} className="mt">
            <Col xs={24} xxl={9}>
              <Card size="small" title={t('propose.text')}>
                <HighlightedText text={result.text} clauses={highlighted} active={active} />
              </Card>
            </Col>
            <Col xs={24} xxl={15}>
              <Card
                size="small"
                title={t('propose.proposals')}
                extra={
                  <Button
                    type="primary"
                    disabled={!kept.length}
                    loading={saving}
                    onClick={() => void create()}
                    data-testid="propose-create"
                  >
                    {t('propose.create', { n: kept.length })}
                  </Button>
                }
              >
                {!documentId && (
                  <Alert type="warning" showIcon message={t('propose.needDocument')} className="mb" />
                )}
                <Table<RowState>
                  rowKey="key"
                  size="small"
                  columns={columns}
                  dataSource={rows}
                  pagination={false}
                  scroll={{ x: 1000 }}
                  data-testid="proposal-table"
                />
              </Card>
            </Col>
          </Row>
        </>
      )}

      {created && (
        <Card size="small" className="mt" title={t('propose.createdList')} data-testid="propose-created">
          <List
            size="small"
            dataSource={created}
            renderItem={(task) => (
              <List.Item>
                <Link to={`/tasks/${task.id}`}>{task.ref ?? task.id}</Link> — {task.title}{' '}
                <span className="muted">({task.leadAgency.name})</span>
              </List.Item>
            )}
          />
        </Card>
      )}
    </div>
  );
}
