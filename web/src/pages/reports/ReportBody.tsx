/**
 * The report rendered like the document (Decree 30/2020 layout: header table, number line, place and
 * date, title, body, recipients and signature). The body follows the template's blocks; every figure in
 * a paragraph or a table is a link to its items (`links[key].web`, a list page with the figure's
 * filters); the issued documents link to /documents/:id; narrative slots are rich-text editors.
 */
import { Fragment, type ReactNode } from 'react';
import { Alert, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../lib/dates.ts';
import {
  fmtNum,
  type FigureLink,
  type FilledBlock,
  type ReportTable,
  type ReportView,
  type RichDoc,
} from './api.ts';
import { useFigureLabel } from './labels.ts';
import { RichTextEditor } from './RichTextEditor.tsx';

export interface ReportBodyProps {
  report: ReportView;
  /** the title line under "BÁO CÁO", filled */
  title: string;
  /** the template filled in (server's `blocks`, else the page's fallback), in order */
  blocks: FilledBlock[];
  /** the narrative as edited (slot → doc) */
  narrative: Record<string, RichDoc>;
  onNarrative: (slot: string, doc: RichDoc, changed: boolean) => void;
  readOnly?: boolean;
}

/**
 * The link of a figure: the server's, else one derived for sums and lists the server gives no link of
 * their own (issued documents → the list in the report; published procedures in all categories → the
 * procedures items without the category filter).
 */
const SUMS: Record<string, string[]> = {
  'petitions.recommendation_feedback': [
    'petitions.recommendation',
    'petitions.feedback',
    'petitions.land_dispute',
  ],
};

export function figureLink(key: string, r: ReportView): FigureLink | undefined {
  const own = r.links[key];
  if (own) return own;
  if (key.startsWith('documents.issued')) return { api: '', web: '#issued-documents' };
  // the seed's "kiến nghị, phản ánh, tranh chấp đất đai": the three lists together
  const parts = SUMS[key]?.map((k) => r.links[k]?.api);
  if (parts?.length && parts.every(Boolean)) {
    const q = parts.map((a) => `api=${encodeURIComponent(a!)}`).join('&');
    return { api: parts[0]!, web: `/reports/periodic/items?${q}` };
  }
  const base = key.startsWith('procedures.published.') ? r.links['procedures.published.new'] : undefined;
  if (base) {
    const u = new URL(base.api, 'http://x');
    u.searchParams.delete('category');
    const api = `${u.pathname}${u.search}`;
    return { api, web: `/reports/periodic/items?api=${encodeURIComponent(api)}` };
  }
  return undefined;
}

/** testid-safe form of a figure key */
export const keyId = (k: string) => k.replace(/[^A-Za-z0-9_]+/g, '-');

/** The month of a draft's date line as ND 30/2020 writes it: 01, 02, then 3…12. */
const draftMonth = (d: string) => {
  const m = Number(d.slice(5, 7));
  return m <= 2 ? String(m).padStart(2, '0') : String(m);
};

const EMPTY_DOC = { type: 'doc', content: [] } as unknown as RichDoc;

/** The plain text of a rich-text document, trimmed ('' when empty or absent). */
function docText(d: RichDoc | undefined): string {
  const text = (n: unknown): string => {
    const o = n as { text?: unknown; content?: unknown };
    return (
      (typeof o.text === 'string' ? o.text : '') +
      (Array.isArray(o.content) ? o.content.map(text).join('') : '')
    );
  };
  return d ? text(d).trim() : '';
}

/** A template default wrapped in parentheses: the export's placeholder line, not text of the report. */
export function isPlaceholderDoc(d: RichDoc | undefined): boolean {
  const s = docText(d);
  return s.startsWith('(') && s.endsWith(')');
}

export function ReportBody({ report, title, blocks, narrative, onNarrative, readOnly }: ReportBodyProps) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const lang = en ? 'en' : 'vi';
  const label = useFigureLabel();
  const h = report.header;

  /** A figure: its printed value as a link to the records behind it. */
  const fig = (key: string, printed: string | undefined, prefix: 'fig' | 'cell' = 'fig'): ReactNode => {
    const text = printed ?? fmtNum(report.figures[key], lang);
    const link = figureLink(key, report);
    if (!link) {
      return (
        <Tooltip title={`${label(key)} — ${t('periodic.noLink')}`}>
          <span className="fig-nolink" data-testid={`${prefix}-${keyId(key)}`} data-key={key}>
            {text}
          </span>
        </Tooltip>
      );
    }
    const props = {
      className: 'fig-link',
      title: `${label(key)} — ${t('periodic.figureLinkTitle')}`,
      'data-testid': `${prefix}-${keyId(key)}`,
      'data-key': key,
    };
    // the generic items page names the figure in its title (`label`)
    const to = link.web.startsWith('/reports/periodic/items?')
      ? `${link.web}&label=${encodeURIComponent(label(key))}`
      : link.web;
    return link.web.startsWith('/') ? (
      <Link to={to} {...props}>
        {text}
      </Link>
    ) : (
      <a href={link.web} {...props}>
        {text}
      </a>
    );
  };

  const tx = (b: { vi: string; en: string }) => (en ? b.en || b.vi : b.vi);
  const placed = new Set(blocks.flatMap((b) => (b.kind === 'table' ? [b.table.id] : [])));
  const annexes = report.tables.filter((tb) => !placed.has(tb.id));

  const renderTable = (tb: ReportTable) => (
    <div className="doc-table-wrap" key={tb.id}>
      <table className="doc-table" data-testid={`table-${tb.id}`}>
        <caption>{tx(tb.title)}</caption>
        <thead>
          <tr>
            {tb.columns.map((c, i) => (
              <th key={i} scope="col">
                {tx(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tb.rows.map((row, r) => (
            <tr key={r} className={tb.totalRow && r === tb.rows.length - 1 ? 'total-row' : undefined}>
              {row.map((cell, c) => {
                const key = tb.keys?.[r]?.[c] ?? null;
                if (typeof cell === 'number') {
                  return (
                    <td key={c} className="num">
                      {key ? fig(key, fmtNum(cell, lang), 'cell') : fmtNum(cell, lang)}
                    </td>
                  );
                }
                return c === 0 ? (
                  <th key={c} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={c}>{cell}</td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  const documents = (items: ReportView['documents']) => (
    <ul className="doc-list" id="issued-documents" data-testid="issued-documents">
      {items.length === 0 && <li className="muted">{t('periodic.documentsEmpty')}</li>}
      {items.map((d) => (
        <li key={d.id}>
          <Link to={`/documents/${d.id}`} data-testid={`doc-${d.id}`}>
            {d.type} {t('periodic.documentNo')} {d.numberSymbol}
          </Link>{' '}
          {t('periodic.documentDate')} {fmtDate(d.date)}
          {d.issuer ? ` (${d.issuer})` : ''}
          {d.summary ? `: ${d.summary}` : ''}
        </li>
      ))}
    </ul>
  );

  return (
    <article className="report-doc" aria-label={t('periodic.title')} data-testid="report-doc">
      <div className="doc-header">
        <div className="doc-header-left">
          <div>{h.parentName}</div>
          <div className="b">{h.issuerName}</div>
          <div className="doc-rule" aria-hidden />
          <div className="doc-number">{t('periodic.number', { symbol: h.symbol })}</div>
        </div>
        <div className="doc-header-right">
          <div className="b">{t('periodic.motto')}</div>
          <div className="b">{t('periodic.mottoSub')}</div>
          <div className="doc-rule" aria-hidden />
          <div className="doc-dateline">
            {t('periodic.dateLine', {
              place: h.place,
              // as the DOCX draft (decree30.placeDateLine): day blank, month and year of the due date, months 1–2 as 01/02
              month: draftMonth(report.period.due),
              monthEn: new Date(`${report.period.due}T00:00:00`).toLocaleString('en', { month: 'long' }),
              year: report.period.due.slice(0, 4),
            })}
          </div>
        </div>
      </div>
      <div className="doc-title">
        <div className="b">{t('periodic.docTitle')}</div>
        <div className="b">{title}</div>
      </div>
      <div className="doc-body">
        {blocks.map((b, i) => {
          switch (b.kind) {
            case 'heading': {
              const Tag = b.level === 1 ? 'h3' : b.level === 2 ? 'h4' : 'h5';
              return (
                <Tag key={i} className={`doc-h doc-h${b.level}`}>
                  {b.text}
                </Tag>
              );
            }
            case 'paragraph':
              return (
                <p key={i} className="doc-p">
                  {(b.parts ?? [{ text: b.text }]).map((p, j) =>
                    'key' in p ? (
                      <Fragment key={j}>{fig(p.key, p.text)}</Fragment>
                    ) : (
                      <Fragment key={j}>{p.text}</Fragment>
                    ),
                  )}
                </p>
              );
            case 'table':
              return renderTable(b.table);
            case 'documents':
              return <Fragment key={i}>{documents(b.items)}</Fragment>;
            case 'narrative': {
              // a default in parentheses is the export's placeholder line: the editor starts empty instead
              const placeholder = isPlaceholderDoc(b.doc);
              const empty = docText(narrative[b.slot] ?? (placeholder ? undefined : b.doc)) === '';
              return (
                <section key={i} className="doc-narrative" aria-label={b.label} data-slot={b.slot}>
                  <div className="narrative-label">
                    <Typography.Text type="secondary" className="small">
                      ✎ {b.label} — {t('periodic.narrativeHint')}
                    </Typography.Text>
                  </div>
                  {empty && !readOnly && (
                    <Alert
                      type="warning"
                      showIcon
                      className="mb-s"
                      data-testid={`narrative-empty-${b.slot}`}
                      title={t('periodic.narrativeEmpty', { text: placeholder ? docText(b.doc) : '' })}
                    />
                  )}
                  <RichTextEditor
                    value={narrative[b.slot] ?? (placeholder ? EMPTY_DOC : b.doc)}
                    onChange={(doc, changed) => onNarrative(b.slot, doc, changed)}
                    label={b.label}
                    testId={`narrative-${b.slot}`}
                    readOnly={readOnly}
                  />
                </section>
              );
            }
          }
          return null;
        })}
        {annexes.length > 0 && (
          <>
            <h3 className="doc-h doc-h1">{en ? 'Annexes' : 'Phụ lục'}</h3>
            {annexes.map(renderTable)}
          </>
        )}
      </div>
      <div className="doc-footer">
        <div className="doc-recipients">
          <div className="b i">{t('periodic.recipientsTitle')}</div>
          <ul>
            {h.recipients.map((r, i) => (
              <li key={i}>- {r}</li>
            ))}
          </ul>
        </div>
        <div className="doc-signer">
          <div className="b">
            {h.signer.form ? `${h.signer.form} ` : ''}
            {h.signer.title}
          </div>
          {h.signer.deputyTitle && <div className="b">{h.signer.deputyTitle}</div>}
          <div className="doc-sign-space" aria-hidden />
          <div className="b">{h.signer.name}</div>
        </div>
      </div>
    </article>
  );
}
