/**
 * A narrative of the periodic report (tiptap/ProseMirror JSON, `RichDoc` in types.ts) as DOCX paragraphs in
 * the body style of the report (ND 30/2020 Appendix I: Times New Roman, justified, first-line indent).
 *
 * Nodes: `paragraph`, `heading` (attrs.level 1–3 → bold; level 1 also upper-case), `bulletList` /
 * `orderedList` of `listItem` (written the way state documents write lists: "- " for bullets, "1." / "a)" —
 * `attrs.start` honoured — for ordered lists, nested lists indented 6 mm per level; no Word numbering, so the
 * text reads the same in every renderer), `blockquote` (indented, italic), `hardBreak` (a line break inside
 * the paragraph), `horizontalRule` (skipped), `text` with marks `bold`, `italic`, `underline`, `strike`.
 * Unknown nodes are rendered through their text content, so no narrative text is ever lost.
 */
import { AlignmentType, Paragraph, TextRun, type ParagraphChild } from 'docx';
import { FONT, mm } from '../../../kernel/documents/decree30.ts';
import { t } from '../../dossiers/forms/format.ts';
import type { RichDoc, RichNode } from './types.ts';

export interface RichTextStyle {
  /** body size, half-points (default 28 = 14 pt) */
  size?: number;
  /** first-line indent of body paragraphs, twips (default 12.7 mm) */
  firstLine?: number;
  /** spacing after a paragraph, twips (default 120 = 6 pt) */
  after?: number;
  /** line spacing, 240ths of a line (default 288 = 1.2) */
  line?: number;
}

interface Marks {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  strike?: boolean;
}

const LETTERS = 'abcdefghiklmnopqrstuvxy'; // Vietnamese ordering of list letters (no j, w, z)

function marksOf(node: RichNode, base: Marks): Marks {
  const m = { ...base };
  for (const mk of node.marks ?? []) {
    if (mk.type === 'bold' || mk.type === 'strong') m.bold = true;
    else if (mk.type === 'italic' || mk.type === 'em') m.italics = true;
    else if (mk.type === 'underline') m.underline = true;
    else if (mk.type === 'strike') m.strike = true;
  }
  return m;
}

/** The inline content of a block node as runs (text, marks, hard breaks); unknown inline nodes by their text. */
function inlineRuns(nodes: RichNode[] | undefined, size: number, base: Marks = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const n of nodes ?? []) {
    if (n.type === 'text') {
      const m = marksOf(n, base);
      out.push(
        new TextRun({
          text: t(n.text ?? ''),
          bold: m.bold,
          italics: m.italics,
          underline: m.underline ? {} : undefined,
          strike: m.strike,
          size,
          font: FONT,
        }),
      );
    } else if (n.type === 'hardBreak') {
      out.push(new TextRun({ text: '', break: 1, size, font: FONT }));
    } else if (n.content) {
      out.push(...inlineRuns(n.content, size, marksOf(n, base)));
    }
  }
  return out;
}

/** The plain text of a node (for headings written upper-case). */
function plain(n: RichNode): string {
  if (n.type === 'text') return n.text ?? '';
  return (n.content ?? []).map(plain).join('');
}

/**
 * `doc` as DOCX paragraphs. An empty narrative gives no paragraph. `style` sizes are half-points / twips.
 */
export function richDocToParagraphs(doc: RichDoc | null | undefined, style: RichTextStyle = {}): Paragraph[] {
  const size = style.size ?? 28;
  const firstLine = style.firstLine ?? mm(12.7);
  const after = style.after ?? 120;
  const line = style.line ?? 288;
  const out: Paragraph[] = [];

  const para = (children: ParagraphChild[], o: { left?: number; hanging?: boolean; first?: boolean } = {}) =>
    new Paragraph({
      children,
      alignment: AlignmentType.JUSTIFIED,
      spacing: { before: 0, after, line },
      indent:
        o.left !== undefined
          ? { left: o.left, ...(o.first ? { firstLine } : {}) }
          : o.first === false
            ? undefined
            : { firstLine },
    });

  const block = (n: RichNode, depth: number, marks: Marks, prefix: string | null) => {
    switch (n.type) {
      case 'paragraph': {
        const runs = inlineRuns(n.content, size, marks);
        if (prefix !== null) {
          runs.unshift(
            new TextRun({ text: prefix, size, font: FONT, bold: marks.bold, italics: marks.italics }),
          );
          out.push(para(runs, { left: mm(6) * depth, first: true }));
        } else if (depth > 0) out.push(para(runs, { left: mm(6) * depth, first: true }));
        else out.push(para(runs));
        return;
      }
      case 'heading': {
        const level = Number(n.attrs?.level ?? 2);
        const runs =
          level <= 1
            ? [new TextRun({ text: t(plain(n).toLocaleUpperCase('vi')), bold: true, size, font: FONT })]
            : inlineRuns(n.content, size, { ...marks, bold: true, italics: level >= 3 || marks.italics });
        out.push(
          new Paragraph({
            children: runs,
            alignment: AlignmentType.JUSTIFIED,
            spacing: { before: 60, after, line },
            indent: { firstLine },
            keepNext: true,
          }),
        );
        return;
      }
      case 'bulletList':
      case 'orderedList': {
        const ordered = n.type === 'orderedList';
        const start = Number(n.attrs?.start ?? 1) || 1;
        (n.content ?? []).forEach((item, i) => {
          const label = ordered
            ? depth % 2 === 0
              ? `${start + i}. `
              : `${LETTERS[(start + i - 1) % 23]}) `
            : '- ';
          listItem(item, depth + 1, marks, label);
        });
        return;
      }
      case 'listItem':
        listItem(n, depth + 1, marks, '- ');
        return;
      case 'blockquote':
        for (const c of n.content ?? []) block(c, depth + 1, { ...marks, italics: true }, null);
        return;
      case 'horizontalRule':
        return;
      case 'hardBreak':
      case 'text':
        out.push(para(inlineRuns([n], size, marks)));
        return;
      default:
        if (n.content?.some((c) => c.type === 'text' || c.type === 'hardBreak'))
          out.push(para(inlineRuns(n.content, size, marks)));
        else for (const c of n.content ?? []) block(c, depth, marks, null);
    }
  };

  /** A list item: its first paragraph carries the label; the rest follow at the same indent. */
  const listItem = (item: RichNode, depth: number, marks: Marks, label: string) => {
    let first = true;
    for (const c of item.content ?? []) {
      if (c.type === 'paragraph') {
        block(c, depth, marks, first ? label : '');
        first = false;
      } else block(c, first ? depth : depth, marks, null);
    }
    if (first) block({ type: 'paragraph', content: [] }, depth, marks, label);
  };

  for (const n of doc?.content ?? []) block(n, 0, {}, null);
  return out;
}
