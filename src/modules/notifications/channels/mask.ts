/**
 * Masking of addresses for logs and lists (no more personal data than needed): a phone keeps its first 3 and
 * last 3 digits (`090****567`), an e-mail its first letter and domain (`a***@example.vn`). Shared by the
 * channel log adapters, the outbox list (citizen addresses) and the dossier notifier.
 */
export function maskRecipient(recipient: string): string {
  const at = recipient.indexOf('@');
  if (at > 0) return `${recipient[0]}***${recipient.slice(at)}`;
  if (recipient.length <= 6) return '*'.repeat(recipient.length);
  return `${recipient.slice(0, 3)}${'*'.repeat(recipient.length - 6)}${recipient.slice(-3)}`;
}

/**
 * The fully masked form of an address (no letter or digit of it): `***@***` for an e-mail address, `***`
 * for a phone number. Used for the contact of a petition's citizen (who may be a denouncer: revealing the
 * denouncer's address or any identifying detail is prohibited, Luật Tố cáo 2018 Art 8 cl.3, Art 9 cl.1b) shown
 * to anyone but an admin, and by the log adapter for every line (docs/notifications.md, "Addresses in the outbox").
 */
export function maskFully(recipient: string): string {
  return recipient.includes('@') ? '***@***' : '***';
}

/** The mark that replaces an address scrubbed out of an error text. */
export const SCRUBBED = '[address removed]';

const EMAIL =
  /[\p{L}\p{N}._%+\-!#$&'*/=?^`{|}~]+(?:@|%40|\s?\[at\]\s?)[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/giu;
/** a run of digits with separators (space, dot, dash, parentheses, slash), optionally after `+` */
const DIGIT_RUN = /\+?\(?\d(?:[\s.\-()/]{0,3}\d)+/g;
/** a leading SMTP reply code and enhanced status code (`550 5.1.1 `), kept when a digit run starts with it */
/** digit runs that are not phone numbers: an IPv4 address, a date (`2026-03-01 …`) */
const NOT_A_PHONE = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\d{4}[-/.]\d{2}[-/.]\d{2}(?:\D.*)?)$/;
const SMTP_CODES = /^(?:[245]\d\d[\s-]+)?(?:[245]\.\d{1,3}\.\d{1,3}\s+)?/;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The national digits of a Vietnamese phone number (`+84 90…` / `84 90…` / `090…` → `90…`). */
function nationalDigits(digits: string): string {
  if (digits.startsWith('84') && digits.length >= 10) return digits.slice(2);
  if (digits.startsWith('0')) return digits.slice(1);
  return digits;
}

/**
 * Removes personal addresses from an error text before it is stored (`outbox_messages.last_error`,
 * `outbox_events.reason`), logged or shown (adversarial review F2: SMTP servers repeat the recipient in their
 * replies, `550 5.1.1 <x@y>: Recipient address rejected`):
 * - the row's own `address`, in any spelling: any letter case; an e-mail address also with `%40` or `[at]`
 *   for `@`, and its local part alone (3 characters or more); a phone number with any separators and with
 *   `+84` / `84` / `0` in front;
 * - then every other e-mail address, and every run of 8 digits or more with separators (phone numbers; an
 *   IPv4 address, a date and a leading SMTP reply code `550 5.1.1` are kept).
 * Each is replaced by `[address removed]`. Texts without addresses come back unchanged; null stays null.
 */
export function scrubAddresses(text: string, address?: string | null): string;
export function scrubAddresses(text: string | null, address?: string | null): string | null;
export function scrubAddresses(text: string | null, address?: string | null): string | null {
  if (text == null) return text;
  let s = text;
  const a = (address ?? '').trim();
  if (a) {
    const at = a.indexOf('@');
    if (at > 0) {
      const local = a.slice(0, at);
      const domain = a.slice(at + 1);
      s = s.replace(
        new RegExp(`${escapeRe(local)}\\s?(?:@|%40|\\[at\\])\\s?${escapeRe(domain)}`, 'giu'),
        SCRUBBED,
      );
      if (local.length >= 3) s = s.replace(new RegExp(escapeRe(local), 'giu'), SCRUBBED);
    } else {
      const digits = a.replace(/\D/g, '');
      const nat = nationalDigits(digits);
      if (nat.length >= 6) {
        const sep = '[\\s.\\-()/]{0,3}';
        const body = nat.split('').join(sep);
        s = s.replace(new RegExp(`(?:\\+?\\(?84\\)?${sep}|0${sep})?${body}(?!\\d)`, 'g'), SCRUBBED);
      } else if (a.length >= 3) {
        s = s.replace(new RegExp(escapeRe(a), 'gi'), SCRUBBED);
      }
    }
  }
  s = s.replace(EMAIL, SCRUBBED);
  s = s.replace(DIGIT_RUN, (run) => {
    if (run.replace(/\D/g, '').length < 8 || NOT_A_PHONE.test(run.trim())) return run;
    const keep = SMTP_CODES.exec(run)?.[0] ?? '';
    const rest = run.slice(keep.length);
    return rest.replace(/\D/g, '').length >= 8 ? `${keep}${SCRUBBED}` : run;
  });
  return s;
}
