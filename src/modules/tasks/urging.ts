/**
 * Urging letters (công văn đôn đốc, `UrgingLetter`; REFERENCE §1 "Reminder": number, date, addressees, tasks
 * concerned): the Office writes to a lead agency about its tasks that, as of a cut-off date T, are
 *
 * - **awaiting receipt** (chờ tiếp nhận), whatever their deadline, or
 * - **in progress and overdue** (chưa hoàn thành – quá hạn: T > the deadline in force at T),
 *
 * read with the SAME predicates as the task table (queries.ts `cellPredicate`, timeliness.ts `timelinessSql`):
 * the status and deadline in force at T, the lead agency in force at T, tasks assigned from `from` (default
 * 0001-01-01) to T.
 *
 * The letter is a công văn of the provincial Office (Văn phòng UBND tỉnh, symbol `VP`, drafted by the Economic
 * and General Affairs Division `KTTH`: `N/VP-KTTH`), or of the committee itself (`N/UBND-KTTH`), in the
 * Decree 30/2020 layout (Art 8, Appendix I; building blocks of kernel/documents/decree30.ts). A DRAFT has no
 * number ("Số:      /VP-KTTH") and the day left blank (Art 15: numbers only at signing/issuing). ISSUING, in
 * ONE transaction: locks the tasks, takes the number from the register (`issueNumber`, the Office's series for
 * công văn), registers the document with the DOCX attached, and appends an `urged` event (no status change) to
 * every task listed — so reports count the reminders issued (distinct documents of `urged` events).
 *
 * Dates are calendar dates YYYY-MM-DD in Asia/Ho_Chi_Minh; "days overdue" are calendar days after the deadline.
 */
import { randomUUID } from 'node:crypto';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import { taskEvents } from '../../db/schema.ts';
import { badRequest, conflict } from '../../kernel/errors.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { requireAgencyOn } from '../../kernel/org/service.ts';
import { recordAudit } from '../../kernel/audit/index.ts';
import { daysBetween, toHcmDate } from '../../kernel/calendar/dates.ts';
import {
  A4_PAGE,
  A4_TEXT_WIDTH,
  GRID_BORDERS,
  centred,
  mm,
  placeDateLine,
  shortRule,
  textRun,
  twoColumns,
} from '../../kernel/documents/decree30.ts';
import { attachDocument, formatNumberSymbol, issueNumber } from '../../kernel/documents/registers.ts';
import { documentOut, registerDocument } from '../../kernel/documents/service.ts';
import { dmy, t } from '../dossiers/forms/format.ts';
import { DOCX_MIME, PLACE } from '../petitions/letters.ts';
import { cellPredicate } from './queries.ts';
import { timelinessSql } from './timeliness.ts';
import type { TaskStatus, Timeliness } from './rules.ts';

/** Who issues the letter: the Office (default) or the committee; the drafting unit is the KTTH division. */
export const URGING_ISSUERS = {
  VP: {
    agencyCode: 'VP',
    governingBody: 'UBND TỈNH QUẢNG NGÃI',
    unit: 'VĂN PHÒNG',
    name: 'Văn phòng UBND tỉnh',
    defaultTitle: 'KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG',
  },
  UBND: {
    agencyCode: 'UBND',
    governingBody: '',
    unit: 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI',
    name: 'UBND tỉnh',
    defaultTitle: 'TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG',
  },
} as const;
export type UrgingIssuer = keyof typeof URGING_ISSUERS;
/** The drafting unit (đơn vị soạn thảo) and its symbol in the number: Phòng Kinh tế - Tổng hợp. */
export const DRAFTING_UNIT = { code: 'VP-KTTH', symbol: 'KTTH', name: 'Phòng Kinh tế - Tổng hợp' };

export interface UrgedTask {
  id: string;
  ref: string | null;
  title: string;
  documentNumber: string;
  documentDate: string | null;
  clause: string | null;
  assignedDate: string;
  /** the deadline in force at T, or null */
  deadline: string | null;
  status: TaskStatus;
  timeliness: Timeliness;
  /** calendar days from the deadline to T (overdue only), else 0 */
  daysOverdue: number;
}

export interface UrgingQuery {
  /** lead agency code */
  agency: string;
  /** the cut-off date T, YYYY-MM-DD */
  asOf: string;
  /** first assignment date counted, YYYY-MM-DD (default 0001-01-01) */
  from?: string;
}

/**
 * The tasks an urging letter lists for `q.agency` as of `q.asOf`: awaiting receipt (any timeliness) and in
 * progress overdue, with the predicates of the task table (status, deadline and lead agency in force at T);
 * overdue first by deadline, then those awaiting receipt. 400 `unknown_agency` / `agency_not_valid_on_date`
 * (path `agency`) when the agency does not exist at T.
 */
export async function urgedTasks(db: Tx, p: Principal, q: UrgingQuery): Promise<UrgedTask[]> {
  await requireAgencyOn(db, q.agency, q.asOf, 'agency');
  const f = { from: q.from ?? '0001-01-01', to: q.asOf, asOf: q.asOf, agency: q.agency };
  const tl = timelinessSql(q.asOf);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT t.id, t.ref, t.title, d.number_symbol, d.date::text AS document_date, t.clause,
          s.assigned_date::text AS assigned_date, s.deadline::text AS deadline, s.status, ${tl} AS timeliness
        FROM task_states s JOIN tasks t ON t.id = s.task_id JOIN documents d ON d.id = t.document_id
        WHERE ${cellPredicate(f, p)}
          AND (s.status = 'awaiting_receipt' OR (s.status = 'in_progress' AND ${tl} = 'overdue'))
        ORDER BY CASE WHEN ${tl} = 'overdue' THEN 0 ELSE 1 END, s.deadline NULLS LAST, t.ref, t.id`,
  );
  return rows.map((r) => {
    const deadline = (r.deadline as string | null) ?? null;
    const timeliness = r.timeliness as Timeliness;
    return {
      id: r.id as string,
      ref: (r.ref as string | null) ?? null,
      title: r.title as string,
      documentNumber: r.number_symbol as string,
      documentDate: (r.document_date as string | null) ?? null,
      clause: (r.clause as string | null) ?? null,
      assignedDate: r.assigned_date as string,
      deadline,
      status: r.status as TaskStatus,
      timeliness,
      daysOverdue: timeliness === 'overdue' && deadline ? daysBetween(deadline, q.asOf) : 0,
    };
  });
}

export interface UrgingLetterData {
  issuer: (typeof URGING_ISSUERS)[UrgingIssuer];
  agency: { code: string; name: string };
  asOf: string;
  /** letter date (issued) or the draft's month (draft), YYYY-MM-DD */
  date: string;
  draft: boolean;
  /** "1459/VP-KTTH" once issued; null on a draft */
  numberSymbol: string | null;
  /** the number/symbol pattern with the number blank: "     /VP-KTTH" */
  blankSymbol: string;
  tasks: UrgedTask[];
  /** report back by (YYYY-MM-DD), optional */
  replyBy: string | null;
  signer: { title: string; name: string | null };
}

const SIZE = { body: 28, head: 26, small: 24, list: 22, table: 22 };
const run = (text: string, o: Parameters<typeof textRun>[1] = {}) =>
  textRun(text, { ...o, size: o.size ?? SIZE.body });
const body = (text: string) =>
  new Paragraph({
    children: [run(text)],
    alignment: AlignmentType.JUSTIFIED,
    spacing: { before: 0, after: 120, line: 288 },
    indent: { firstLine: mm(12.7) },
  });

const STATUS_VI = (x: UrgedTask) =>
  x.status === 'awaiting_receipt'
    ? x.timeliness === 'overdue'
      ? `Chưa tiếp nhận; quá hạn ${x.daysOverdue} ngày`
      : 'Chưa tiếp nhận'
    : `Chưa hoàn thành; quá hạn ${x.daysOverdue} ngày`;

function taskTable(tasks: UrgedTask[]): Table {
  const widths = [0.07, 0.43, 0.2, 0.12, 0.18].map((s) => Math.round(A4_TEXT_WIDTH * s));
  const cell = (text: string, w: number, bold = false, align: 'left' | 'center' = 'left') =>
    new TableCell({
      width: { size: w, type: WidthType.DXA },
      margins: { left: 60, right: 60, top: 20, bottom: 20 },
      children: [
        new Paragraph({
          children: [run(text, { size: SIZE.table, bold })],
          alignment: align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
        }),
      ],
    });
  const head = new TableRow({
    tableHeader: true,
    children: ['TT', 'Nội dung nhiệm vụ', 'Văn bản giao', 'Thời hạn', 'Tình hình'].map((h, i) =>
      cell(h, widths[i]!, true, 'center'),
    ),
  });
  const rows = tasks.map(
    (x, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell(String(i + 1), widths[0]!, false, 'center'),
          cell(`${x.title}${x.ref ? ` (${x.ref})` : ''}`, widths[1]!),
          cell(
            `${x.documentNumber}${x.documentDate ? ` ngày ${dmy(x.documentDate)}` : ''}${x.clause ? `, ${x.clause}` : ''}`,
            widths[2]!,
          ),
          cell(x.deadline ? dmy(x.deadline) : 'Không thời hạn', widths[3]!, false, 'center'),
          cell(STATUS_VI(x), widths[4]!),
        ],
      }),
  );
  return new Table({
    width: { size: A4_TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: GRID_BORDERS,
    rows: [head, ...rows],
  });
}

/** Renders the letter as DOCX bytes (pure: everything comes from `d`). */
export async function renderUrgingLetter(d: UrgingLetterData): Promise<Buffer> {
  const share = 0.42;
  const lw = Math.round(A4_TEXT_WIDTH * share);
  const left = [
    ...(d.issuer.governingBody ? [centred([run(d.issuer.governingBody, { size: SIZE.head })])] : []),
    centred([run(d.issuer.unit, { size: SIZE.head, bold: true })]),
    shortRule(lw, 0.4),
    centred([run(`Số: ${d.numberSymbol ?? d.blankSymbol}`, { size: SIZE.head })], 60),
    centred([
      run('V/v đôn đốc thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao', { size: SIZE.small }),
    ]),
  ];
  const right = [
    centred([run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: SIZE.small, bold: true })]),
    centred([run('Độc lập - Tự do - Hạnh phúc', { size: SIZE.head, bold: true, underline: true })], 160),
    centred([run(placeDateLine(PLACE, d.draft ? null : d.date, d.date), { size: SIZE.head, italics: true })]),
  ];
  const overdue = d.tasks.filter((x) => x.timeliness === 'overdue').length;
  const waiting = d.tasks.filter((x) => x.status === 'awaiting_receipt').length;
  const who = d.issuer.name;
  const to = d.agency.name;
  const children: (Paragraph | Table)[] = [twoColumns(A4_TEXT_WIDTH, left, right, share)];
  if (d.draft)
    children.push(
      new Paragraph({
        children: [run('DỰ THẢO', { bold: true, size: SIZE.small })],
        spacing: { before: 120 },
      }),
    );
  children.push(
    new Paragraph({
      children: [run('Kính gửi: '), run(to)],
      alignment: AlignmentType.CENTER,
      spacing: { before: 360, after: 240 },
    }),
    body(
      `Thực hiện Quy chế theo dõi, đôn đốc, kiểm tra việc thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh ` +
        `giao, ${who} đã rà soát tình hình thực hiện các nhiệm vụ giao ${to} chủ trì. Tính đến ngày ` +
        `${dmy(d.asOf)}, ${to} còn ${d.tasks.length} nhiệm vụ chưa được thực hiện đúng yêu cầu, trong đó ` +
        `${waiting} nhiệm vụ chưa tiếp nhận và ${overdue} nhiệm vụ đã quá thời hạn (chi tiết tại danh sách dưới đây):`,
    ),
    taskTable(d.tasks),
    new Paragraph({ children: [], spacing: { before: 120, after: 0 } }),
    body(
      `${who} đề nghị ${to} khẩn trương tiếp nhận, tổ chức thực hiện các nhiệm vụ nêu trên; đối với nhiệm vụ ` +
        `đã quá hạn, báo cáo kết quả thực hiện, nêu rõ nguyên nhân chậm trễ và đề xuất gia hạn (nếu có) gửi ` +
        `UBND tỉnh (qua ${who})${d.replyBy ? ` trước ngày ${dmy(d.replyBy)}` : ''} để theo dõi, tổng hợp.`,
    ),
    body(`${who} thông báo để ${to} biết, thực hiện./.`),
    new Paragraph({ children: [], spacing: { before: 120, after: 0 } }),
  );
  const recipients = [
    'Như trên;',
    'CT, các PCT UBND tỉnh (b/c);',
    'CVP, PCVP UBND tỉnh;',
    `Lưu: VT, ${DRAFTING_UNIT.symbol}.`,
  ];
  const closeLeft = [
    new Paragraph({ children: [run('Nơi nhận:', { bold: true, italics: true, size: SIZE.small })] }),
    ...recipients.map((x) => new Paragraph({ children: [run(`- ${x}`, { size: SIZE.list })] })),
  ];
  const closeRight = [
    ...d.signer.title.split('\n').map((l) => centred([run(l, { bold: true, caps: true, size: SIZE.head })])),
    centred(
      [run(d.draft ? '(Dự thảo - chưa ký)' : '(Đã ký)', { italics: true, size: SIZE.small })],
      d.signer.name ? 1100 : 1400,
    ),
    centred([run(d.signer.name ?? '', { bold: true })]),
  ];
  children.push(twoColumns(A4_TEXT_WIDTH, closeLeft, closeRight, 0.5));
  const doc = new Document({
    creator: 'Kiến Tạo',
    title: t(`Công văn đôn đốc ${d.numberSymbol ?? '(dự thảo)'} - ${d.agency.name}`),
    description: t('Bố cục theo Nghị định 30/2020/NĐ-CP, Phụ lục I (A4, Times New Roman 14 pt)'),
    styles: { default: { document: { run: { font: 'Times New Roman', size: SIZE.body } } } },
    sections: [{ properties: { page: { size: A4_PAGE, margin: A4_PAGE.margin } }, children }],
  });
  return Packer.toBuffer(doc);
}

/**
 * The signature block's title lines: "CHÁNH VĂN PHÒNG" or a delegated form ("KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH
 * VĂN PHÒNG", "TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG"; ND 30/2020 Art 13). Lines separated by a new line or " / ".
 * 400 `invalid_signer_title` (path `signer.title`) when the first line is not such a form.
 */
export function urgingSignerTitle(issuer: UrgingIssuer, title: string | null | undefined): string {
  if (!title?.trim()) return URGING_ISSUERS[issuer].defaultTitle;
  const lines = title
    .split(/\n|\s\/\s/)
    .map((l) => l.trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi'))
    .filter(Boolean);
  const head = /^(?:(KT|Q|TL|TUQ|TM)\.\s*)?(CHÁNH VĂN PHÒNG|CHỦ TỊCH|ỦY BAN NHÂN DÂN)$/u.exec(lines[0] ?? '');
  const ok = head && (head[1] ? lines.length === 2 && lines[1]!.length <= 60 : lines.length === 1);
  if (!ok)
    throw badRequest(
      'invalid_signer_title',
      'Chức danh ký không đúng thể thức (NĐ 30/2020 Điều 13), vd. "CHÁNH VĂN PHÒNG" hoặc "KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG".',
      'The signing title is not in the Decree 30/2020 Art 13 form, e.g. "CHÁNH VĂN PHÒNG" or "KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG".',
      'signer.title',
    );
  return lines.join('\n');
}

export interface UrgingInput extends UrgingQuery {
  /** letter date (YYYY-MM-DD); for a draft only its month and year print; default: T */
  date?: string;
  issuer?: UrgingIssuer;
  replyBy?: string | null;
  signer?: { title?: string | null; name?: string | null } | null;
}

const blankSymbol = (issuer: UrgingIssuer) => `      /${issuer}-${DRAFTING_UNIT.symbol}`;

/** Validates dates of a letter: date ≥ T, date ≤ today, replyBy > date (400 with the path). */
function checkDates(input: UrgingInput, date: string, issuing: boolean) {
  if (input.from !== undefined && input.from > input.asOf)
    throw badRequest(
      'invalid_range',
      'Ngày bắt đầu ("from") phải trước hoặc bằng ngày số liệu ("asOf").',
      '`from` must be on or before `asOf`.',
      'from',
    );
  if (date < input.asOf)
    throw badRequest(
      'date_before_as_of',
      'Ngày văn bản không thể trước ngày số liệu.',
      'The letter date cannot precede the cut-off date.',
      'date',
    );
  if (issuing && date > toHcmDate(new Date()))
    throw badRequest(
      'future_date',
      'Ngày văn bản không thể ở tương lai.',
      'The date cannot be in the future.',
      'date',
    );
  if (input.replyBy && input.replyBy <= date)
    throw badRequest(
      'reply_by_not_after_date',
      'Hạn báo cáo phải sau ngày của văn bản.',
      "The reply-by date must be after the letter's date.",
      'replyBy',
    );
}

/**
 * The draft: the tasks and the letter without a number (the day blank). 409 `nothing_to_urge` is left to the
 * caller (an empty list is a valid answer for the JSON view).
 */
export async function urgingDraft(db: Tx, p: Principal, input: UrgingInput) {
  const issuer = input.issuer ?? 'VP';
  const date = input.date ?? input.asOf;
  checkDates(input, date, false);
  const tasks = await urgedTasks(db, p, input);
  const a = await requireAgencyOn(db, input.agency, input.asOf, 'agency');
  const data: UrgingLetterData = {
    issuer: URGING_ISSUERS[issuer],
    agency: { code: a.code, name: a.name },
    asOf: input.asOf,
    date,
    draft: true,
    numberSymbol: null,
    blankSymbol: blankSymbol(issuer),
    tasks,
    replyBy: input.replyBy ?? null,
    signer: {
      title: urgingSignerTitle(issuer, input.signer?.title),
      name: input.signer?.name?.trim() || null,
    },
  };
  return data;
}

export const nothingToUrge = (agency: string, asOf: string) =>
  conflict(
    'nothing_to_urge',
    `${agency} không có nhiệm vụ quá hạn hoặc chờ tiếp nhận tính đến ngày ${dmy(asOf)}: không lập công văn đôn đốc.`,
    `${agency} has no overdue or unreceived task as of ${asOf}: no urging letter.`,
    'agency',
  );

export const URGING_ENTITY = 'urging_letter';

/**
 * Issues the letter in the caller's transaction (see the module comment): tasks locked, number taken, document
 * registered with the DOCX, an `urged` event appended to each task (dated the letter's date, or the task's
 * latest event date when that is later — events stay in date order), audit row. `date` is required here.
 * @throws 400 (dates, agency, signer), 409 `nothing_to_urge`
 */
export async function issueUrgingLetter(tx: Tx, actor: Principal, input: UrgingInput & { date: string }) {
  const issuer = input.issuer ?? 'VP';
  checkDates(input, input.date, true);
  const agency = await requireAgencyOn(tx, input.agency, input.date, 'agency');
  const first = await urgedTasks(tx, actor, input);
  if (!first.length) throw nothingToUrge(agency.name, input.asOf);
  // lock the tasks (in id order: no deadlock between two letters), then read them again under the lock
  await queryRows(
    tx,
    sql`SELECT id FROM tasks WHERE id IN (${sql.join(
      first.map((x) => sql`${x.id}`),
      sql`, `,
    )}) ORDER BY id FOR UPDATE`,
  );
  const tasks = await urgedTasks(tx, actor, input);
  if (!tasks.length) throw nothingToUrge(agency.name, input.asOf);
  const title = urgingSignerTitle(issuer, input.signer?.title);
  const signerName = input.signer?.name?.trim() || actor.displayName;
  const iss = URGING_ISSUERS[issuer];
  const issued = await issueNumber(tx, {
    agencyCode: iss.agencyCode,
    typeCode: 'CV',
    date: input.date,
    actor,
    signer: signerName,
    recipients: agency.name,
    draftingUnit: DRAFTING_UNIT.name,
    copies: 1,
  });
  const numberSymbol = formatNumberSymbol(issued, 'CV', { unit: DRAFTING_UNIT.symbol });
  const data: UrgingLetterData = {
    issuer: iss,
    agency: { code: agency.code, name: agency.name },
    asOf: input.asOf,
    date: input.date,
    draft: false,
    numberSymbol,
    blankSymbol: blankSymbol(issuer),
    tasks,
    replyBy: input.replyBy ?? null,
    signer: { title, name: t(signerName) },
  };
  const buf = await renderUrgingLetter(data);
  const doc = await registerDocument(tx, actor, {
    numberSymbol,
    date: input.date,
    issuerCode: iss.agencyCode,
    issuerName: iss.name,
    summary: `V/v đôn đốc ${agency.name} thực hiện ${tasks.length} nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao (số liệu đến ngày ${dmy(input.asOf)})`,
    file: {
      name: `${numberSymbol.replace(/\//g, '-')}.docx`,
      mime: DOCX_MIME,
      base64: buf.toString('base64'),
    },
  });
  await attachDocument(tx, issued, doc.id);
  for (const x of tasks) {
    const [last] = await queryRows<{ seq: number; occurred: string }>(
      tx,
      sql`SELECT seq, occurred_on::text AS occurred FROM task_events WHERE task_id = ${x.id} ORDER BY seq DESC LIMIT 1`,
    );
    const on = last && last.occurred > input.date ? last.occurred : input.date;
    await tx.insert(taskEvents).values({
      id: randomUUID(),
      taskId: x.id,
      seq: last ? Number(last.seq) + 1 : 0,
      type: 'urged',
      occurredOn: on,
      at: new Date(),
      actorUserId: actor.id,
      actorName: actor.username,
      note: t(`Công văn đôn đốc số ${numberSymbol} ngày ${dmy(input.date)}`),
      documentId: doc.id,
      data: { numberSymbol, letterDate: input.date, asOf: input.asOf },
    });
    // the state does not change: the projection stays valid; the change log lets read models follow
    await queryRows(
      tx,
      sql`UPDATE tasks SET event_count = event_count + 1, updated_at = now() WHERE id = ${x.id}`,
    );
    await queryRows(tx, sql`INSERT INTO task_changes (task_id) VALUES (${x.id})`);
  }
  await recordAudit(tx, {
    actor,
    entityType: URGING_ENTITY,
    entityId: agency.code,
    action: 'issued',
    documentId: doc.id,
    data: { numberSymbol, asOf: input.asOf, date: input.date, tasks: tasks.map((x) => x.id) },
  });
  return { document: documentOut(doc), number: issued.number, numberSymbol, tasks };
}
