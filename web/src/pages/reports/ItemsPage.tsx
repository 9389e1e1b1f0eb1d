/**
 * The items behind a report figure whose module has no list page of its own (e.g. the procedures
 * published in a period): `/reports/periodic/items?api=/api/…` fetches that items endpoint
 * (`{ items, total }`) and shows it as a table; known columns get Vietnamese headings and links
 * (procedure code → /procedures/:code). Only same-origin `/api/` paths are fetched.
 */
import { Alert, Button, Card, Skeleton, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { fmtDate } from '../../lib/dates.ts';
import { useErrorText } from '../../lib/errors.ts';
import './periodic.css';

type Row = Record<string, unknown>;

const COLUMNS: Record<string, { vi: string; en: string }> = {
  numberSymbol: { vi: 'Số, ký hiệu', en: 'Number' },
  date: { vi: 'Ngày', en: 'Date' },
  effectiveDate: { vi: 'Ngày hiệu lực', en: 'Effective' },
  category: { vi: 'Loại', en: 'Category' },
  procedureCode: { vi: 'Mã TTHC', en: 'Procedure code' },
  procedureName: { vi: 'Tên thủ tục hành chính', en: 'Procedure' },
  replacesCode: { vi: 'Thay thế TTHC', en: 'Replaces' },
  agencyCode: { vi: 'Cơ quan', en: 'Agency' },
  code: { vi: 'Mã', en: 'Code' },
  title: { vi: 'Nội dung', en: 'Title' },
  status: { vi: 'Trạng thái', en: 'Status' },
};
const CATEGORY: Record<string, { vi: string; en: string }> = {
  new: { vi: 'Mới ban hành', en: 'New' },
  amended: { vi: 'Sửa đổi, bổ sung', en: 'Amended' },
  replaced: { vi: 'Thay thế', en: 'Replacing' },
  repealed: { vi: 'Bãi bỏ', en: 'Repealed' },
  time_cut: { vi: 'Cắt giảm thời gian', en: 'Time cut' },
};
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Only same-origin API paths. */
const safeApi = (s: string | null): string | null =>
  s && s.startsWith('/api/') && !s.includes('//') && !s.includes('..') ? s : null;

export default function ItemsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const all = params.getAll('api');
  const paths = all.map(safeApi);
  const ok = paths.length > 0 && paths.every(Boolean);
  const q = useQuery({
    queryKey: ['periodic', 'items', paths],
    // several lists (a figure that is a sum) are shown one after the other; paged lists come whole (≤ 500)
    queryFn: async () => {
      const parts = await Promise.all(
        (paths as string[]).map((p) =>
          api.get<{ items: Row[]; total?: number }>(
            p.includes('?') &&
              /\/items\?/.test(p) &&
              /\/(petitions|dossiers)\//.test(p) &&
              !/[?&]pageSize=/.test(p)
              ? `${p}&pageSize=500`
              : p,
          ),
        ),
      );
      return {
        items: parts.flatMap((x) => x.items),
        total: parts.reduce((s, x) => s + (x.total ?? x.items.length), 0),
      };
    },
    enabled: ok,
  });
  const items = q.data?.items ?? [];
  const keys = [...new Set(items.slice(0, 50).flatMap((r) => Object.keys(r)))].filter(
    (k) => !/(^id$|Id$)/.test(k) && items.some((r) => typeof r[k] !== 'object' || r[k] === null),
  );
  const label = (k: string) => (COLUMNS[k] ? (en ? COLUMNS[k].en : COLUMNS[k].vi) : k);
  const columns: TableColumnsType<Row> = keys.map((k) => ({
    title: label(k),
    dataIndex: k,
    key: k,
    render: (v: unknown, r: Row) => {
      if (v === null || v === undefined || v === '') return '—';
      const s = String(v);
      if (k === 'code' && typeof r.id === 'string' && all.some((p) => p.includes('/petitions/')))
        return <Link to={`/petitions/${r.id}`}>{s}</Link>;
      if (k === 'category' && CATEGORY[s]) return en ? CATEGORY[s].en : CATEGORY[s].vi;
      if ((k === 'procedureCode' || k === 'replacesCode') && s)
        return <Link to={`/procedures/${encodeURIComponent(s)}`}>{s}</Link>;
      if (DATE_RE.test(s)) return fmtDate(s);
      return s;
    },
  }));
  return (
    <div className="page">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} className="back-link">
        {t('periodic.backToReport')}
      </Button>
      <Typography.Title level={2} className="page-title">
        {params.get('label')
          ? `${t('periodic.itemsTitle')}: ${params.get('label')}`
          : t('periodic.itemsTitle')}
      </Typography.Title>
      {!ok && <Alert type="warning" showIcon title={t('periodic.itemsBadLink')} />}
      {q.error && <Alert type="error" showIcon title={errorText(q.error)} />}
      {ok && !q.data && !q.error && <Skeleton active />}
      {q.data && (
        <Card size="small">
          <div className="list-total" role="status" aria-live="polite">
            {t('periodic.itemsTotal')}:{' '}
            <strong data-testid="items-total">{q.data.total ?? items.length}</strong>
          </div>
          <Table
            size="small"
            rowKey="__k"
            columns={columns}
            dataSource={items.map((r, i) => ({ ...r, __k: i }))}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            data-testid="items-table"
          />
        </Card>
      )}
    </div>
  );
}
