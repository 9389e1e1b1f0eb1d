/**
 * Demo catalogue: the 600 national records and the seed's publication decisions (issue 4 §1, §2, §9).
 *
 * Order (one transaction, bulk statements, well under 2 s on PGlite):
 * 1. every record not first published by a demo decision gets version 1 from 2019-01-01, with its 2022
 *    department (by field, `agencyPairOf`); fisheries records get a demo internal process;
 * 2. the fishing-vessel registration limits loaded without a unit (needs review) are reviewed in place
 *    from the legal text of the time (`DEMO_REVIEWS`, audited, `reviewedBy: 'demo'`);
 * 3. the seed's decisions are recorded and applied through `createDecision` / `applyDecision` (the API's);
 * 4. from 2025-03-01 (the merged departments' first day) a version names the 2025 department.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { toHcmDate } from '../../kernel/calendar/dates.ts';
import { recordAudit } from '../../kernel/audit/index.ts';
import { CatalogueBatch } from './catalogue.ts';
import { agencyPairOf, catalogueRecords, mapRecord, type CatalogueRecord } from './mapping.ts';
import { planDemoDecisions } from './demo-plan.ts';
import { applyDecisions, createDecision } from './decisions.ts';
import { applyReview } from './service.ts';
import type { LimitUnit, ProcedureData, ProcessStep } from './types.ts';

export const DEMO_FIRST_DAY = '2019-01-01';
const MERGED_FROM = '2025-03-01';
const CENTRE = 'VP-TTHC';

/**
 * Reviewed limits of the fishing-vessel registration records, whose national record (2026) gives a bare
 * number. The values are those of Thông tư 23/2018/TT-BNNPTNT (as amended by Thông tư 01/2022/TT-BNNPTNT),
 * in force in 2022; the article numbers were not checked against the gazette text (docs/procedures.md).
 */
export const DEMO_REVIEWS: { code: string; value: number; unit: LimitUnit; source: string }[] = [
  {
    code: '1.003650',
    value: 3,
    unit: 'working_days',
    source:
      'Thông tư 23/2018/TT-BNNPTNT (sửa đổi bởi Thông tư 01/2022/TT-BNNPTNT), trình tự cấp Giấy chứng nhận đăng ký tàu cá: "Trong thời hạn 03 ngày làm việc, kể từ ngày nhận được hồ sơ đầy đủ theo quy định"; công bố tại Quyết định 1283/QĐ-BNN-TS ngày 08/5/2024, Bước 3. Số điều chưa đối chiếu với văn bản gốc.',
  },
  {
    code: '1.003586',
    value: 3,
    unit: 'working_days',
    source:
      'Thông tư 23/2018/TT-BNNPTNT, trình tự cấp Giấy chứng nhận đăng ký tạm thời tàu cá, điểm d: "Trong thời hạn 03 ngày làm việc, kể từ ngày nhận được hồ sơ đầy đủ" (Mẫu số 09.ĐKT Phụ lục VII); danh mục tỉnh An Giang mã 1.003586.000.00.00.H01: 03 ngày làm việc. Bản ghi quốc gia 2026 ghi "2" (Thông tư 02/2026/TT-BNNMT, chưa đối chiếu). Số điều chưa đối chiếu.',
  },
  {
    code: '1.003634',
    value: 3,
    unit: 'working_days',
    source:
      'Thông tư 23/2018/TT-BNNPTNT, trình tự cấp lại Giấy chứng nhận đăng ký tàu cá: 03 ngày làm việc kể từ khi nhận được hồ sơ đầy đủ (danh mục TTHC tỉnh Thừa Thiên Huế, Bước 3). Bản ghi quốc gia 2026 ghi "2" (Thông tư 02/2026/TT-BNNMT, chưa đối chiếu). Số điều chưa đối chiếu.',
  },
  {
    code: '1.003681',
    value: 3,
    unit: 'working_days',
    source:
      'Thông tư 23/2018/TT-BNNPTNT, trình tự xóa đăng ký tàu cá, điểm d: "Trong thời hạn 03 ngày làm việc, kể từ ngày nhận được hồ sơ đầy đủ" (Mẫu số 11.ĐKT Phụ lục VII); danh mục tỉnh An Giang mã 1.003681.000.00.00.H01: 03 ngày làm việc. Bản ghi quốc gia 2026 ghi "1" (chưa đối chiếu). Số điều chưa đối chiếu.',
  },
  {
    code: '1.004692',
    value: 5,
    unit: 'working_days',
    source:
      'Nghị định 26/2019/NĐ-CP (hiệu lực 25/4/2019), đăng ký nuôi trồng thủy sản lồng bè và đối tượng thủy sản nuôi chủ lực (đơn theo Mẫu số 26.NT Phụ lục III): "Trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ theo quy định, cơ quan quản lý thủy sản cấp tỉnh … cấp giấy xác nhận". Số điều chưa đối chiếu với văn bản gốc.',
  },
];

/**
 * A plausible internal process (quy trình nội bộ) for a fisheries procedure (demo): receive at the centre
 * → Chi cục Thủy sản appraises → the department's leader signs → return at the centre, with per-step
 * times summing to the limit (working hours for a working-day limit, 8 h a day; calendar days otherwise).
 * Empty when the limit has no unit yet.
 */
export function demoFisheriesSteps(d: ProcedureData): ProcessStep[] {
  const lim =
    d.timeLimits.find((t) => t.channel === 'counter' && t.unit && t.value) ??
    d.timeLimits.find((t) => t.unit && t.value);
  if (!lim || !lim.unit || !lim.value) return [];
  const dept = d.agencyCode;
  const appraiser = dept
    ? 'Chi cục Thủy sản thẩm định hồ sơ, trình lãnh đạo Sở'
    : 'Công chức chuyên môn thẩm định hồ sơ';
  const signer = dept ? 'Lãnh đạo Sở ký kết quả' : 'Lãnh đạo cơ quan ký kết quả';
  const receiver = dept ? CENTRE : null;
  if (lim.unit === 'calendar_days') {
    if (lim.value < 4) return [];
    return [
      {
        name: 'Tiếp nhận hồ sơ, chuyển cơ quan giải quyết',
        agency: receiver,
        value: 1,
        unit: 'calendar_days',
      },
      { name: appraiser, agency: dept, value: lim.value - 3, unit: 'calendar_days' },
      { name: signer, agency: dept, value: 1, unit: 'calendar_days' },
      { name: 'Trả kết quả', agency: receiver, value: 1, unit: 'calendar_days' },
    ];
  }
  const h = lim.unit === 'working_days' ? lim.value * 8 : lim.value;
  const edge = h >= 16 ? 4 : h / 8;
  const sign = h >= 24 ? 4 : h / 4;
  return [
    {
      name: 'Tiếp nhận hồ sơ, chuyển cơ quan giải quyết',
      agency: receiver,
      value: edge,
      unit: 'working_hours',
    },
    { name: appraiser, agency: dept, value: h - 2 * edge - sign, unit: 'working_hours' },
    { name: signer, agency: dept, value: sign, unit: 'working_hours' },
    { name: 'Trả kết quả', agency: receiver, value: edge, unit: 'working_hours' },
  ];
}

/** The record as in force in 2022 (agency of 2022, demo steps for fisheries). */
function data2022(r: CatalogueRecord): ProcedureData {
  const d = mapRecord(r);
  d.agencyCode = agencyPairOf(r)?.y2022 ?? null;
  if (d.fisheries) d.steps = demoFisheriesSteps(d);
  return d;
}

/**
 * From `from`, a new version of each procedure in `moves` that is in force that day, naming the successor
 * department (as agency and in its internal steps); the version in force ends the day before.
 */
async function moveToSuccessors(tx: Tx, moves: Map<string, { a22: string; a25: string }>, from: string) {
  if (!moves.size) return;
  const m = sql.join(
    [...moves].map(([code, x]) => sql`(${code}, ${x.a22}, ${x.a25})`),
    sql`, `,
  );
  await tx.execute(sql`
    INSERT INTO procedure_versions (id, procedure_code, version, valid_from, valid_to, data, needs_review)
    SELECT gen_random_uuid(), v.procedure_code,
      (SELECT max(w.version) + 1 FROM procedure_versions w WHERE w.procedure_code = v.procedure_code),
      ${from}::date, v.valid_to,
      jsonb_set(jsonb_set(v.data, '{agencyCode}', to_jsonb(m.a25)), '{steps}', coalesce((
        SELECT jsonb_agg(CASE WHEN e.s->>'agency' = m.a22 THEN jsonb_set(e.s, '{agency}', to_jsonb(m.a25)) ELSE e.s END
          ORDER BY e.ord)
        FROM jsonb_array_elements(v.data->'steps') WITH ORDINALITY AS e(s, ord)), '[]'::jsonb)),
      v.needs_review
    FROM procedure_versions v JOIN (VALUES ${m}) AS m(code, a22, a25) ON m.code = v.procedure_code
    WHERE v.valid_from < ${from}::date AND (v.valid_to IS NULL OR v.valid_to >= ${from}::date)`);
  await tx.execute(sql`
    UPDATE procedure_versions v SET valid_to = ${from}::date - 1
    FROM (VALUES ${m}) AS m(code, a22, a25)
    WHERE m.code = v.procedure_code AND v.valid_from < ${from}::date
      AND (v.valid_to IS NULL OR v.valid_to >= ${from}::date)`);
  await tx.execute(sql`
    UPDATE procedures p SET agency_code = v.data->>'agencyCode', current_version = v.version, updated_at = now()
    FROM procedure_versions v
    WHERE v.procedure_code = p.code AND v.valid_from = ${from}::date
      AND v.valid_from <= ${toHcmDate(new Date())}::date AND (v.valid_to IS NULL OR v.valid_to >= ${toHcmDate(new Date())}::date)`);
}

export async function loadProcedureDemo(tx: Tx): Promise<void> {
  const records = catalogueRecords();
  const byCode = new Map(records.map((r) => [r.code, r]));
  const { decisions, createdByDecision } = planDemoDecisions(records);

  // 1. version 1 from 2019-01-01
  const batch = await CatalogueBatch.load(tx, []);
  for (const r of records) {
    if (createdByDecision.has(r.code)) continue;
    batch.create(data2022(r), DEMO_FIRST_DAY, { demo: true });
  }
  await batch.flush();

  // 2. reviews of the limits loaded without a unit (same version: the load missed a unit, the law did not change)
  const reviewedAt = new Date().toISOString();
  const rb = await CatalogueBatch.load(
    tx,
    DEMO_REVIEWS.map((x) => x.code),
  );
  for (const rv of DEMO_REVIEWS) {
    const v = rb.versionAt(rv.code, '2022-01-01');
    if (!v) throw new Error(`demo review: ${rv.code} not in force in 2022`);
    const before = v.data.timeLimits.map((t) => ({
      channel: t.channel,
      value: t.value,
      unit: t.unit,
      text: t.text,
    }));
    const review = { source: rv.source, reviewedBy: 'demo', reviewedAt };
    const channels = v.data.timeLimits.map((t) => t.channel);
    rb.edit(v, (d) => {
      applyReview(
        d,
        channels.map((channel) => ({ channel, value: rv.value, unit: rv.unit })),
        review,
      );
      for (const t of d.timeLimits) t.text = `${String(rv.value).padStart(2, '0')} ngày làm việc`;
      d.steps = demoFisheriesSteps(d);
      return d;
    });
    await recordAudit(tx, {
      actor: null,
      entityType: 'procedure',
      entityId: rv.code,
      action: 'review',
      reason: 'demo',
      data: { version: v.version, before, after: { value: rv.value, unit: rv.unit }, source: rv.source },
    });
  }
  await rb.flush();

  // 3. the seed's decisions, through the API's functions
  const ids: string[] = [];
  for (const p of decisions) {
    const id = await createDecision(tx, null, {
      numberSymbol: p.numberSymbol,
      date: p.date,
      effectiveDate: p.effectiveDate,
      signer: 'Chủ tịch UBND tỉnh (demo)',
      basis: p.basis,
      agencyCode: p.agencyCode,
      summary: p.summary,
      demo: true,
      items: p.items.map((it) => {
        const r = byCode.get(it.procedureCode)!;
        if (it.category === 'new' || it.category === 'replaced') return { ...it, procedure: data2022(r) };
        if (it.category === 'amended') {
          const d = data2022(r);
          return {
            ...it,
            procedure: {
              legalBasis: [
                ...d.legalBasis,
                { title: `Quyết định ${p.numberSymbol} của Chủ tịch UBND tỉnh (demo)`, code: p.numberSymbol },
              ],
            },
          };
        }
        return it;
      }),
      timeCuts: p.timeCuts,
    });
    ids.push(id);
  }

  await applyDecisions(tx, null, ids);
  // 4. the 2025 departments: copied in SQL (the records stay in the database; only agencies change)
  const moves = new Map<string, { a22: string; a25: string }>();
  for (const r of records) {
    const pair = agencyPairOf(r);
    if (pair && pair.y2022 !== pair.y2025) moves.set(r.code, { a22: pair.y2022, a25: pair.y2025 });
  }
  await moveToSuccessors(tx, moves, MERGED_FROM);
}
