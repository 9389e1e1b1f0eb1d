/**
 * Vietnamese text helpers. Text is stored in Unicode NFC; search compares a key that ignores case and
 * diacritics ("quang ngai" finds "Quảng Ngãi"; đ/Đ fold to d).
 */

/** NFC-normalises and trims a string. */
export function nfc(s: string): string {
  return s.normalize('NFC').trim();
}

/** The search key of a text: lower case, no diacritics, đ → d, runs of white space folded. */
export function searchKey(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join(' ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes LIKE wildcards in a search term already turned into a key. */
export function likePattern(q: string): string {
  return '%' + searchKey(q).replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

const collator = new Intl.Collator('vi');
/** Compares Vietnamese strings in Vietnamese alphabetical order. */
export const compareVi = (a: string, b: string) => collator.compare(a, b);
