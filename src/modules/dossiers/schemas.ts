/** Zod schemas shared by the staff and public dossier routes. Messages are "Vietnamese | English". */
import { z } from 'zod';
import { PER_DOSSIER_INDICES } from './rules.ts';
import { isIsoDate } from '../../kernel/calendar/dates.ts';
import { CitizenNotifySchema } from '../notifications/citizen.ts';

export const msg = (vi: string, en: string) => `${vi} | ${en}`;
export const Text = (max: number) => z.string().trim().min(1).max(max);

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

export const PhoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 .-]{7,18}$/, msg('Số điện thoại không hợp lệ', 'Invalid phone number'));
export const IdNumberSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{6,20}$/, msg('Số giấy tờ tùy thân không hợp lệ', 'Invalid ID number'));

export const ApplicantSchema = z
  .object({
    name: Text(200),
    idNumber: IdNumberSchema,
    phone: PhoneSchema,
    email: z.email().max(200).nullable().optional(),
    address: Text(500),
    /** notices (receipt, supplement, result) on this channel, only with consent; the address must exist */
    notify: CitizenNotifySchema.nullable().optional(),
  })
  .strict();

export const RepresentativeSchema = z
  .object({
    name: Text(200),
    idNumber: IdNumberSchema.nullable().optional(),
    phone: PhoneSchema.nullable().optional(),
    relation: z.string().trim().max(200).nullable().optional(),
    authorisation: z.string().trim().max(500).nullable().optional(),
  })
  .strict();

export const ComponentSchema = z
  .object({ name: Text(500), original: z.boolean(), count: z.number().int().min(1).max(1000) })
  .strict();

export const IndicesSchema = z
  .object(
    Object.fromEntries(
      PER_DOSSIER_INDICES.map((k) => [k, z.number().int().min(0).max(2).optional()]),
    ) as Record<(typeof PER_DOSSIER_INDICES)[number], z.ZodOptional<z.ZodNumber>>,
  )
  .strict();
