/** Shared zod schemas for the HTTP layer. Messages are "Vietnamese | English". */
import { z } from 'zod';
import { isIsoDate } from './calendar/dates.ts';

/** A real calendar date `YYYY-MM-DD` (2019-04-31 is refused) in the years 1900–2199 (no overflow at the edges of the calendar). */
export const IsoDateSchema = z
  .string()
  .refine(
    (s) => isIsoDate(s) && s.slice(0, 4) >= '1900' && s.slice(0, 4) <= '2199',
    'Ngày không hợp lệ (YYYY-MM-DD, năm 1900–2199) | Invalid date (YYYY-MM-DD, year 1900–2199)',
  );

/** A date `YYYY-MM-DD` or an ISO 8601 datetime with offset. */
export const DateOrDateTimeSchema = z
  .string()
  .refine(
    (s: string) =>
      isIsoDate(s) ||
      (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
        !Number.isNaN(Date.parse(s)) &&
        isIsoDate(String(s).slice(0, 10))),
    'Ngày giờ không hợp lệ | Invalid date or datetime',
  );

export const PageSchema = z.coerce.number().int().min(1).max(100000).default(1);
export const PageSizeSchema = z.coerce.number().int().min(1).max(500).default(50);
