/**
 * Editing catalogue versions in bulk, inside one transaction (REFERENCE §3; ND 63/2010 Art 13–15).
 *
 * A `CatalogueBatch` loads the procedures it will touch and their versions, applies changes in memory
 * (new procedure, new version from a date, end of a procedure) and writes them back with a few multi-row
 * statements (`flush`). Versions of a procedure never overlap: a new version from day D ends the version in
 * force on D at D − 1 and keeps that version's end; dates are `YYYY-MM-DD` (Asia/Ho_Chi_Minh).
 * The demo loader and the HTTP commands use the same batch, so the demo is built the way users build data.
 */
import { randomUUID } from 'node:crypto';
import { inArray, sql, type SQL } from 'drizzle-orm';
import { pgArrayLiteral, type Tx } from '../../db/engine.ts';
import { procedures, procedureVersions } from '../../db/schema.ts';
import { conflict } from '../../kernel/errors.ts';
import { searchKey } from '../../kernel/text.ts';
import { shiftDate, toHcmDate } from '../../kernel/calendar/dates.ts';
import type { ProcedureData } from './types.ts';
import { dataNeedsReview } from './mapping.ts';

export interface VersionState {
  id: string;
  version: number;
  validFrom: string;
  validTo: string | null;
  decisionId: string | null;
  data: ProcedureData;
  createdBy: string | null;
  /** 'new' = to insert; 'dirty' = validTo or data changed; 'clean' = as loaded */
  state: 'new' | 'dirty' | 'clean';
  /** for a dirty version: whether its data changed too (else only its end is written) */
  dataChanged?: boolean;
}

export interface ProcedureState {
  code: string;
  exists: boolean;
  demo: boolean;
  versions: VersionState[];
}

const CHUNK = 100;

/** The search key of a procedure: its code and its name without case or diacritics. */
export const procedureSearchKey = (d: ProcedureData) => searchKey(d.code, d.name);

export class CatalogueBatch {
  private readonly map = new Map<string, ProcedureState>();
  private touched = new Set<string>();

  private constructor(private readonly tx: Tx) {}

  /** Loads the given procedures (unknown codes become empty, non-existing states). */
  static async load(tx: Tx, codes: Iterable<string>): Promise<CatalogueBatch> {
    const b = new CatalogueBatch(tx);
    const list = [...new Set(codes)];
    for (const c of list) b.map.set(c, { code: c, exists: false, demo: false, versions: [] });
    for (let i = 0; i < list.length; i += 500) {
      const part = list.slice(i, i + 500);
      const ps = await tx
        .select({ code: procedures.code, demo: procedures.demo })
        .from(procedures)
        .where(inArray(procedures.code, part));
      for (const p of ps) {
        const s = b.map.get(p.code)!;
        s.exists = true;
        s.demo = p.demo;
      }
      const vs = await tx
        .select()
        .from(procedureVersions)
        .where(inArray(procedureVersions.procedureCode, part));
      for (const v of vs) {
        b.map.get(v.procedureCode)!.versions.push({
          id: v.id,
          version: v.version,
          validFrom: v.validFrom,
          validTo: v.validTo,
          decisionId: v.decisionId,
          data: v.data as ProcedureData,
          createdBy: v.createdBy,
          state: 'clean',
        });
      }
    }
    for (const s of b.map.values()) s.versions.sort((a, c) => a.validFrom.localeCompare(c.validFrom));
    return b;
  }

  get(code: string): ProcedureState {
    let s = this.map.get(code);
    if (!s) {
      s = { code, exists: false, demo: false, versions: [] };
      this.map.set(code, s);
    }
    return s;
  }

  /** True when the procedure exists (in the DB or created in this batch). */
  exists(code: string): boolean {
    const s = this.map.get(code);
    return !!s && (s.exists || s.versions.length > 0);
  }

  /** The version in force on `date`, or null. */
  versionAt(code: string, date: string): VersionState | null {
    const s = this.map.get(code);
    if (!s) return null;
    return s.versions.find((v) => v.validFrom <= date && (v.validTo === null || v.validTo >= date)) ?? null;
  }

  /** Creates a procedure with version 1 valid from `validFrom` (409 if the code exists). */
  create(
    data: ProcedureData,
    validFrom: string,
    opts: {
      decisionId?: string | null;
      createdBy?: string | null;
      demo?: boolean;
      validTo?: string | null;
    } = {},
  ): VersionState {
    if (this.exists(data.code))
      throw conflict(
        'procedure_exists',
        `Thủ tục ${data.code} đã có trong danh mục.`,
        `Procedure ${data.code} already exists.`,
      );
    const s = this.get(data.code);
    s.demo = opts.demo ?? false;
    const v: VersionState = {
      id: randomUUID(),
      version: 1,
      validFrom,
      validTo: opts.validTo ?? null,
      decisionId: opts.decisionId ?? null,
      data,
      createdBy: opts.createdBy ?? null,
      state: 'new',
    };
    s.versions.push(v);
    this.touched.add(data.code);
    return v;
  }

  /**
   * A new version from `validFrom` built from the data in force that day (`change(data)` returns the new
   * data). The version in force on `validFrom` ends the day before; the new one keeps its end. When this
   * batch already made a version of the code starting that very day, that version is changed instead.
   * 409 when no version is in force that day, or one from another command already starts that day.
   */
  newVersion(
    code: string,
    validFrom: string,
    change: (d: ProcedureData) => ProcedureData,
    opts: { decisionId?: string | null; createdBy?: string | null } = {},
  ): VersionState {
    const s = this.get(code);
    const cur = this.versionAt(code, validFrom);
    if (!cur)
      throw conflict(
        'procedure_not_in_force',
        `Thủ tục ${code} không có hiệu lực vào ngày ${validFrom}.`,
        `Procedure ${code} is not in force on ${validFrom}.`,
      );
    if (cur.validFrom === validFrom) {
      if (cur.state === 'new' && (cur.decisionId ?? null) === (opts.decisionId ?? null)) {
        cur.data = change(structuredClone(cur.data));
        this.touched.add(code);
        return cur;
      }
      throw conflict(
        'version_exists',
        `Thủ tục ${code} đã có phiên bản bắt đầu ngày ${validFrom}.`,
        `Procedure ${code} already has a version starting on ${validFrom}.`,
      );
    }
    const v: VersionState = {
      id: randomUUID(),
      version: Math.max(...s.versions.map((x) => x.version)) + 1,
      validFrom,
      validTo: cur.validTo,
      decisionId: opts.decisionId ?? null,
      data: change(structuredClone(cur.data)),
      createdBy: opts.createdBy ?? null,
      state: 'new',
    };
    cur.validTo = shiftDate(validFrom, -1);
    if (cur.state === 'clean') cur.state = 'dirty';
    s.versions.push(v);
    s.versions.sort((a, c) => a.validFrom.localeCompare(c.validFrom));
    this.touched.add(code);
    return v;
  }

  /** Changes a version's data in place (a correction, e.g. a reviewed limit the load missed). */
  edit(v: VersionState, change: (d: ProcedureData) => ProcedureData): void {
    v.data = change(structuredClone(v.data));
    if (v.state === 'clean') v.state = 'dirty';
    v.dataChanged = true;
    this.touched.add(v.data.code);
  }

  /** Ends procedure `code` on `lastDay` (repealed or replaced): 409 if it is not in force or has later versions. */
  end(code: string, lastDay: string): VersionState {
    const s = this.get(code);
    const day = shiftDate(lastDay, 1);
    const cur = this.versionAt(code, day);
    if (!cur)
      throw conflict(
        'procedure_not_in_force',
        `Thủ tục ${code} không có hiệu lực vào ngày ${day}.`,
        `Procedure ${code} is not in force on ${day}.`,
      );
    if (s.versions.some((v) => v.validFrom > day) || cur.validFrom === day)
      throw conflict(
        'procedure_has_later_versions',
        `Thủ tục ${code} có phiên bản từ ngày ${day} trở đi; không thể bãi bỏ.`,
        `Procedure ${code} has versions from ${day} on; it cannot end.`,
      );
    cur.validTo = lastDay;
    if (cur.state === 'clean') cur.state = 'dirty';
    this.touched.add(code);
    return cur;
  }

  /** Writes every change: new versions, changed ends/data, the procedures' current rows. */
  async flush(): Promise<void> {
    const tx = this.tx;
    const today = toHcmDate(new Date());
    const inserts: VersionState[] = [];
    const updates: VersionState[] = [];
    const procRows: SQL[] = [];
    for (const code of this.touched) {
      const s = this.map.get(code)!;
      for (const v of s.versions) {
        if (v.state === 'new') inserts.push(v);
        else if (v.state === 'dirty') updates.push(v);
      }
      if (s.versions.length === 0) continue;
      const current =
        s.versions.find((v) => v.validFrom <= today && (v.validTo === null || v.validTo >= today)) ??
        (s.versions.every((v) => v.validFrom > today) ? s.versions[0]! : s.versions[s.versions.length - 1]!);
      const last = s.versions[s.versions.length - 1]!;
      const status = last.validTo !== null && last.validTo < today ? 'repealed' : 'active';
      const d = current.data;
      procRows.push(
        sql`(${code}, ${d.name}, ${d.field}, ${pgTextArray(d.levels)}::text[], ${d.agencyCode}, ${d.agencyName}, ${status}, ${current.version}, ${d.fisheries}, ${dataNeedsReview(d)}, ${d.onlineLevel}, ${procedureSearchKey(d)}, ${s.demo})`,
      );
    }
    for (let i = 0; i < procRows.length; i += CHUNK) {
      await tx.execute(sql`
        INSERT INTO procedures (code, name, field, levels, agency_code, agency_name, status, current_version,
          fisheries, needs_review, online_level, search_key, demo)
        VALUES ${sql.join(procRows.slice(i, i + CHUNK), sql`, `)}
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, field = excluded.field, levels = excluded.levels,
          agency_code = excluded.agency_code, agency_name = excluded.agency_name, status = excluded.status,
          current_version = excluded.current_version, fisheries = excluded.fisheries,
          needs_review = excluded.needs_review, online_level = excluded.online_level,
          search_key = excluded.search_key, updated_at = now()`);
    }
    for (let i = 0; i < inserts.length; i += CHUNK) {
      const part = inserts.slice(i, i + CHUNK);
      await tx.insert(procedureVersions).values(
        part.map((v) => ({
          id: v.id,
          procedureCode: v.data.code,
          version: v.version,
          validFrom: v.validFrom,
          validTo: v.validTo,
          decisionId: v.decisionId,
          data: v.data,
          needsReview: dataNeedsReview(v.data),
          createdBy: v.createdBy,
        })),
      );
    }
    const ends = updates.filter((u) => !u.dataChanged);
    const edits = updates.filter((u) => u.dataChanged);
    for (let i = 0; i < ends.length; i += 500) {
      const part = ends.slice(i, i + 500);
      await tx.execute(sql`
        UPDATE procedure_versions AS v SET valid_to = x.valid_to
        FROM (VALUES ${sql.join(
          part.map((u) => sql`(${u.id}::uuid, ${u.validTo}::date)`),
          sql`, `,
        )}) AS x(id, valid_to)
        WHERE v.id = x.id`);
    }
    for (let i = 0; i < edits.length; i += CHUNK) {
      const part = edits.slice(i, i + CHUNK);
      await tx.execute(sql`
        UPDATE procedure_versions AS v SET valid_to = x.valid_to, data = x.data, needs_review = x.needs_review
        FROM (VALUES ${sql.join(
          part.map(
            (u) =>
              sql`(${u.id}::uuid, ${u.validTo}::date, ${JSON.stringify(u.data)}::jsonb, ${dataNeedsReview(u.data)}::boolean)`,
          ),
          sql`, `,
        )}) AS x(id, valid_to, data, needs_review)
        WHERE v.id = x.id`);
    }
    for (const v of [...inserts, ...updates]) {
      v.state = 'clean';
      v.dataChanged = false;
    }
    this.touched = new Set();
  }
}

const pgTextArray = (xs: string[]) => pgArrayLiteral(xs);
