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
