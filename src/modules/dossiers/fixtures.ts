/**
 * Test fixtures: a synthetic procedure with chosen time limits and fees, so dossier tests do not depend on
 * the demo catalogue. Codes start with `KT-TEST-` (never a real national code). Not used in production.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/engine.ts';
import { procedures, procedureVersions } from '../../db/schema.ts';
import { searchKey } from '../../kernel/text.ts';
import type { FeeEntry, LimitUnit, ProcedureData, TimeLimitEntry } from '../procedures/types.ts';

export interface TestProcedureOptions {
  code: string;
  name?: string;
  agencyCode?: string | null;
  /** per channel; default counter 10 working days */
  limits?: { channel: TimeLimitEntry['channel']; value: number | null; unit: LimitUnit | null }[];
  fees?: FeeEntry[];
  validFrom?: string;
  validTo?: string | null;
}

/** Inserts (or replaces nothing: fails on a duplicate code) a one-version test procedure. */
export async function seedTestProcedure(tx: Tx, o: TestProcedureOptions): Promise<ProcedureData> {
  const limits = (o.limits ?? [{ channel: 'counter', value: 10, unit: 'working_days' }]).map(
    (l): TimeLimitEntry => ({
      channel: l.channel,
      value: l.value,
      unit: l.unit,
      text: l.value === null ? null : `${l.value}${l.unit ? ' ' + l.unit : ''}`,
      needsReview: l.value !== null && l.unit === null,
    }),
  );
  const data: ProcedureData = {
    code: o.code,
    name: o.name ?? `Thủ tục thử nghiệm ${o.code}`,
    field: 'Thử nghiệm',
    levels: ['province'],
    agencyCode: o.agencyCode === undefined ? 'SNNPTNT' : o.agencyCode,
    agencyName: 'Sở Nông nghiệp và Phát triển nông thôn',
    coordinatingAgencies: [],
    timeLimits: limits,
    fees: o.fees ?? [{ channel: null, amount: 50000, text: '50.000 đồng' }],
    components: [{ name: 'Tờ khai' }],
    results: [{ name: 'Giấy chứng nhận', code: null }],
    steps: [],
    interAgency: [],
    onlineLevel: 'full',
    legalBasis: [],
    applicants: ['Công dân'],
    conditions: null,
    fisheries: false,
    sourceUrl: null,
  };
  const needsReview = limits.some((l) => l.needsReview);
  await tx.insert(procedures).values({
    code: o.code,
    name: data.name,
    field: data.field,
    levels: data.levels,
    agencyCode: data.agencyCode,
    agencyName: data.agencyName,
    status: 'active',
    currentVersion: 1,
    needsReview,
    onlineLevel: data.onlineLevel,
    searchKey: searchKey(o.code, data.name),
  });
  await tx.insert(procedureVersions).values({
    id: randomUUID(),
    procedureCode: o.code,
    version: 1,
    validFrom: o.validFrom ?? '2018-01-01',
    validTo: o.validTo ?? null,
    data,
    needsReview,
  });
  return data;
}
