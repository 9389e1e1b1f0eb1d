/**
 * "Soạn công văn đôn đốc": a button and a dialog on an agency's page. It shows the tasks the urging letter
 * lists as of a date (`GET /api/tasks/urging-letters/draft.json`: awaiting receipt + in progress overdue),
 * downloads the DOCX draft without a number (`…/draft`), and — for the Office's leader and admins — issues it
 * (`POST /api/tasks/urging-letters`: register number, registered document, an "urged" event on each task).
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { FileTextOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, downloadFile, queryString } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { IsoDatePicker } from '../../components/inputs.tsx';
import { fmtDate, todayIso } from '../../lib/dates.ts';
import { useErrorText } from '../../lib/errors.ts';

interface DraftTask {
  id: string;
  ref: string | null;
  title: string;
  documentNumber: string;
  deadline: string | null;
  status: string;
  timeliness: string;
  daysOverdue: number;
}
interface Draft {
  agency: { code: string; name: string };
  asOf: string;
  tasks: DraftTask[];
  counts: { total: number; awaitingReceipt: number; overdue: number };
}
interface Issued {
  number: number;
  numberSymbol: string;
  document: { id: string };
}

async function downloadDraft(q: Record<string, string | undefined>) {
  return downloadFile(`/api/tasks/urging-letters/draft${queryString(q)}`, 'cong-van-don-doc.docx');
}

/**
 * The button (office roles and admins) and its dialog for agency `agency`. `validTo` (YYYY-MM-DD, last day
 * in force) of an agency that has ended makes it the default data date and letter date: the server refuses
 * an agency that does not exist on the data date (400 `agency_not_valid_on_date`).
 */
export function UrgingLetterButton({ agency, validTo }: { agency: string; validTo?: string | null }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { user } = useAuth();
  const qc = useQueryClient();
  const roles = user?.roles ?? [];
  const mayDraft = roles.some((r) => ['admin', 'office_leader', 'office_specialist'].includes(r));
  const mayIssue = roles.some((r) => r === 'admin' || r === 'office_leader');
  const [open, setOpen] = useState(false);
  const defaultDate = validTo && validTo < todayIso() ? validTo : todayIso();
  const [asOf, setAsOf] = useState(defaultDate);
  const [date, setDate] = useState(defaultDate);
  const [signerName, setSignerName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const draft = useQuery({
    queryKey: ['urging-draft', agency, asOf],
    queryFn: () => api.get<Draft>('/api/tasks/urging-letters/draft.json', { agency, asOf }),
    enabled: open && mayDraft && !!asOf,
  });
  if (!mayDraft) return null;
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const issue = () =>
    run(async () => {
      const r = await api.post<Issued>('/api/tasks/urging-letters', {
        agency,
        asOf,
        date,
        signer: signerName.trim() ? { name: signerName.trim() } : undefined,
      });
      setIssued(r);
      await qc.invalidateQueries();
    });
  const n = draft.data?.counts.total ?? 0;
  return (
    <>
      <Button icon={<FileTextOutlined />} onClick={() => setOpen(true)} data-testid="urging-open">
        {t('urging.button')}
      </Button>
      <Modal
        open={open}
        title={t('urging.title')}
        width={760}
        onCancel={() => {
          setOpen(false);
          setIssued(null);
        }}
        destroyOnHidden
        footer={[
          <Button
            key="d"
            loading={busy}
            disabled={!n}
            onClick={() => void run(() => downloadDraft({ agency, asOf, date }))}
            data-testid="urging-draft"
          >
            {t('urging.download')}
          </Button>,
          ...(mayIssue
            ? [
                <Button
                  key="i"
                  type="primary"
                  loading={busy}
                  disabled={!n || !!issued}
                  onClick={() => void issue()}
                  data-testid="urging-issue"
                >
                  {t('urging.issue')}
                </Button>,
              ]
            : []),
        ]}
      >
        <Form layout="vertical" name="urging-letter">
          <Space wrap>
            <Form.Item label={t('urging.asOf')}>
              <IsoDatePicker
                value={asOf}
                onChange={(v) => v && setAsOf(v)}
                aria-label={t('urging.asOf')}
                data-testid="urging-asof"
              />
            </Form.Item>
            <Form.Item label={t('urging.date')}>
              <IsoDatePicker value={date} onChange={(v) => v && setDate(v)} aria-label={t('urging.date')} />
            </Form.Item>
            {mayIssue && (
              <Form.Item label={t('urging.signer')}>
                <Input value={signerName} onChange={(e) => setSignerName(e.target.value)} maxLength={200} />
              </Form.Item>
            )}
          </Space>
        </Form>
        {validTo && validTo < todayIso() && (
          <Alert
            type="info"
            showIcon
            className="mb"
            message={t('urging.endedHint', { date: fmtDate(validTo) })}
          />
        )}
        {error != null && <Alert type="error" showIcon message={errorText(error)} className="mb" />}
        {draft.error != null && (
          <Alert type="error" showIcon message={errorText(draft.error)} className="mb" />
        )}
        {issued && (
          <Alert
            type="success"
            showIcon
            className="mb"
            data-testid="urging-issued"
            message={
              <span>
                {t('urging.issued')}{' '}
                <Link to={`/documents/${issued.document.id}`}>{issued.numberSymbol}</Link>
              </span>
            }
          />
        )}
        {draft.data && (
          <>
            <Typography.Paragraph data-testid="urging-count">
              {t('urging.count', {
                total: draft.data.counts.total,
                awaiting: draft.data.counts.awaitingReceipt,
                overdue: draft.data.counts.overdue,
                date: fmtDate(draft.data.asOf),
              })}
            </Typography.Paragraph>
            <List
              size="small"
              bordered
              style={{ maxHeight: 320, overflow: 'auto' }}
              dataSource={draft.data.tasks}
              renderItem={(x) => (
                <List.Item>
                  <Space direction="vertical" size={0}>
                    <Link to={`/tasks/${x.id}`}>{x.title}</Link>
                    <span className="muted small">
                      {x.ref} · {x.documentNumber} · {x.deadline ? fmtDate(x.deadline) : '—'}{' '}
                      {x.status === 'awaiting_receipt' && <Tag>{t('status.awaiting_receipt')}</Tag>}
                      {x.timeliness === 'overdue' && (
                        <Tag color="red">{t('urging.overdueDays', { n: x.daysOverdue })}</Tag>
                      )}
                    </span>
                  </Space>
                </List.Item>
              )}
            />
          </>
        )}
      </Modal>
    </>
  );
}
