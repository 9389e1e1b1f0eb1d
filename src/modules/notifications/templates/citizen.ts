/**
 * Notice templates for citizens (mẫu thông báo cho công dân), kinds `citizen.dossier.*` and
 * `citizen.petition.*` (issue 7 §3), sent by src/modules/notifications/citizen.ts only with the citizen's
 * consent, on the channel they chose (SMS / Zalo: `short`; e-mail: `subject`, `text`, `html`).
 *
 * What a message may carry — nothing more (docs/notifications.md "Citizen notices"):
 * - dossiers: the dossier code, the procedure name, dates (receipt, appointment, request), the receiving
 *   body's name, how the result is returned, and the public lookup link (`/tra-cuu?code=…`);
 * - petitions: the petition code, the step (received / forwarded / accepted / result), the date and the
 *   agency handling it.
 * NEVER the applicant's, petitioner's or a denouncer's name, ID number, address or phone, the person or
 * body complained about / denounced, or the content: revealing a denouncer's name, address or any
 * identifying detail is prohibited (Luật Tố cáo 25/2018/QH14 Art 8 cl.3; secrecy Art 9 cl.1b, Art 56), and a
 * text message may be read by others on a shared phone. The templates declare only the variables above
 * (`variables`); `renderNotice` hands them nothing else.
 *
 * Legal basis of each notice:
 * - received: ND 61/2018/NĐ-CP Art 17 (receipt and appointment, Form 01; online: notice by e-mail / SMS);
 * - supplement requested: ND 61/2018 Art 17 cl.1, Art 19 cl.4 (Form 02; the time limit restarts when the
 *   complete dossier arrives);
 * - result ready: ND 61/2018 Art 20 (return at the one-stop, by post or online);
 * - petition received / forwarded / accepted / result: Luật Tiếp công dân 42/2013/QH13 Art 28 (tell the
 *   citizen within 10 working days whether it was accepted or forwarded), Luật Khiếu nại 02/2011/QH13
 *   Art 27 (notice of acceptance), Luật Tố cáo 25/2018/QH14 Art 24 (forwarding, the denouncer informed),
 *   Art 29 (notice of acceptance), Art 35 (the conclusion sent).
 */
import type { Locale } from '../types.ts';
import {
  absUrl,
  esc,
  fmtDate,
  htmlDocument,
  registerTemplates,
  type NoticeTemplate,
  type RenderContext,
  type RenderedNotice,
} from '../templates.ts';

/** How a dossier's result is returned (dossiers.return_method). */
const RETURN_TEXT: Record<string, { vi: string; en: string }> = {
  counter: { vi: 'nhận trực tiếp tại {body}', en: 'collect it in person at {body}' },
  post: {
    vi: 'kết quả được gửi qua dịch vụ bưu chính đến địa chỉ bạn đã đăng ký',
    en: 'it is sent by post to the address you gave',
  },
  online: {
    vi: 'nhận kết quả trực tuyến qua trang tra cứu hồ sơ',
    en: 'get the result online on the dossier lookup page',
  },
};

const SENDER = { vi: 'UBND tỉnh', en: 'Provincial People’s Committee' };

const FOOTER = {
  vi: 'Tin nhắn tự động, vui lòng không trả lời. Bạn nhận tin này vì đã đồng ý nhận thông báo khi nộp hồ sơ/đơn.',
  en: 'Automatic message, please do not reply. You receive it because you agreed to notices when you filed.',
};

const s = (v: unknown) => (v == null ? '' : String(v));

/** One message from its sentences: SMS/Zalo text, e-mail text and HTML, subject. */
function message(
  locale: Locale,
  subject: string,
  sentences: string[],
  link: string | null,
  ctx: RenderContext,
): RenderedNotice {
  const L = locale === 'en' ? 'en' : 'vi';
  const url = link ? absUrl(ctx.publicUrl, link) : null;
  const main = sentences.filter(Boolean).join(' ');
  const lookup = L === 'en' ? 'Look it up' : 'Tra cứu';
  const short = `${SENDER[L]}: ${main}${url ? ` ${lookup}: ${url}` : ''}`;
  const text = `${main}\n${url ? `\n${lookup}: ${url}\n` : ''}\n--\n${FOOTER[L]}`;
  const html = htmlDocument(
    L,
    subject,
    `<p>${esc(main)}</p>${url ? `<p><a href="${esc(url)}">${esc(lookup)}</a></p>` : ''}<p style="color:#666;font-size:12px">${esc(FOOTER[L])}</p>`,
  );
  return { subject, text, html, short, body: main };
}

type Render = (d: Record<string, unknown>, ctx: RenderContext) => RenderedNotice;

const lookupLink = (code: unknown) => `/tra-cuu?code=${encodeURIComponent(s(code))}`;

const dossierReceived: Render = (d, ctx) => {
  const L = ctx.locale;
  const date = fmtDate(d.receivedDate, L);
  const appt = d.appointmentDate ? fmtDate(d.appointmentDate, L) : null;
  return L === 'en'
    ? message(
        L,
        `Dossier ${s(d.code)} received`,
        [
          `Your dossier ${s(d.code)} (${s(d.procedureName)}) was received by ${s(d.bodyName)} on ${date}.`,
          appt ? `Appointment for the result: ${appt}.` : '',
        ],
        lookupLink(d.code),
        ctx,
      )
    : message(
        L,
        `Hồ sơ ${s(d.code)} đã được tiếp nhận`,
        [
          `Hồ sơ ${s(d.code)} (${s(d.procedureName)}) đã được ${s(d.bodyName)} tiếp nhận ngày ${date}.`,
          appt ? `Ngày hẹn trả kết quả: ${appt}.` : '',
        ],
        lookupLink(d.code),
        ctx,
      );
};

const dossierSupplement: Render = (d, ctx) => {
  const L = ctx.locale;
  const date = fmtDate(d.requestedDate, L);
  return L === 'en'
    ? message(
        L,
        `Dossier ${s(d.code)}: supplement requested`,
        [
          `Dossier ${s(d.code)} (${s(d.procedureName)}) must be supplemented (request of ${date}; see the request form or ask ${s(d.bodyName)}).`,
          `The time limit restarts once it is complete.`,
        ],
        lookupLink(d.code),
        ctx,
      )
    : message(
        L,
        `Hồ sơ ${s(d.code)}: yêu cầu bổ sung`,
        [
          `Hồ sơ ${s(d.code)} (${s(d.procedureName)}) cần bổ sung (yêu cầu ngày ${date}; xem Phiếu yêu cầu bổ sung hoặc liên hệ ${s(d.bodyName)}).`,
          `Thời hạn giải quyết tính lại từ khi nhận đủ hồ sơ.`,
        ],
        lookupLink(d.code),
        ctx,
      );
};

const dossierResult: Render = (d, ctx) => {
  const L = ctx.locale;
  const how = (RETURN_TEXT[s(d.returnMethod)] ?? RETURN_TEXT.counter!)[L].replace('{body}', s(d.bodyName));
  return L === 'en'
    ? message(
        L,
        `Dossier ${s(d.code)}: result ready`,
        [`The result of your dossier ${s(d.code)} (${s(d.procedureName)}) is ready: ${how}.`],
        lookupLink(d.code),
        ctx,
      )
    : message(
        L,
        `Hồ sơ ${s(d.code)} đã có kết quả`,
        [`Hồ sơ ${s(d.code)} (${s(d.procedureName)}) đã có kết quả: ${how}.`],
        lookupLink(d.code),
        ctx,
      );
};

/** Petition steps: the sentence after "Đơn <code>" / "Petition <code>". */
const PETITION_STEP: Record<string, { vi: string; en: string; subjectVi: string; subjectEn: string }> = {
  received: {
    vi: 'đã được {agency} tiếp nhận ngày {date}.',
    en: 'was received by {agency} on {date}.',
    subjectVi: 'đã được tiếp nhận',
    subjectEn: 'received',
  },
  forwarded: {
    vi: 'đã được chuyển đến {agency} để xem xét, giải quyết theo thẩm quyền (ngày {date}).',
    en: 'was forwarded to {agency}, the competent body, on {date}.',
    subjectVi: 'đã được chuyển đơn',
    subjectEn: 'forwarded',
  },
  accepted: {
    vi: 'đã được {agency} thụ lý giải quyết ngày {date}.',
    en: 'was accepted for handling by {agency} on {date}.',
    subjectVi: 'đã được thụ lý',
    subjectEn: 'accepted',
  },
  result: {
    vi: 'đã có kết quả giải quyết của {agency} (ngày {date}); văn bản kết quả được gửi theo quy định.',
    en: 'has a result from {agency} ({date}); the written decision is sent to you as the law provides.',
    subjectVi: 'đã có kết quả giải quyết',
    subjectEn: 'result',
  },
};

const petitionNotice =
  (step: keyof typeof PETITION_STEP): Render =>
  (d, ctx) => {
    const L = ctx.locale;
    const t = PETITION_STEP[step]!;
    const fill = (x: string) => x.replace('{agency}', s(d.agencyName)).replace('{date}', fmtDate(d.date, L));
    return L === 'en'
      ? message(
          L,
          `Petition ${s(d.code)}: ${t.subjectEn}`,
          [`Petition ${s(d.code)} ${fill(t.en)}`],
          null,
          ctx,
        )
      : message(L, `Đơn ${s(d.code)} ${t.subjectVi}`, [`Đơn ${s(d.code)} ${fill(t.vi)}`], null, ctx);
  };

/** Variables of the dossier notices (no identity: code, procedure, dates, body, return method). */
export const DOSSIER_NOTICE_VARIABLES = [
  'code',
  'procedureName',
  'receivedDate',
  'appointmentDate',
  'requestedDate',
  'bodyName',
  'returnMethod',
] as const;
/** Variables of the petition notices (code, step date, agency — never a person or the content). */
export const PETITION_NOTICE_VARIABLES = ['code', 'date', 'agencyName'] as const;

const dossierSample = {
  code: '000.00.20.H48-261201-0001',
  procedureName: 'Đăng ký tàu cá',
  receivedDate: '2026-12-01',
  appointmentDate: '2026-12-15',
  requestedDate: '2026-12-02',
  bodyName: 'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh Quảng Ngãi',
  returnMethod: 'counter',
};
const petitionSample = { code: 'DON-2026-00001', date: '2026-12-01', agencyName: 'Thanh tra tỉnh' };

/** The citizen notice kinds (what citizen.ts sends). */
export const CITIZEN_KINDS = {
  dossierReceived: 'citizen.dossier.received',
  dossierSupplement: 'citizen.dossier.supplement_requested',
  dossierResult: 'citizen.dossier.result_ready',
  petitionReceived: 'citizen.petition.received',
  petitionForwarded: 'citizen.petition.forwarded',
  petitionAccepted: 'citizen.petition.accepted',
  petitionResult: 'citizen.petition.result',
} as const;

const citizen = (
  variables: readonly string[],
  sample: Record<string, unknown>,
  render: Render,
): NoticeTemplate => ({ audience: 'citizen', variables, sample, render });

registerTemplates({
  [CITIZEN_KINDS.dossierReceived]: citizen(DOSSIER_NOTICE_VARIABLES, dossierSample, dossierReceived),
  [CITIZEN_KINDS.dossierSupplement]: citizen(DOSSIER_NOTICE_VARIABLES, dossierSample, dossierSupplement),
  [CITIZEN_KINDS.dossierResult]: citizen(DOSSIER_NOTICE_VARIABLES, dossierSample, dossierResult),
  [CITIZEN_KINDS.petitionReceived]: citizen(
    PETITION_NOTICE_VARIABLES,
    petitionSample,
    petitionNotice('received'),
  ),
  [CITIZEN_KINDS.petitionForwarded]: citizen(
    PETITION_NOTICE_VARIABLES,
    petitionSample,
    petitionNotice('forwarded'),
  ),
  [CITIZEN_KINDS.petitionAccepted]: citizen(
    PETITION_NOTICE_VARIABLES,
    petitionSample,
    petitionNotice('accepted'),
  ),
  [CITIZEN_KINDS.petitionResult]: citizen(
    PETITION_NOTICE_VARIABLES,
    petitionSample,
    petitionNotice('result'),
  ),
});
