/**
 * Notice templates and the outbox state machine as data (issue 7 §3–§5), no database:
 * - the outbox states and transitions (outbox-states.ts) hold the documented machine;
 * - every reminder kind `reminder.<itemType>.<step>` has a template, in Vietnamese and English, with absolute
 *   links from the public URL, the item words of its type, escaped HTML;
 * - no identity leak: no registered template declares a variable that is a citizen's name / ID / address /
 *   phone / e-mail, and identity markers passed in the data never reach any rendered text;
 * - SMTP error classification, the Message-ID's host, masking, back-off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OUTBOX_STATES,
  OUTBOX_TRANSITIONS,
  canTransition,
} from '../../src/modules/notifications/outbox-states.ts';
import '../../src/modules/notifications/notify.ts'; // registers every template module
import {
  listTemplates,
  renderNotice,
  topLevelVariables,
  getTemplate,
} from '../../src/modules/notifications/templates.ts';
import { REMINDER_STEPS, reminderKind } from '../../src/modules/notifications/templates/staff.ts';
import { ITEM_TYPES, PermanentSendError } from '../../src/modules/notifications/types.ts';
import {
  classifySmtpError,
  messageIdFor,
  senderHost,
} from '../../src/modules/notifications/channels/smtp.ts';
import { maskRecipient } from '../../src/modules/notifications/channels/mask.ts';
import { maskRecipient as dossierMask } from '../../src/modules/dossiers/notifier.ts';
import { backoffMs } from '../../src/modules/notifications/dispatcher.ts';
import { isMuted } from '../../src/modules/notifications/notify.ts';
import { logAdapterLine } from '../../src/modules/notifications/channels/log.ts';

const BASE = 'https://kientao.example.vn';

test('outbox states as data: queued → sending → sent → delivered | failed; failed → queued only by a resend', () => {
  assert.deepEqual([...OUTBOX_STATES], ['queued', 'sending', 'sent', 'delivered', 'failed']);
  for (const s of OUTBOX_STATES) {
    assert.ok(OUTBOX_TRANSITIONS[s], `transitions of ${s}`);
    for (const t of OUTBOX_TRANSITIONS[s]) assert.ok(OUTBOX_STATES.includes(t), `${s} → ${t} is a state`);
  }
  assert.deepEqual(OUTBOX_TRANSITIONS.delivered, [], 'delivered is final');
  assert.deepEqual(OUTBOX_TRANSITIONS.failed, ['queued'], 'failed only goes back to queued (resend)');
  assert.ok(canTransition('sending', 'queued'), 'retry / expired lease');
  assert.ok(!canTransition('queued', 'sent'), 'never sent without a sending attempt');
  assert.ok(!canTransition('failed', 'sent'));
  // every state is reachable from queued
  const seen = new Set(['queued']);
  const todo = ['queued'];
  while (todo.length) {
    for (const t of OUTBOX_TRANSITIONS[todo.pop() as 'queued']) {
      if (!seen.has(t)) {
        seen.add(t);
        todo.push(t);
      }
    }
  }
  assert.equal(seen.size, OUTBOX_STATES.length);
});

test('a reminder template for every item type × step, vi and en, absolute links, item words', () => {
  for (const itemType of ITEM_TYPES)
    for (const step of REMINDER_STEPS)
      assert.ok(getTemplate(reminderKind(itemType, step)), `${itemType}.${step}`);
  const data = {
    ruleName: { vi: 'Nhắc nhiệm vụ quá hạn', en: 'Overdue tasks' },
    step: 'overdue',
    itemType: 'task',
    count: 23,
    items: [
      {
        id: 'a1',
        ref: 'NV-01',
        title: 'Báo cáo <quý> & kế hoạch',
        dueDate: '2026-02-13',
        overdueWorkingDays: 4,
      },
      { id: 'a2', ref: null, title: 'Rà soát thủ tục', dueDate: null, overdueWorkingDays: null },
    ],
    recipientName: 'Sở Tài chính',
    reason: { vi: 'Cơ quan chủ trì', en: 'Lead agency' },
  };
  const vi = renderNotice('reminder.task.overdue', data, {
    locale: 'vi',
    publicUrl: BASE,
    link: '/tasks?ids=a1,a2',
  });
  assert.equal(vi.subject, '[Kiến Tạo] Quá hạn: 23 nhiệm vụ');
  assert.match(vi.text, /^Kính gửi Sở Tài chính,/);
  assert.match(vi.text, /Có 23 nhiệm vụ đã quá hạn xử lý\./);
  assert.match(vi.text, /1\. NV-01 — Báo cáo <quý> & kế hoạch \(hạn 13\/02\/2026, quá hạn 4 ngày làm việc\)/);
  assert.match(vi.text, /https:\/\/kientao\.example\.vn\/tasks\/a1/);
  assert.match(vi.text, /và 21 nhiệm vụ khác/);
  assert.match(vi.text, /Lý do nhận thông báo: Cơ quan chủ trì/);
  assert.match(vi.text, /Xem danh sách: https:\/\/kientao\.example\.vn\/tasks\?ids=a1,a2/);
  assert.ok(vi.html.includes('Báo cáo &lt;quý&gt; &amp; kế hoạch'), 'HTML escaped');
  assert.ok(!vi.html.includes('<quý>'));
  assert.match(
    vi.short,
    /^Kiến Tạo: Có 23 nhiệm vụ đã quá hạn xử lý\. https:\/\/kientao\.example\.vn\/tasks\?ids=a1,a2$/,
  );
  assert.ok(!vi.body.includes('http'), 'in-app body carries no link (the notice has its own)');
  const en = renderNotice('reminder.task.overdue', data, { locale: 'en', publicUrl: BASE, link: null });
  assert.equal(en.subject, '[Kiến Tạo] Overdue: 23 tasks');
  assert.match(en.text, /^Dear Sở Tài chính,/);
  assert.match(en.text, /due 2026-02-13, 4 working days overdue/);
  assert.match(en.text, /Open the list: https:\/\/kientao\.example\.vn\/tasks$/m);
  // item words and paths per type
  const d = renderNotice(
    'reminder.dossier.apology_due',
    { ...data, itemType: 'dossier', count: 1, items: [{ ...data.items[0]!, ref: 'H01-260301-0001' }] },
    { locale: 'vi', publicUrl: BASE, link: null },
  );
  assert.equal(d.subject, '[Kiến Tạo] Hạn cuối gửi văn bản xin lỗi: 1 hồ sơ');
  assert.match(d.text, /Nghị định 61\/2018\/NĐ-CP, Điều 19 khoản 9/);
  assert.match(d.text, /\/dossiers\/H01-260301-0001/);
  const p = renderNotice(
    'reminder.petition.before_due',
    { ...data, count: 1 },
    { locale: 'en', publicUrl: BASE, link: null },
  );
  assert.equal(p.subject, '[Kiến Tạo] Due soon: 1 petition');
  assert.match(p.text, /\/petitions\/a1/);
});

test('muting: an exact kind or a dot-prefix', () => {
  assert.ok(isMuted('reminder.task.before_due', ['reminder.task.before_due']));
  assert.ok(isMuted('reminder.task.before_due', ['reminder.task']));
  assert.ok(!isMuted('reminder.task.before_due', ['reminder.ta']));
  assert.ok(!isMuted('reminder.task.overdue', ['reminder.task.before_due']));
});

/** Variable names that would carry a citizen's identity (petitioner, denouncer, applicant …). */
const IDENTITY =
  /(petitioner|denouncer|complainant|applicant|citizen|reporter|accuser|sender)|^(name|full_?name|id_?number|cccd|cmnd|identity|address|phone|email|birth|dob|gender)$/i;

const MARKERS = {
  petitionerName: 'MARKER-NAME-Nguyễn Văn Tố',
  denouncerName: 'MARKER-DENOUNCER',
  applicantName: 'MARKER-APPLICANT',
  name: 'MARKER-PLAIN-NAME',
  idNumber: 'MARKER-ID-051080009876',
  address: 'MARKER-ADDRESS-Xã Bình Châu',
  phone: 'MARKER-PHONE-0905333444',
  email: 'MARKER-EMAIL@example.vn',
  identity: { name: 'MARKER-IDENTITY' },
};

test('no identity leak: declared variables are never identity fields; markers never reach the output', () => {
  const all = listTemplates();
  assert.ok(all.length >= 24, `templates registered: ${all.length}`);
  assert.ok(
    all.some(([, x]) => x.audience === 'citizen'),
    'the citizen templates are registered through notify.ts too',
  );
  for (const [kind, t] of all) {
    assert.ok(t.variables.length > 0, `${kind} declares its variables`);
    for (const v of t.variables) {
      for (const part of v.split(/[.[\]]+/).filter(Boolean))
        assert.ok(!IDENTITY.test(part), `${kind}: variable '${v}' is an identity field`);
    }
    for (const k of topLevelVariables(t)) assert.ok(!(k in MARKERS), `${kind}: '${k}' is a marker name`);
    for (const locale of ['vi', 'en'] as const) {
      const r = renderNotice(kind, { ...t.sample, ...MARKERS }, { locale, publicUrl: BASE, link: '/x' });
      for (const [field, text] of Object.entries(r)) {
        assert.ok(typeof text === 'string' && text.length > 0, `${kind} ${locale} ${field} rendered`);
        assert.ok(
          !text.includes('MARKER'),
          `${kind} ${locale} ${field} leaks a marker: ${text.slice(0, 200)}`,
        );
        assert.ok(
          !text.includes('undefined') && !text.includes('[object Object]'),
          `${kind} ${locale} ${field}`,
        );
      }
    }
  }
});

test('SMTP: 5xx recipient/message rejection is permanent; 4xx, connection and auth errors are retried', () => {
  const e = (code: string, responseCode?: number) =>
    Object.assign(new Error('x'), { code, responseCode, response: `${responseCode} nope` });
  assert.ok(classifySmtpError(e('EENVELOPE', 550)) instanceof PermanentSendError);
  assert.ok(classifySmtpError(e('EMESSAGE', 554)) instanceof PermanentSendError);
  assert.ok(!(classifySmtpError(e('EENVELOPE', 450)) instanceof PermanentSendError));
  assert.ok(!(classifySmtpError(e('ECONNECTION')) instanceof PermanentSendError));
  assert.ok(!(classifySmtpError(e('EAUTH', 535)) instanceof PermanentSendError));
  assert.equal(senderHost('Kiến Tạo <no-reply@kientao.local>'), 'kientao.local');
  assert.equal(senderHost('noreply@UBND.Example.vn'), 'ubnd.example.vn');
  assert.equal(messageIdFor('abc', 'X <a@b.vn>'), '<abc@b.vn>');
});

test('masking is shared with the dossier notifier; the log line is masked and carries no body', () => {
  assert.equal(maskRecipient('0905333444'), '090****444');
  assert.equal(maskRecipient('khoi@example.vn'), 'k***@example.vn');
  assert.equal(dossierMask, maskRecipient);
  const line = logAdapterLine({
    id: 'r1',
    channel: 'sms',
    address: '0905333444',
    subject: null,
    text: 'secret body',
    html: null,
  });
  // fully masked: the adapter cannot tell a petition citizen's address (never shown even partly) from others
  assert.ok(
    line.includes(' *** <r1>') && !/\d{3}/.test(line.replace('<r1>', '')) && !line.includes('secret body'),
    line,
  );
});

test('back-off doubles per attempt with ±10 % jitter, capped', () => {
  assert.equal(backoffMs(1, 1000, 60_000, 0.5), 1000);
  assert.equal(backoffMs(2, 1000, 60_000, 0.5), 2000);
  assert.equal(backoffMs(4, 1000, 60_000, 0.5), 8000);
  assert.equal(backoffMs(20, 1000, 60_000, 0.5), 60_000);
  assert.equal(backoffMs(3, 1000, 60_000, 0), 3600);
  assert.equal(backoffMs(3, 1000, 60_000, 1), 4400);
});
