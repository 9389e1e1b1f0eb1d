/**
 * Zod schemas of the reception register (sổ tiếp công dân) API. Messages are "Vietnamese | English".
 * Rules that need more than one field (delegation representatives, refusal grounds by era) are checked in
 * `receptions.ts` so that they answer with a machine code and the field path.
 */
import { z } from 'zod';
import { IsoDateSchema, PageSchema, PageSizeSchema } from '../../kernel/schemas.ts';
import { isIsoDate } from '../../kernel/calendar/dates.ts';
import {
  RECEPTION_CLASSIFICATIONS,
  RECEPTION_KINDS,
  RECEPTION_OUTCOMES,
  REFUSAL_GROUND_CODES,
} from './receptions.ts';
import { IntakeBody } from './schemas.ts';

const msg = (vi: string, en: string) => `${vi} | ${en}`;
const Text = (max: number) => z.string().trim().min(1).max(max);
const Optional = (max: number) => z.string().trim().max(max).nullable().optional();

/** An ISO 8601 datetime with an offset (`2022-03-04T08:30:00+07:00` or `…Z`). */
export const DateTimeSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
    msg('Ngày giờ ISO 8601 có múi giờ', 'ISO 8601 datetime with offset'),
  )
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(s)) &&
      isIsoDate(s.slice(0, 10)) &&
      s.slice(0, 4) >= '1900' &&
      Number(s.slice(11, 13)) < 24,
    msg('Ngày giờ không hợp lệ', 'Invalid datetime'),
  );

export const VisitorSchema = z
  .object({
    name: Text(200),
    idNumber: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{6,20}$/, msg('Số giấy tờ tùy thân không hợp lệ', 'Invalid ID number'))
      .nullable()
      .optional(),
    address: Optional(500),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 .-]{7,18}$/, msg('Số điện thoại không hợp lệ', 'Invalid phone number'))
      .nullable()
      .optional(),
    /** a representative of a delegation (người đại diện, Luật TCD Art 29) */
    representative: z.boolean().optional(),
  })
  .strict();

export const DocumentReceivedSchema = z
  .object({ name: Text(500), copies: z.number().int().min(1).max(1000).optional(), note: Optional(1000) })
  .strict();

/** `POST /api/receptions` body. */
export const ReceptionBody = z
  .object({
    /** time of the visit (default: now); the session date is its day in Asia/Ho_Chi_Minh */
    receivedAt: DateTimeSchema.optional(),
    /** session date when no time is given */
    sessionDate: IsoDateSchema.optional(),
    kind: z.enum(RECEPTION_KINDS),
    /** receiving officer's name (default: the signed-in user) */
    receiverName: Optional(200),
    leaderName: Optional(200),
    leaderAgencyCode: Optional(64),
    /** register holder (admin only; others: their own agency) */
    agencyCode: Optional(64),
    visitors: z.array(VisitorSchema).min(1).max(50),
    headcount: z.number().int().min(1).max(10000),
    massDelegation: z.boolean().optional(),
    summary: Text(4000),
    classification: z.enum(RECEPTION_CLASSIFICATIONS),
    documentsReceived: z.array(DocumentReceivedSchema).max(100).optional(),
    outcome: z.enum(RECEPTION_OUTCOMES),
    refusalGround: z.enum(REFUSAL_GROUND_CODES).nullable().optional(),
    outcomeNote: Optional(4000),
    outcomeAgencyCode: Optional(64),
    /** the petition created from this visit, if any (a petition stored before the visit) */
    petitionId: z.uuid().nullable().optional(),
    /**
     * the petition brought by the visit, recorded in the SAME command (shape of `POST /api/petitions`
     * without `receptionId`: the new petition points to this session); `receivedAt` defaults to the visit's
     */
    petition: IntakeBody.omit({ receptionId: true }).optional(),
    /** id of an earlier petition: the new `petition` is confirmed as its duplicate (`confirm_duplicate`) */
    duplicateOf: z.uuid().optional(),
  })
  .strict();
export type ReceptionInput = z.infer<typeof ReceptionBody>;

/** `PATCH /api/receptions/{id}` body: a correction (đính chính) with its reason. */
export const ReceptionCorrectionBody = z
  .object({
    expectedVersion: z.number().int().min(0),
    reason: Text(1000),
    summary: Text(4000).optional(),
    classification: z.enum(RECEPTION_CLASSIFICATIONS).optional(),
    headcount: z.number().int().min(1).max(10000).optional(),
    massDelegation: z.boolean().optional(),
    outcome: z.enum(RECEPTION_OUTCOMES).optional(),
    refusalGround: z.enum(REFUSAL_GROUND_CODES).nullable().optional(),
    outcomeNote: Optional(4000),
    outcomeAgencyCode: Optional(64),
    petitionId: z.uuid().nullable().optional(),
  })
  .strict();
export type ReceptionCorrection = z.infer<typeof ReceptionCorrectionBody>;

export const ReceptionListQuery = z
  .object({
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
    kind: z.enum(RECEPTION_KINDS).optional(),
    q: z.string().trim().max(200).optional(),
    page: PageSchema,
    pageSize: PageSizeSchema,
  })
  .strict();

export const LeaderDaysQuery = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, msg('Tháng dạng YYYY-MM', 'Month as YYYY-MM'))
      .refine((s) => s >= '1900-01' && s <= '2100-12', msg('Tháng ngoài phạm vi', 'Month out of range')),
  })
  .strict();

export const IdParams = z.object({ id: z.uuid() });

const VisitorOut = z.object({
  seq: z.number(),
  role: z.string(),
  redacted: z.boolean(),
  name: z.string().nullable(),
  idNumber: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
});

export const ReceptionListItemOut = z.object({
  id: z.string(),
  code: z.string(),
  agencyCode: z.string(),
  sessionDate: z.string(),
  receivedAt: z.string(),
  kind: z.string(),
  receiverName: z.string(),
  leaderName: z.string().nullable(),
  leaderAgencyCode: z.string().nullable(),
  headcount: z.number(),
  massDelegation: z.boolean(),
  summary: z.string(),
  classification: z.string(),
  outcome: z.string(),
  refusalGround: z.string().nullable(),
  confidential: z.boolean(),
  receiptSlipNo: z.string().nullable(),
  version: z.number(),
});

export const ReceptionDetailOut = ReceptionListItemOut.extend({
  ruleVersion: z.string(),
  outcomeNote: z.string().nullable(),
  outcomeAgencyCode: z.string().nullable(),
  documentsReceived: z.array(
    z.object({ name: z.string(), copies: z.number().optional(), note: z.string().nullable().optional() }),
  ),
  petitionId: z.string().nullable(),
  /** petitions recorded from this visit (petitions.reception_id) */
  petitionIds: z.array(z.string()),
  /** every petition of the visit (its `petitionId` and those pointing to it), with their numbers */
  petitions: z.array(z.object({ id: z.string(), code: z.string() })),
  refusalNoticeDue: z.string().nullable(),
  visitors: z.array(VisitorOut),
  representatives: z.number(),
  demo: z.boolean(),
});

export const LeaderDaysOut = z.object({
  month: z.string(),
  leaders: z.array(
    z.object({
      leaderName: z.string().nullable(),
      leaderAgencyCode: z.string().nullable(),
      level: z.string(),
      rule: z.string(),
      source: z.string(),
      required: z.number().nullable(),
      held: z.number(),
      adHoc: z.number(),
      days: z.array(z.string()),
      ok: z.boolean().nullable(),
    }),
  ),
});
