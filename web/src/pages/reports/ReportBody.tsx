/**
 * The report rendered like the document (Decree 30/2020 layout: header table, number line, place and
 * date, title, body, recipients and signature). The body follows the template's blocks; every figure in
 * a paragraph or a table is a link to its items (`links[key].web`, a list page with the figure's
 * filters); the issued documents link to /documents/:id; narrative slots are rich-text editors.
 */
import { Fragment, type ReactNode } from 'react';
import { Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../lib/dates.ts';
import {
  fmtNum,
  type Bilingual,
  type ReportTable,
  type ReportTemplate,
  type ReportView,
  type RichDoc,
} from './api.ts';
import { useFigureLabel } from './labels.ts';
import { RichTextEditor } from './RichTextEditor.tsx';

const PLACEHOLDER = /\{([A-Za-z0-9_.]+)\}/g;

export interface ReportBodyProps {
  report: ReportView;
  template: ReportTemplate;
  /** the narrative as edited (slot → doc); a slot missing here shows its default */
  narrative: Record<string, RichDoc>;
  defaults: Record<string, RichDoc>;
  onNarrative: (slot: string, doc: RichDoc) => void;
  readOnly?: boolean;
}

/** testid-safe form of a figure key */
export const keyId = (k: string) => k.replace(/[^A-Za-z0-9_]+/g, '-');

export function ReportBody({
  report,
  template,
  narrative,
  defaults,
  onNarrative,
  readOnly,
}: ReportBodyProps) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const lang = en ? 'en' : 'vi';
  const label = useFigureLabel();
  const tx = (b: Bilingual) => (en ? b.en || b.vi : b.vi);
  const h = report.header;
  const periodLabel = tx(report.period.label);

  /** A figure: its value as a link to the records behind it. */
  const fig = (key: string, prefix: 'fig' | 'cell' = 'fig'): ReactNode => {
    const v = report.figures[key];
    const link = report.links[key];
    const text = key.endsWith('percent_satisfied') && v !== undefined ? fmtNum(v, lang) : fmtNum(v, lang);
    if (!link) {
      return (
        <Tooltip title={`${label(key)} — ${t('periodic.noLink')}`}>
          <span className="fig-nolink" data-testid={`${prefix}-${keyId(key)}`}>
            {text}
          </span>
        </Tooltip>
      );
    }
    const title = `${label(key)} — ${t('periodic.figureLinkTitle')}`;
    return link.web.startsWith('/') ? (
      <Link
        to={link.web}
        className="fig-link"
        title={title}
        data-testid={`${prefix}-${keyId(key)}`}
        data-key={key}
      >
        {text}
      </Link>
    ) : (
      <a
        href={link.web}
        className="fig-link"
        title={title}
        data-testid={`${prefix}-${keyId(key)}`}
        data-key={key}
      >
        {text}
      </a>
    );
  };

  /** Fills `{…}` placeholders: figures become links, dates and the period become text. */
  const fill = (text: string): ReactNode[] => {
    const out: ReactNode[] = [];
    let last = 0;
    for (const m of text.matchAll(PLACEHOLDER)) {
      const k = m[1]!;
      out.push(text.slice(last, m.index));
      last = m.index + m[0].length;
      if (k in report.figures) out.push(<Fragment key={`${k}@${m.index}`}>{fig(k)}</Fragment>);
      else if (k === 'period') out.push(periodLabel);
      else if (k === 'taskWindow.from') out.push(fmtDate(report.taskWindow.from));
      else if (k === 'taskWindow.to') out.push(fmtDate(report.taskWindow.to));
      else if (k === 'taskWindow.asOf') out.push(fmtDate(report.taskWindow.asOf));
      else if (k === 'from' || k === 'period.from') out.push(fmtDate(report.period.from));
      else if (k === 'to' || k === 'asOf' || k === 'period.to') out.push(fmtDate(report.period.to));
      else if (k === 'year') out.push(String(report.period.year));
      else out.push(m[0]);
    }
    out.push(text.slice(last));
    return out;
  };

  const tableById = new Map(report.tables.map((tb) => [tb.id, tb]));
  const placed = new Set(
    template.blocks.flatMap((b) => (b.kind === 'table' && tableById.has(b.table) ? [b.table] : [])),
  );
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
                      {key ? fig(key, 'cell') : fmtNum(cell, lang)}
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

  const documents = (
    <ul className="doc-list" data-testid="issued-documents">
      {report.documents.length === 0 && <li className="muted">{t('periodic.documentsEmpty')}</li>}
      {report.documents.map((d) => (
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
            {t('periodic.dateLine', { place: h.place, year: report.period.to.slice(0, 4) })}
          </div>
        </div>
      </div>
      <div className="doc-title">
        <div className="b">{t('periodic.docTitle')}</div>
        <div className="b">{fill(tx(template.title))}</div>
      </div>
      <div className="doc-body">
        {template.blocks.map((b, i) => {
          switch (b.kind) {
            case 'heading': {
              const Tag = b.level === 1 ? 'h3' : b.level === 2 ? 'h4' : 'h5';
              return (
                <Tag key={i} className={`doc-h doc-h${b.level}`}>
                  {fill(tx(b.text))}
                </Tag>
              );
            }
            case 'paragraph':
              return (
                <p key={i} className="doc-p">
                  {fill(tx(b.text))}
                </p>
              );
            case 'table': {
              const tb = tableById.get(b.table);
              return tb ? renderTable(tb) : null;
            }
            case 'documents':
              return <Fragment key={i}>{documents}</Fragment>;
            case 'narrative':
              return (
                <section key={i} className="doc-narrative" aria-label={tx(b.label)} data-slot={b.slot}>
                  <div className="narrative-label">
                    <Typography.Text type="secondary" className="small">
                      ✎ {tx(b.label)} — {t('periodic.narrativeHint')}
                    </Typography.Text>
                  </div>
                  <RichTextEditor
                    value={narrative[b.slot] ?? defaults[b.slot]!}
                    onChange={(doc) => onNarrative(b.slot, doc)}
                    label={tx(b.label)}
                    testId={`narrative-${b.slot}`}
                    readOnly={readOnly}
                  />
                </section>
              );
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
