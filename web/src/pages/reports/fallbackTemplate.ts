/**
 * The body of the report when the server sends no template with it: the seed's sections (I. results,
 * II. proposals, III. next-period priorities) with `{figure.key}` placeholders. The server's template
 * (src/modules/reports/periodic/template.ts), when present in the answer, always wins.
 */
import type { FilledBlock, FilledPart, PeriodicReport, ReportTemplate } from './api.ts';

const b = (vi: string, en: string) => ({ vi, en });

export const FALLBACK_TEMPLATE: ReportTemplate = {
  id: 'ui-fallback',
  title: b(
    'Kết quả thực hiện Chương trình xây dựng chính quyền kiến tạo, phát triển, liêm chính, hành động, phục vụ Nhân dân {period}',
    'Results of the programme for a constructive, developing, honest government acting to serve the people: {period}',
  ),
  blocks: [
    { kind: 'heading', level: 1, text: b('I. Kết quả thực hiện', 'I. Results') },
    { kind: 'heading', level: 2, text: b('1. Về công tác chỉ đạo, điều hành', '1. Direction') },
    {
      kind: 'paragraph',
      text: b(
        'Văn phòng đã tham mưu ban hành các văn bản chỉ đạo, điều hành sau trong kỳ:',
        'The Office prepared the following documents of direction in the period:',
      ),
    },
    { kind: 'documents' },
    { kind: 'narrative', slot: 'direction', label: b('Công tác chỉ đạo, điều hành', 'Direction') },
    {
      kind: 'heading',
      level: 2,
      text: b('2. Kết quả thực hiện các nhiệm vụ được giao', '2. Assigned tasks'),
    },
    {
      kind: 'paragraph',
      text: b(
        '- Công bố, công khai minh bạch TTHC: tham mưu Chủ tịch UBND tỉnh công bố {procedures.published.new} TTHC mới ban hành, {procedures.published.amended} TTHC sửa đổi, bổ sung, {procedures.published.replaced} TTHC thay thế, {procedures.published.repealed} TTHC bãi bỏ.',
        '- Publication of procedures: {procedures.published.new} new, {procedures.published.amended} amended, {procedures.published.replaced} replacing and {procedures.published.repealed} repealed procedures published.',
      ),
    },
    {
      kind: 'paragraph',
      text: b(
        '- Rà soát, cắt giảm, đơn giản hóa TTHC: cắt giảm thời gian giải quyết của {procedures.time_cuts} TTHC.',
        '- Simplification: the processing time of {procedures.time_cuts} procedures was cut.',
      ),
    },
    {
      kind: 'paragraph',
      text: b(
        '- Từ ngày {task.from} đến ngày {task.to}, UBND tỉnh, Chủ tịch UBND tỉnh đã giao cho các sở, ban ngành và địa phương tổng cộng {tasks.total} nhiệm vụ, trong đó: chờ tiếp nhận (trong hạn: {tasks.awaiting_receipt.on_time}, quá hạn: {tasks.awaiting_receipt.overdue}); chưa hoàn thành (trong hạn: {tasks.in_progress.on_time}, quá hạn: {tasks.in_progress.overdue}); đã hoàn thành (trong hạn: {tasks.completed.on_time}, quá hạn: {tasks.completed.overdue}); chờ kết thúc (trong hạn: {tasks.awaiting_closure.on_time}, quá hạn: {tasks.awaiting_closure.overdue}).',
        '- From {task.from} to {task.to}, the Committee and its Chairman assigned {tasks.total} tasks: awaiting receipt (on time {tasks.awaiting_receipt.on_time}, overdue {tasks.awaiting_receipt.overdue}); in progress (on time {tasks.in_progress.on_time}, overdue {tasks.in_progress.overdue}); completed (on time {tasks.completed.on_time}, overdue {tasks.completed.overdue}); awaiting closure (on time {tasks.awaiting_closure.on_time}, overdue {tasks.awaiting_closure.overdue}).',
      ),
    },
    { kind: 'table', table: 'tasks' },
    {
      kind: 'paragraph',
      text: b(
        '- Tiếp nhận hồ sơ qua tổng đài, trả kết quả qua bưu điện: {dossiers.phone_with_post_return} hồ sơ. Mức độ hài lòng của người dân khi thực hiện TTHC đạt {dossiers.percent_satisfied}%.',
        '- Dossiers filed by phone and returned by post: {dossiers.phone_with_post_return}. Satisfaction: {dossiers.percent_satisfied}%.',
      ),
    },
    {
      kind: 'paragraph',
      text: b(
        '+ Tiếp công dân: tiếp thường xuyên {receptions.sessions} lượt ({receptions.persons} lượt người); tiếp {receptions.mass_delegations} đoàn đông người.',
        '+ Citizen reception: {receptions.sessions} sessions ({receptions.persons} persons); {receptions.mass_delegations} mass delegations.',
      ),
    },
    {
      kind: 'paragraph',
      text: b(
        '+ Tiếp nhận, xử lý đơn thư: tiếp nhận {petitions.received} đơn; đơn đủ điều kiện xử lý: {petitions.eligible} đơn (khiếu nại: {petitions.complaint}; tố cáo: {petitions.denunciation}; phản ánh, kiến nghị, tranh chấp đất đai: {petitions.recommendation_feedback}). Đơn không đủ điều kiện xử lý, đơn trùng, đơn đã xử lý đang chờ kết quả: {petitions.ineligible} đơn.',
        '+ Petitions: {petitions.received} received; {petitions.eligible} eligible (complaints {petitions.complaint}; denunciations {petitions.denunciation}; recommendations, feedback, land disputes {petitions.recommendation_feedback}); {petitions.ineligible} ineligible, duplicate or awaiting results.',
      ),
    },
    { kind: 'narrative', slot: 'results', label: b('Kết quả khác', 'Other results') },
    { kind: 'heading', level: 1, text: b('II. Đề xuất, kiến nghị', 'II. Proposals') },
    { kind: 'narrative', slot: 'proposals', label: b('Đề xuất, kiến nghị', 'Proposals') },
    {
      kind: 'heading',
      level: 1,
      text: b('III. Phương hướng, nhiệm vụ trọng tâm kỳ tới', 'III. Priorities for the next period'),
    },
    { kind: 'narrative', slot: 'priorities', label: b('Phương hướng, nhiệm vụ trọng tâm', 'Priorities') },
  ],
};

const fmtD = (iso: string) => iso.split('-').reverse().join('/');

/** Fills `{…}` placeholders like the server's fillText: figures become parts with their key. */
export function fillParts(text: string, r: PeriodicReport, lang: 'vi' | 'en'): FilledPart[] {
  const parts: FilledPart[] = [];
  const special: Record<string, () => string> = {
    period: () => r.period.label[lang],
    'period.from': () => fmtD(r.period.from),
    'period.to': () => fmtD(r.period.to),
    'task.from': () => fmtD(r.taskWindow.from),
    'task.to': () => fmtD(r.taskWindow.to),
    'task.asOf': () => fmtD(r.taskWindow.asOf),
  };
  let last = 0;
  for (const m of text.matchAll(/\{([A-Za-z0-9_.]+)\}/g)) {
    parts.push({ text: text.slice(last, m.index) });
    last = m.index + m[0].length;
    const k = m[1]!;
    const v = r.figures[k];
    if (special[k]) parts.push({ text: special[k]() });
    else if (v !== undefined)
      parts.push({
        text: new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 }).format(
          v,
        ),
        key: k,
      });
    else parts.push({ text: m[0] });
  }
  parts.push({ text: text.slice(last) });
  return parts.filter((p) => p.text || 'key' in p);
}

/** The fallback template filled on the client (used only when the server sends no `blocks`). */
export function fillFallback(r: PeriodicReport, lang: 'vi' | 'en'): { title: string; blocks: FilledBlock[] } {
  const t = FALLBACK_TEMPLATE;
  const str = (parts: FilledPart[]) => parts.map((p) => p.text).join('');
  const blocks: FilledBlock[] = [];
  for (const b of t.blocks) {
    if (b.kind === 'heading')
      blocks.push({ kind: 'heading', level: b.level, text: str(fillParts(b.text[lang], r, lang)) });
    else if (b.kind === 'paragraph') {
      const parts = fillParts(b.text[lang], r, lang);
      blocks.push({
        kind: 'paragraph',
        text: str(parts),
        parts,
        figureKeys: parts.flatMap((p) => ('key' in p ? [p.key] : [])),
      });
    } else if (b.kind === 'table') {
      const table = r.tables.find((x) => x.id === b.table);
      if (table) blocks.push({ kind: 'table', table });
    } else if (b.kind === 'documents') blocks.push({ kind: 'documents', items: r.documents });
    else
      blocks.push({
        kind: 'narrative',
        slot: b.slot,
        label: b.label[lang],
        doc: r.narrative[b.slot] ?? { type: 'doc', content: [{ type: 'paragraph' }] },
      });
  }
  return { title: str(fillParts(t.title[lang], r, lang)), blocks };
}
