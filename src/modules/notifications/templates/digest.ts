/**
 * The daily digest e-mail (thư tổng hợp thông báo hằng ngày; issue 7 §4), kind `digest.daily`: ONE e-mail
 * listing a staff user's in-app notices since their previous digest (src/modules/notifications/digest.ts),
 * Vietnamese or English by the user's preference. Each line is the notice as the bell shows it (title, text,
 * time in Asia/Ho_Chi_Minh, link); reminders to staff never carry a petitioner's or denouncer's identity
 * (templates/staff.ts), so neither does the digest.
 */
import type { Locale } from '../types.ts';
import {
  absUrl,
  esc,
  fmtDate,
  footer,
  htmlDocument,
  registerTemplates,
  type RenderContext,
  type RenderedNotice,
} from '../templates.ts';

export const DIGEST_KIND = 'digest.daily';

/** One listed notice. `createdAt`: ISO instant. `link`: web path or null. */
export interface DigestItem {
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
}

/** The data of a digest: the date (YYYY-MM-DD, Asia/Ho_Chi_Minh), the addressee, the notices. */
export interface DigestData {
  date: string;
  recipientName: string;
  /** notices in this digest (may exceed the items listed) */
  count: number;
  items: DigestItem[];
}

/** `HH:mm dd/mm` (vi) or `YYYY-MM-DD HH:mm` (en) in Asia/Ho_Chi_Minh. */
function when(iso: string, locale: Locale): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString();
  const [date, time] = [d.slice(0, 10), d.slice(11, 16)];
  return locale === 'en' ? `${date} ${time}` : `${time} ${date.slice(8, 10)}/${date.slice(5, 7)}`;
}

function renderDigest(data: Record<string, unknown>, ctx: RenderContext): RenderedNotice {
  const d = data as unknown as DigestData;
  const L = ctx.locale;
  const items = Array.isArray(d.items) ? d.items : [];
  const count = Number(d.count ?? items.length);
  const rest = Math.max(0, count - items.length);
  const bell = absUrl(ctx.publicUrl, '/notifications');
  const day = fmtDate(d.date, L);
  const T =
    L === 'en'
      ? {
          subject: `[Kiến Tạo] Daily digest ${day}: ${count} notice${count === 1 ? '' : 's'}`,
          dear: `Dear ${d.recipientName},`,
          intro: `Your notices since the previous digest (${count}):`,
          more: `… and ${rest} more.`,
          all: 'All notices',
          short: `Kiến Tạo: ${count} notice(s) in your daily digest. ${bell}`,
        }
      : {
          subject: `[Kiến Tạo] Tổng hợp thông báo ngày ${day}: ${count} thông báo`,
          dear: `Kính gửi ${d.recipientName},`,
          intro: `Các thông báo của bạn từ bản tổng hợp trước (${count}):`,
          more: `… và ${rest} thông báo khác.`,
          all: 'Xem tất cả thông báo',
          short: `Kiến Tạo: ${count} thông báo trong bản tổng hợp hằng ngày. ${bell}`,
        };
  const f = footer(L, ctx.publicUrl);
  const lines = items.map((it, i) => {
    const link = it.link ? `\n   ${absUrl(ctx.publicUrl, it.link)}` : '';
    return `${i + 1}. [${when(it.createdAt, L)}] ${it.title}\n   ${it.body}${link}`;
  });
  const text = [
    T.dear,
    '',
    T.intro,
    '',
    ...lines,
    ...(rest ? ['', T.more] : []),
    '',
    `${T.all}: ${bell}`,
    '',
    f.text,
  ].join('\n');
  const htmlItems = items
    .map((it) => {
      const title = it.link
        ? `<a href="${esc(absUrl(ctx.publicUrl, it.link))}">${esc(it.title)}</a>`
        : esc(it.title);
      return `<li><span style="color:#666">${esc(when(it.createdAt, L))}</span> ${title}<br>${esc(it.body)}</li>`;
    })
    .join('');
  const html = htmlDocument(
    L,
    T.subject,
    `<p>${esc(T.dear)}</p><p>${esc(T.intro)}</p><ol>${htmlItems}</ol>` +
      (rest ? `<p>${esc(T.more)}</p>` : '') +
      `<p><a href="${esc(bell)}">${esc(T.all)}</a></p>` +
      f.html,
  );
  return { subject: T.subject, text, html, short: T.short, body: T.intro };
}

registerTemplates({
  [DIGEST_KIND]: {
    audience: 'staff',
    variables: [
      'date',
      'recipientName',
      'count',
      'items[].title',
      'items[].body',
      'items[].link',
      'items[].createdAt',
    ],
    sample: {
      date: '2026-12-01',
      recipientName: 'Nguyễn Văn Chuyên',
      count: 2,
      items: [
        {
          title: 'Quá hạn: 2 nhiệm vụ',
          body: 'Có 2 nhiệm vụ đã quá hạn xử lý.',
          link: '/tasks',
          createdAt: '2026-12-01T00:30:00Z',
        },
      ],
    },
    render: renderDigest,
  },
});
