/** Search helpers: case- and diacritics-insensitive matching, as Vietnamese users type. */

/** `Sở Nông nghiệp` → `so nong nghiep` (đ → d). */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** True when every word of `query` occurs in `text`, ignoring case and diacritics. */
export function matches(text: string, query: string): boolean {
  const t = fold(text);
  return fold(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => t.includes(w));
}

export const collator = new Intl.Collator('vi');
