/** Văn bản: searchable, paged list of documents; office users may register one. */
import { useEffect, useState } from 'react';
import {
  App,
  Alert,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { DocumentItem, Page } from '../api/types.ts';
import { useAuth } from '../auth.tsx';
import { fmtDate } from '../lib/dates.ts';
import { useUrlState } from '../lib/urlState.ts';
import { useApiErrors, useErrorText } from '../lib/errors.ts';
import { AgencySelect, IsoDatePicker } from '../components/inputs.tsx';

/** Common document types (ND 30/2020 Appendix III; CV = công văn). */
export const DOC_TYPES: { code: string; vi: string; en: string }[] = [
  { code: 'QĐ', vi: 'Quyết định', en: 'Decision' },
  { code: 'CT', vi: 'Chỉ thị', en: 'Directive' },
  { code: 'KH', vi: 'Kế hoạch', en: 'Plan' },
  { code: 'TB', vi: 'Thông báo', en: 'Notice' },
  { code: 'CV', vi: 'Công văn', en: 'Official letter' },
  { code: 'BC', vi: 'Báo cáo', en: 'Report' },
  { code: 'TTr', vi: 'Tờ trình', en: 'Submission' },
  { code: 'NQ', vi: 'Nghị quyết', en: 'Resolution' },
  { code: 'CTr', vi: 'Chương trình', en: 'Programme' },
  { code: 'HD', vi: 'Hướng dẫn', en: 'Guidance' },
  { code: 'CĐ', vi: 'Công điện', en: 'Official dispatch' },
  { code: 'NĐ', vi: 'Nghị định', en: 'Decree' },
  { code: 'TT', vi: 'Thông tư', en: 'Circular' },
];

export function DocDate({ d }: { d: Pick<DocumentItem, 'date' | 'dateAsWritten' | 'dateInvalid'> }) {
  const { t } = useTranslation();
  if (d.dateInvalid) {
    return (
      <Tooltip title={t('documents.invalidDateHint', { date: d.dateAsWritten ?? '' })}>
        <span className="invalid-date">
          <WarningOutlined aria-hidden /> {d.dateAsWritten}{' '}
          <span className="sr-only">({t('documents.invalidDate')})</span>
        </span>
      </Tooltip>
    );
  }
  return <>{fmtDate(d.date, d.dateAsWritten ?? '—')}</>;
}

interface NewDoc {
  numberSymbol: string;
  citation?: boolean;
  date?: string;
  dateText?: string;
  issuerCode?: string;
  issuerName?: string;
  summary: string;
  note?: string;
}

function DocumentCreateModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (d: DocumentItem) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NewDoc>();
  const { applyToForm } = useApiErrors();
  const [busy, setBusy] = useState(false);
  const citation = Form.useWatch('citation', form) ?? false;
  const req = [{ required: true, message: t('common.required') }];
  const submit = async (v: NewDoc) => {
    setBusy(true);
    try {
      const d = await api.post<DocumentItem>('/api/documents', {
        numberSymbol: v.numberSymbol.trim(),
        date: citation ? (v.dateText ?? '').trim() : v.date,
        issuerCode: v.issuerCode ?? null,
        issuerName: v.issuerName?.trim() || null,
        summary: v.summary.trim(),
        citation: !!v.citation,
        note: v.note?.trim() || null,
      });
      onCreated(d);
    } catch (e) {
      // the citation form shows the API's `date` as free text
      applyToForm(
        form,
        e,
        ['numberSymbol', 'issuerCode', 'issuerName', 'summary', 'note', citation ? 'dateText' : 'date'],
        citation ? { date: 'dateText' } : {},
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('documents.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
    >
      <Form<NewDoc> form={form} layout="vertical" onFinish={submit} name="document-create">
        <Form.Item name="numberSymbol" label={t('documents.numberSymbol')} rules={req}>
          <Input placeholder={t('taskForm.numberSymbolPh')} />
        </Form.Item>
        <Form.Item name="citation" valuePropName="checked" extra={t('documents.citationHint')}>
          <Checkbox>{t('documents.citation')}</Checkbox>
        </Form.Item>
        {citation ? (
          <Form.Item name="dateText" label={t('documents.dateAsWritten')} rules={req}>
            <Input placeholder="31/4/2019" />
          </Form.Item>
        ) : (
          <Form.Item name="date" label={t('documents.date')} rules={req}>
            <IsoDatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="issuerCode" label={t('documents.issuer')}>
          <AgencySelect allowClear />
        </Form.Item>
        <Form.Item name="issuerName" label={t('documents.issuerName')}>
          <Input />
        </Form.Item>
        <Form.Item name="summary" label={t('documents.summary')} rules={req}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Form.Item name="note" label={t('documents.note')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function DocumentListPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const { office } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { get, set } = useUrlState();
  const [creating, setCreating] = useState(false);
  const page = Math.max(1, Number(get('page') ?? 1) || 1);
  const pageSize = [20, 50, 100].includes(Number(get('pageSize'))) ? Number(get('pageSize')) : 20;
  const query = { q: get('q'), type: get('type'), from: get('from'), to: get('to'), page, pageSize };
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);
  const { data, error, isFetching } = useQuery({
    queryKey: ['documents', query],
    queryFn: () => api.get<Page<DocumentItem>>('/api/documents', query),
    placeholderData: (prev) => prev,
  });

  const columns: TableColumnsType<DocumentItem> = [
    {
      title: t('documents.numberSymbol'),
      dataIndex: 'numberSymbol',
      width: 170,
      render: (n: string, r) => (
        <Link to={`/documents/${r.id}`} className="nowrap">
          {n}
        </Link>
      ),
    },
    { title: t('documents.date'), key: 'date', width: 120, render: (_: unknown, r) => <DocDate d={r} /> },
    {
      title: t('documents.type'),
      key: 'type',
      width: 120,
      render: (_: unknown, r) => (en ? r.typeNameEn : r.typeName) ?? '—',
    },
    {
      title: t('documents.issuer'),
      dataIndex: 'issuerName',
      width: 200,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('documents.summary'),
      dataIndex: 'summary',
      render: (s: string, r) => (
        <span>
          {s}{' '}
          {r.citation && (
            <Tag className="ml-s" color="default">
              {t('documents.citationTag')}
            </Tag>
          )}
          {r.dateInvalid && <Tag color="error">{t('documents.invalidDate')}</Tag>}
        </span>
      ),
    },
  ];

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={2} className="page-title">
          {t('documents.title')}
        </Typography.Title>
        <Space>
          <Button onClick={() => navigate('/documents')}>{t('common.reset')}</Button>
          {office && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('documents.create')}
            </Button>
          )}
        </Space>
      </Flex>
      <Card size="small" className="filters mt-s">
        <Form layout="vertical" className="filter-grid compact">
          <Form.Item label={t('common.search')} htmlFor="doc-q" className="span-3">
            <Input.Search
              id="doc-q"
              allowClear
              value={text}
              onChange={(e) => setText(e.target.value)}
              onSearch={(v) => set({ q: v.trim() || undefined })}
              placeholder={t('documents.searchPlaceholder')}
            />
          </Form.Item>
          <Form.Item label={t('documents.type')} htmlFor="doc-type">
            <Select
              id="doc-type"
              allowClear
              placeholder={t('common.all')}
              value={query.type}
              onChange={(v: string | undefined) => set({ type: v })}
              options={DOC_TYPES.map((d) => ({ value: d.code, label: `${en ? d.en : d.vi} (${d.code})` }))}
            />
          </Form.Item>
          <Form.Item label={t('common.from')} htmlFor="doc-from">
            <IsoDatePicker id="doc-from" value={query.from} onChange={(v) => set({ from: v })} />
          </Form.Item>
          <Form.Item label={t('common.to')} htmlFor="doc-to">
            <IsoDatePicker id="doc-to" value={query.to} onChange={(v) => set({ to: v })} />
          </Form.Item>
        </Form>
      </Card>
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
        <div className="list-total">
          {t('tasks.totalLabel')}: <strong data-testid="document-total">{data?.total ?? ''}</strong>
        </div>
        <Table<DocumentItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            onChange: (p, s) =>
              set({ page: s !== pageSize || p === 1 ? undefined : p, pageSize: s === 20 ? undefined : s }),
          }}
        />
      </Card>
      {creating && (
        <DocumentCreateModal
          onClose={() => setCreating(false)}
          onCreated={(d) => {
            setCreating(false);
            void qc.invalidateQueries({ queryKey: ['documents'] });
            void message.success(t('documents.created', { number: d.numberSymbol }));
            navigate(`/documents/${d.id}`);
          }}
        />
      )}
    </div>
  );
}
