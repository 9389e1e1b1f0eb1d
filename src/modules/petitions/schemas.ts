/** Zod schemas of the petition routes. Custom messages are "Vietnamese | English". */
import { z } from 'zod';
import { isIsoDate } from '../../kernel/calendar/dates.ts';
import { IsoDateSchema, PageSchema, PageSizeSchema } from '../../kernel/schemas.ts';
import {
  CHANNELS,
  ELIGIBILITY_REASON_CODES,
  KINDS,
  OUTCOMES,
  PETITION_STATUSES,
  SINGLE_KINDS,
} from './rules.ts';
import { CitizenNotifySchema } from '../notifications/citizen.ts';

export const msg = (vi: string, en: string) => `${vi} | ${en}`;
const Text = (max: number) => z.string().trim().min(1).max(max);
const Opt = (max: number) => z.string().trim().max(max).nullable().optional();

/** An ISO 8601 datetime with an offset (`2022-03-04T14:59:00+07:00` or `…Z`). */
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

/** A signer (one line of the petition's signers; all fields optional: anonymous petitions exist). */
export const SignerSchema = z
  .object({
    name: Opt(200),
    idNumber: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z .-]{0,24}$/, msg('Số giấy tờ tùy thân không hợp lệ', 'Invalid ID number'))
      .nullable()
      .optional(),
    address: Opt(500),
    phone: z
      .string()
      .trim()
      .regex(/^(\+?[0-9][0-9 .-]{5,18})?$/, msg('Số điện thoại không hợp lệ', 'Invalid phone number'))
      .nullable()
      .optional(),
    email: z.email().max(200).nullable().optional(),
  })
  .strict();

export const IntakeBody = z
  .object({
    receivedAt: DateTimeSchema.nullable().optional(),
    channel: z.enum(CHANNELS),
    kind: z.enum(KINDS),
    signers: z.array(SignerSchema).max(500),
    content: Text(20000),
    respondent: Opt(500),
    respondentAgencyCode: z.string().trim().min(1).max(64).nullable().optional(),
    level: z
      .union([z.literal(1), z.literal(2)])
      .nullable()
      .optional(),
    remoteArea: z.boolean().optional(),
    complex: z.boolean().optional(),
    multiSite: z.boolean().optional(),
    receptionId: z.uuid().nullable().optional(),
    representativeIndex: z.number().int().min(0).max(499).nullable().optional(),
    note: Opt(4000),
    /** notices on this channel to the representative's (else the first signer's) contact, only with consent */
    notify: CitizenNotifySchema.nullable().optional(),
  })
  .strict();

export const ActionBody = z
  .object({
    action: z.string().min(1).max(50),
    /** the version the client saw (409 `stale` otherwise) */
    version: z.number().int().min(0),
    note: Opt(4000),
    eligibility: z.enum(['eligible', 'ineligible']).optional(),
    reason: z
      .enum(ELIGIBILITY_REASON_CODES as [string, ...string[]])
      .nullable()
      .optional(),
    kind: z.enum(KINDS).optional(),
    parts: z
      .array(
        z
          .object({
            kind: z.enum(SINGLE_KINDS as [string, ...string[]]),
            content: Text(20000),
            respondent: Opt(500),
          })
          .strict(),
      )
      .max(20)
      .optional(),
    toAgencyCode: z.string().trim().min(1).max(64).nullable().optional(),
    agencyCode: z.string().trim().min(1).max(64).nullable().optional(),
    outcome: z.enum(OUTCOMES).optional(),
    originalId: z.uuid().optional(),
    days: z.number().int().min(1).max(30).optional(),
    continueHandling: z.boolean().optional(),
  })
  .strict();

export const ListQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    status: z
      .string()
      .max(300)
      .refine(
        (s) => s.split(',').every((x) => (PETITION_STATUSES as readonly string[]).includes(x)),
        msg('Trạng thái không hợp lệ', 'Unknown status'),
      )
      .optional(),
    kind: z.enum(KINDS).optional(),
    agency: z.string().trim().min(1).max(64).optional(),
    eligibility: z.enum(['pending', 'eligible', 'ineligible']).optional(),
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
    overdue: z.enum(['true', 'false']).optional(),
    page: PageSchema,
    pageSize: PageSizeSchema,
  })
  .strict();

export const OverdueQuery = z
  .object({
    agency: z.string().trim().min(1).max(64).optional(),
    asOf: IsoDateSchema.optional(),
  })
  .strict();

export const IdParams = z.object({
  id: z.uuid({ error: msg('Mã đơn không hợp lệ', 'Invalid petition id') }),
});
export const GrantParams = IdParams.extend({ grantId: z.uuid() });
export const IdentityQuery = z.object({ reason: z.string().trim().max(500).optional() }).strict();
export const GrantBody = z.object({ userId: z.uuid(), reason: Text(500) }).strict();
export const RevokeBody = z
  .object({ reason: Opt(500) })
  .strict()
  .nullish();
