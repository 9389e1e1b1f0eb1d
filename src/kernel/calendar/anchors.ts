/**
 * Where a holiday rule puts its days in a given year (internal helpers shared by the snapshot builder and
 * the seed parser).
 */
import { dayNumber, daysInMonth, formatDayNumber } from './dates.ts';
import { lunarToDayNumber } from './lunar.ts';
import { isInForce, type HolidayKey, type HolidayRule } from './rules.ts';

/** Day number of a rule's anchor in `year` (a lunar anchor uses the lunar year `year`). */
export function anchorDayNumber(rule: HolidayRule, year: number): number {
  const { calendar, month, day } = rule.anchor;
  if (calendar === 'lunar') return lunarToDayNumber(day, month, year);
  return dayNumber(year, month, Math.min(day, daysInMonth(year, month)));
}

/**
 * The version of the rules for `key` in force on its anchor date in `year`, or `undefined`.
 * With `includeDisabled`, a switched-off version still counts (used to classify schedule days).
 */
export function ruleForYear(
  rules: readonly HolidayRule[],
  key: HolidayKey,
  year: number,
  includeDisabled = false,
): HolidayRule | undefined {
  for (const r of rules) {
    if (r.key !== key) continue;
    const anchor = formatDayNumber(anchorDayNumber(r, year));
    if (isInForce(includeDisabled ? { ...r, enabled: true } : r, anchor)) return r;
  }
  return undefined;
}
