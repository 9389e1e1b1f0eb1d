/**
 * Notice templates (mẫu thông báo): one per notice kind, Vietnamese first with an English variant (issue 7 §3).
 *
 * A template declares the variables it reads from `NoticeRequest.data` (`variables`); `renderNotice` hands it
 * ONLY those (everything else is dropped before the template sees the data), so a template cannot print a
 * field it did not declare. test/unit/notification-templates.test.ts checks, for every registered template,
 * that no declared variable is an identity field of a citizen (name, ID number, address, phone, e-mail of a
 * petitioner / applicant / denouncer — Luật Tố cáo 2018 Art 8 cl.3 forbids revealing a denouncer's identity)
 * and that marker identity data passed anyway never appears in the output.
 *
 * Registering templates (other helpers, e.g. citizen notices): call
 *   `registerTemplates({ 'dossier.received': { audience: 'citizen', variables: [...], render } , … })`
 * at the top level of your module, and add one `import './your-file.ts'` line to the list of template
 * modules at the top of src/modules/notifications/notify.ts (notify() and the leak test import it, so every
 * template is registered before the first notice is rendered). A kind registered twice throws.
 *
 * Output of a render (per locale): `subject` (e-mail subject and in-app title), `text` (plain e-mail body),
 * `html` (HTML e-mail body; escape every variable with `esc`), `short` (SMS / Zalo text: one or two sentences
 * and a link, no item titles for citizens), `body` (in-app text). Links are absolute: `ctx.publicUrl` + path.
 */
import type { Locale } from './types.ts';

export interface RenderContext {
  locale: Locale;
  /** base URL of the web UI without a trailing slash (config.publicUrl), e.g. `https://kientao.example.vn` */
  publicUrl: string;
  /** `NoticeRequest.link` (a web path such as `/tasks?ids=…`), or null */
  link: string | null;
}

export interface RenderedNotice {
  /** e-mail subject and in-app title */
  subject: string;
  /** plain-text e-mail body */
  text: string;
  /** HTML e-mail body (variables escaped with `esc`) */
  html: string;
  /** SMS / Zalo text: one or two sentences and an absolute link */
  short: string;
  /** in-app body (the bell): one or two sentences, no link (the notice has its own) */
  body: string;
}

export interface NoticeTemplate {
  /** 'staff' (default): users of the system; 'citizen': applicants and petitioners (tighter privacy) */
  audience?: 'staff' | 'citizen';
  /**
   * Top-level keys of `data` the template reads; nested fields as `items[].title` (documentation and the leak
   * test; only the top-level part is used to filter the data).
   */
  variables: readonly string[];
  /** sample data for previews and tests (declared variables only) */
  sample: Record<string, unknown>;
  render(data: Record<string, unknown>, ctx: RenderContext): RenderedNotice;
}

const registry = new Map<string, NoticeTemplate>();

/**
 * Registers templates by notice kind (e.g. `'dossier.received'`). Throws on a kind already registered, and
 * on a template that declares no variable list.
 */
export function registerTemplates(templates: Record<string, NoticeTemplate>): void {
  for (const [kind, t] of Object.entries(templates)) {
    if (registry.has(kind)) throw new Error(`notice template already registered: ${kind}`);
    if (!Array.isArray(t.variables)) throw new Error(`notice template ${kind}: no variables declared`);
    registry.set(kind, t);
  }
}

/** The template of a kind, or undefined. */
export function getTemplate(kind: string): NoticeTemplate | undefined {
  return registry.get(kind);
}

/** Every registered kind with its template (sorted by kind). */
export function listTemplates(): [string, NoticeTemplate][] {
  return [...registry.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}

/** The top-level names of declared variables (`items[].title` → `items`). */
export function topLevelVariables(t: NoticeTemplate): string[] {
  return [...new Set(t.variables.map((v) => v.split(/[.[]/)[0]!))];
}

/**
 * Renders a notice of `kind` in `ctx.locale`, giving the template only its declared variables.
 * Throws an Error (a programming error, not user input) when no template is registered for the kind.
 */
export function renderNotice(
  kind: string,
  data: Record<string, unknown>,
  ctx: RenderContext,
): RenderedNotice {
  const t = registry.get(kind);
  if (!t) throw new Error(`no notice template for kind '${kind}'`);
  const picked: Record<string, unknown> = {};
  for (const k of topLevelVariables(t)) if (k in data) picked[k] = data[k];
  return t.render(picked, ctx);
}

// ───────────────────────── helpers for templates ─────────────────────────

/** HTML-escapes a value (every variable put into `html`). */
export function esc(v: unknown): string {
  return String(v ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `YYYY-MM-DD` → `dd/mm/yyyy` (vi) or unchanged (en); other values as they are. */
export function fmtDate(d: unknown, locale: Locale): string {
  const s = String(d ?? '');
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m || locale === 'en') return s;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** An absolute link: `publicUrl` + a web path (`/tasks/…`); an absolute URL is kept. */
export function absUrl(publicUrl: string, path: string): string {
  if (/^https?:\/\//.test(path)) return path;
  return `${publicUrl}${path.startsWith('/') ? '' : '/'}${path}`;
}

/** A `{vi, en}` text in a locale (falls back to vi, then to the value as text). */
export function pick(v: unknown, locale: Locale): string {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return String(o[locale] ?? o.vi ?? '');
  }
  return v == null ? '' : String(v);
}

/** The common e-mail footer (plain text and HTML) in a locale. */
export function footer(locale: Locale, publicUrl: string): { text: string; html: string } {
  const prefs = absUrl(publicUrl, '/settings/notifications');
  return locale === 'en'
    ? {
        text: `--\nAutomatic message from Kiến Tạo (Office of the Provincial People's Committee). Notification settings: ${prefs}`,
        html: `<p style="color:#666;font-size:12px">Automatic message from Kiến Tạo (Office of the Provincial People's Committee). <a href="${esc(prefs)}">Notification settings</a></p>`,
      }
    : {
        text: `--\nThư tự động từ hệ thống Kiến Tạo (Văn phòng UBND tỉnh). Thay đổi cách nhận thông báo: ${prefs}`,
        html: `<p style="color:#666;font-size:12px">Thư tự động từ hệ thống Kiến Tạo (Văn phòng UBND tỉnh). <a href="${esc(prefs)}">Thay đổi cách nhận thông báo</a></p>`,
      };
}

/** Wraps HTML body parts into a minimal e-mail document. */
export function htmlDocument(lang: Locale, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:Arial,sans-serif;font-size:14px;line-height:1.5">${body}</body></html>`;
}
