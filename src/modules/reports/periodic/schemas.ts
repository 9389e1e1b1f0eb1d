/**
 * Input schemas of the periodic report (zod): the period query, the task window override and the rich-text
 * narrative (ProseMirror/tiptap JSON restricted to a few nodes and marks). Bad input → 400 with the path
 * of the first offending field (kernel error body).
 */
import { z } from 'zod';
import { IsoDateSchema } from '../../../kernel/schemas.ts';
import { AppError } from '../../../kernel/errors.ts';
import { PERIOD_KINDS, type RichDoc, type RichNode } from './types.ts';

/** Limits of a narrative: nesting depth, nodes and characters per slot. */
export const RICH_LIMITS = { depth: 12, nodes: 5000, chars: 100_000, slots: 20 } as const;

const MARKS = ['bold', 'italic', 'underline'] as const;
const Marks = z.array(z.object({ type: z.enum(MARKS) }).strict()).max(3);

/**
 * One node of a narrative: `doc`, `paragraph`, `text` (with marks bold / italic / underline), `bulletList`,
 * `orderedList` (attrs.start), `listItem`, `hardBreak`, `heading` (attrs.level 1–3). Text is NFC-normalised.
 */
export const RichNodeSchema: z.ZodType<RichNode> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z
      .object({
        type: z.literal('text'),
        text: z
          .string()
          .min(1)
          .max(RICH_LIMITS.chars)
          .transform((s) => s.normalize('NFC')),
        marks: Marks.optional(),
      })
      .strict(),
    z.object({ type: z.literal('hardBreak') }).strict(),
    z
      .object({
        type: z.literal('paragraph'),
        attrs: z
          .object({ textAlign: z.enum(['left', 'center', 'right', 'justify']).nullable().optional() })
          .strict()
          .optional(),
        content: z.array(RichNodeSchema).max(RICH_LIMITS.nodes).optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal('heading'),
        attrs: z.object({ level: z.union([z.literal(1), z.literal(2), z.literal(3)]) }).strict(),
        content: z.array(RichNodeSchema).max(RICH_LIMITS.nodes).optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal('bulletList'),
        content: z.array(RichNodeSchema).max(RICH_LIMITS.nodes).optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal('orderedList'),
        attrs: z
          .object({
            start: z.number().int().min(0).max(10000).optional(),
            type: z.string().nullable().optional(),
          })
          .strict()
          .optional(),
        content: z.array(RichNodeSchema).max(RICH_LIMITS.nodes).optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal('listItem'),
        content: z.array(RichNodeSchema).max(RICH_LIMITS.nodes).optional(),
      })
      .strict(),
  ]),
) as z.ZodType<RichNode>;

/** Which node types may contain which (ProseMirror content expressions, simplified). */
const CHILDREN: Record<string, readonly string[]> = {
  doc: ['paragraph', 'heading', 'bulletList', 'orderedList'],
  paragraph: ['text', 'hardBreak'],
  heading: ['text', 'hardBreak'],
  bulletList: ['listItem'],
  orderedList: ['listItem'],
  listItem: ['paragraph', 'bulletList', 'orderedList', 'heading'],
};

const tooBig = (path: string, vi: string, en: string) =>
  new AppError(400, 'narrative_too_large', vi, en, path);

/** Checks nesting rules, depth, node and character counts of a parsed document (400 with the path). */
function checkTree(doc: RichDoc, path: string): void {
  let nodes = 0;
  let chars = 0;
  const walk = (n: RichNode, p: string, depth: number) => {
    if (depth > RICH_LIMITS.depth)
      throw tooBig(p, 'Văn bản lồng nhau quá sâu.', 'The text is nested too deeply.');
    if (++nodes > RICH_LIMITS.nodes) throw tooBig(p, 'Văn bản có quá nhiều phần tử.', 'Too many nodes.');
    if (n.text) chars += n.text.length;
    if (chars > RICH_LIMITS.chars)
      throw tooBig(
        p,
        'Văn bản quá dài (tối đa 100.000 ký tự).',
        'The text is too long (100,000 characters at most).',
      );
    const allowed = CHILDREN[n.type] ?? [];
    (n.content ?? []).forEach((c, i) => {
      if (!allowed.includes(c.type))
        throw new AppError(
          400,
          'invalid_narrative',
          `Phần tử "${c.type}" không được đặt trong "${n.type}".`,
          `A "${c.type}" node may not be inside a "${n.type}".`,
          `${p}.content.${i}`,
        );
      walk(c, `${p}.content.${i}`, depth + 1);
    });
  };
  walk(doc as RichNode, path, 0);
}

/** A narrative document (`type: 'doc'`). */
export const RichDocSchema = z
  .object({ type: z.literal('doc'), content: z.array(RichNodeSchema).max(RICH_LIMITS.nodes).optional() })
  .strict();

/** The narrative of a report: `{ [slot]: RichDoc }`, slot names `[a-z][a-z0-9_]*`. */
export const NarrativeSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), RichDocSchema)
  .refine((r) => Object.keys(r).length <= RICH_LIMITS.slots, { message: 'too many slots' });

/** Validates nesting and size of every slot (after the zod shape check); 400 with `narrative.<slot>…`. */
export function checkNarrative(n: Record<string, RichDoc>, slots: readonly string[]): void {
  for (const [slot, doc] of Object.entries(n)) {
    if (!slots.includes(slot))
      throw new AppError(
        400,
        'unknown_slot',
        `Mẫu báo cáo không có mục "${slot}".`,
        `The template has no narrative slot "${slot}".`,
        `narrative.${slot}`,
      );
    checkTree(doc, `narrative.${slot}`);
  }
}

/** The task window override of a report (all optional). */
export const TaskWindowSchema = z
  .object({ from: IsoDateSchema.optional(), to: IsoDateSchema.optional(), asOf: IsoDateSchema.optional() })
  .strict();

const Year = z.coerce.number().int().min(2000).max(2100);

/** The query naming a period: kind + year (+ number) or kind=custom with from/to. */
export const PeriodQuerySchema = z.object({
  kind: z.enum(PERIOD_KINDS),
  year: Year.optional(),
  number: z.coerce.number().int().min(1).max(12).optional(),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
});

/** The report query: the period plus the task window override (`taskFrom`, `taskTo`, `taskAsOf`). */
export const ReportQuerySchema = PeriodQuerySchema.extend({
  taskFrom: IsoDateSchema.optional(),
  taskTo: IsoDateSchema.optional(),
  taskAsOf: IsoDateSchema.optional(),
  templateId: z.string().max(60).optional(),
}).strict();

/** Body of `PUT /api/reports/periodic/draft`. */
export const DraftBodySchema = z
  .object({ narrative: NarrativeSchema, taskWindow: TaskWindowSchema.nullable().optional() })
  .strict();

/** Body of `POST /api/reports/periodic/snapshots`. */
export const SnapshotBodySchema = z
  .object({
    kind: z.enum(PERIOD_KINDS),
    year: z.number().int().min(2000).max(2100).optional(),
    number: z.number().int().min(1).max(12).nullable().optional(),
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
    taskWindow: TaskWindowSchema.nullable().optional(),
  })
  .strict();
