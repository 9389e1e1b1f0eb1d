/**
 * Duplicate suggestions measured (issue 5 item 4): the labelled set test/data/petition-duplicates.json
 * (Vietnamese petitions grouped by matter: rephrased repeats, repeats typed without diacritics or without the
 * ID number, other persons on the same matter; hard negatives with the same boilerplate, place or project,
 * and the same person on another matter) is received in date order through the database; before each
 * petition is stored, `findDuplicateCandidates` runs as at intake, and its suggestions at the threshold are
 * compared with the labels over all pairs. Precision and recall are printed. Then Boston's 100 real 311
 * cases, treated as feedback, where a duplicate can be labelled from the data.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { startTestApp } from '../helpers/app.ts';
import { queryRows, type Tx } from '../../src/db/engine.ts';
import { importServiceRequestsCsv } from '../../src/modules/petitions/open311/importer.ts';
import { findSimilarServiceRequests } from '../../src/modules/petitions/open311/duplicates.ts';
import { partyIdentities, petitions } from '../../src/db/schema.ts';
import { searchKey } from '../../src/kernel/text.ts';
import {
  contentKey,
  contentSimilarity,
  DUPLICATE_THRESHOLD,
  findDuplicateCandidates,
  normaliseIdNumber,
  personKey,
  selectTerms,
  type DuplicateSigner,
} from '../../src/modules/petitions/duplicates.ts';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;
let t: TestApp;

interface Labelled {
  key: string;
  matter: string;
  kind: string;
  receivedDate: string;
  confidential: boolean;
  signers: DuplicateSigner[];
  content: string;
}
const DATA = JSON.parse(
  readFileSync(new URL('../data/petition-duplicates.json', import.meta.url), 'utf8'),
) as {
  petitions: Labelled[];
  hardNegatives: { a: string; b: string; why: string }[];
};
const CSV = readFileSync(new URL('../data/open311/boston311-100.csv', import.meta.url), 'utf8');

let seq = 0;
/** Stores a petition the way intake does (content key, identities apart with normalised ID and person key). */
async function store(
  tx: Tx,
  p: Omit<Labelled, 'key' | 'matter'>,
  prefix = 'DUP',
): Promise<{ id: string; code: string }> {
  const id = randomUUID();
  const code = `${prefix}-${String(++seq).padStart(5, '0')}`;
  await tx.insert(petitions).values({
    id,
    code,
    agencyCode: 'VP-BTCD',
    receivedAt: new Date(`${p.receivedDate}T09:00:00+07:00`),
    receivedDate: p.receivedDate,
    channel: 'post',
    kind: p.kind,
    content: p.content,
    contentKey: contentKey(p.content),
    status: 'received',
    ruleVersion: 'test',
    confidential: p.confidential,
    searchKey: searchKey(code),
    signerCount: p.signers.length,
  });
  if (p.signers.length)
    await tx.insert(partyIdentities).values(
      p.signers.map((s, i) => ({
        id: randomUUID(),
        subjectType: 'petition',
        subjectId: id,
        seq: i + 1,
        role: 'signer',
        name: s.name ?? null,
        idNumber: normaliseIdNumber(s.idNumber),
        address: s.address ?? null,
        confidential: p.confidential,
        personKey: personKey(s.name, s.address),
      })),
    );
  return { id, code };
}

interface Metrics {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}
const metrics = (tp: number, fp: number, fn: number): Metrics => ({
  tp,
  fp,
  fn,
  precision: tp / (tp + fp || 1),
  recall: tp / (tp + fn || 1),
});
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

before(async () => {
  t = await startTestApp({ demo: false });
});
after(async () => {
  await t?.close();
});

test('content keys: diacritics-blind, boilerplate and punctuation removed; numbers must agree', () => {
  assert.equal(contentKey('Kính gửi: Ban Tiếp công dân tỉnh. Đề nghị xem xét, giải quyết!'), 'tinh');
  assert.equal(contentKey('Thửa đất số 245, tờ bản đồ số 12'), contentKey('thua dat so 245 to ban do so 12'));
  const a = contentKey('Tranh chấp thửa đất số 245 tờ bản đồ số 12 xã Tịnh Khê');
  const b = contentKey('Tranh chấp thửa đất số 130 tờ bản đồ số 7 xã Tịnh Khê');
  assert.ok(contentSimilarity(a, a) === 1);
  assert.ok(contentSimilarity(a, b) < 0.6, `other parcel: ${contentSimilarity(a, b)}`);
  assert.equal(normaliseIdNumber(' 051 072-001.234 '), '051072001234');
  assert.equal(personKey('Nguyễn Văn  An', 'Thôn Phước Lộc'), personKey('nguyen van an', 'thon phuoc loc'));
});

test('content terms: kept by the trigger; a look-up keeps the rarest terms within its budget', async () => {
  const db = t.database.db;
  const r = await db.transaction((tx) =>
    store(
      tx,
      {
        kind: 'feedback',
        receivedDate: '2022-01-03',
        confidential: false,
        signers: [],
        content: 'Đường thôn 3 ngập nước, cống số 12 bị tắc.',
      },
      'TERMS',
    ),
  );
  const [row] = await queryRows<{ n: number; same: boolean }>(
    db,
    sql`SELECT cardinality(content_terms) AS n, content_terms = kientao_content_terms(content_key) AS same
        FROM petitions WHERE id = ${r.id}`,
  );
  // "duong thon 3 ngap nuoc cong so 12 tac": 8 syllable pairs + the number 12
  assert.deepEqual({ n: Number(row!.n), same: row!.same }, { n: 9, same: true });
  const stats = {
    freq: new Map([
      [1, 0.5],
      [2, 0.01],
      [3, 0.001],
    ]),
    floor: 0.0005,
    rows: 1_000_000,
  };
  // unlisted terms (4, 5) count as common as the least listed one (floor × rows = 500); then 3 (1,000),
  // at least 3 terms; 2 (10,000) passes the budget
  assert.deepEqual(selectTerms([1, 2, 3, 4, 5], stats, 1500), [4, 5, 3]);
  assert.deepEqual(selectTerms([4, 5, 6, 7], stats, 1200), [4, 5, 6], 'unlisted: 500 each, at least 3');
  assert.deepEqual(selectTerms([1, 2], stats, 1500), [2, 1], 'at least 3 terms (or all) even over budget');
  await db.execute(sql`DELETE FROM party_identities WHERE subject_id = ${r.id}`);
  await db.execute(sql`DELETE FROM petitions WHERE id = ${r.id}`);
});

test('labelled Vietnamese set: precision and recall at the threshold', async () => {
  const db = t.database.db;
  const items = [...DATA.petitions].sort(
    (a, b) => a.receivedDate.localeCompare(b.receivedDate) || a.key.localeCompare(b.key),
  );
  const stored = new Map<string, Labelled>(); // petition id → labelled
  const predicted = new Set<string>(); // "keyA|keyB" (sorted)
  const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const secrets = new Set<string>();
  let confidentialMatches = 0;
  let top1 = 0;
  let withEarlier = 0;
  for (const p of items) {
    const found = await db.transaction(async (tx) => {
      const c = await findDuplicateCandidates(tx, { signers: p.signers, content: p.content, limit: 10 });
      await store(tx, p).then((r) => stored.set(r.id, p));
      return c;
    });
    for (const c of found) {
      assert.ok(c.score >= 0 && c.score <= 1);
      const other = stored.get(c.id)!;
      assert.ok(other, 'a candidate is a stored petition');
      if (other.confidential) {
        // a confidential petition comes up by content only: a person match would confirm who filed it
        assert.match(c.reason, /^similar_content:/, 'a confidential petition is never matched by person');
        confidentialMatches++;
      }
      if (c.score >= DUPLICATE_THRESHOLD) predicted.add(pairKey(p.key, other.key));
    }
    if (
      items.some((o) => o.matter === p.matter && stored.size && [...stored.values()].includes(o) && o !== p)
    ) {
      withEarlier++;
      if (found[0] && stored.get(found[0].id)!.matter === p.matter) top1++;
    }
    for (const s of p.signers)
      for (const v of [s.name, s.idNumber, s.address]) if (v && p.confidential) secrets.add(v);
    const json = JSON.stringify(found);
    for (const s of secrets) assert.ok(!json.includes(s), 'no identity in the suggestions');
  }
  const truth = new Set<string>();
  for (let i = 0; i < items.length; i++)
    for (let j = 0; j < i; j++)
      if (items[i]!.matter === items[j]!.matter) truth.add(pairKey(items[i]!.key, items[j]!.key));
  let tp = 0;
  for (const k of predicted) if (truth.has(k)) tp++;
  const m = metrics(tp, predicted.size - tp, truth.size - tp);
  const hardFp = DATA.hardNegatives.filter((h) => predicted.has(pairKey(h.a, h.b)));
  const samePersonFp = hardFp.filter((h) => h.why.startsWith('same person')).length;
  console.log(
    `# duplicates, labelled set: ${items.length} petitions, ${new Set(items.map((x) => x.matter)).size} matters, ` +
      `${truth.size} duplicate pairs, ${DATA.hardNegatives.length} hard-negative pairs; threshold ${DUPLICATE_THRESHOLD}\n` +
      `# precision ${pct(m.precision)} (${m.tp}/${m.tp + m.fp}), recall ${pct(m.recall)} (${m.tp}/${m.tp + m.fn}), ` +
      `F1 ${pct((2 * m.precision * m.recall) / (m.precision + m.recall || 1))}; ` +
      `hard negatives suggested ${hardFp.length}/${DATA.hardNegatives.length} (same person ${samePersonFp}); ` +
      `top-1 is the same matter for ${top1}/${withEarlier} repeats; confidential matches ${confidentialMatches}`,
  );
  // Minimums: below 85% precision one suggestion in seven would be wrong and staff stop trusting them;
  // below 80% recall one repeat in five would be counted as a new matter. Measured values are higher
  // (see docs/petitions-duplicates.md); the margin absorbs small tuning changes, not regressions.
  assert.ok(m.precision >= 0.85, `precision ${pct(m.precision)}`);
  assert.ok(m.recall >= 0.8, `recall ${pct(m.recall)}`);
  assert.ok(hardFp.length <= DATA.hardNegatives.length * 0.05, `hard negatives suggested: ${hardFp.length}`);
  assert.ok(confidentialMatches > 0, 'the set exercises confidential petitions (found by content)');
});

test('Boston 311 cases as feedback: same type at the same place within 7 days', async () => {
  // Label from the data: two cases with a location are the same matter when they have the same type at the
  // same location and were opened within 7 days of each other. Boston's own closure notes agree: of the 2
  // such pairs in the sample, the later case of one was closed "Duplicate of Existing Case"; the one case
  // without a location cannot be compared by place and is left out ("where it applies").
  const all = parse(CSV, { columns: true }) as Record<string, string>[];
  const rows = all.filter((r) => r.location!.trim()).sort((a, b) => a.open_dt!.localeCompare(b.open_dt!));
  const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const daysApart = (a: Record<string, string>, b: Record<string, string>) =>
    Math.abs(Date.parse(a.open_dt!) - Date.parse(b.open_dt!)) / 86_400_000;
  const truth = new Set<string>();
  for (let i = 0; i < rows.length; i++)
    for (let j = 0; j < i; j++) {
      const [a, b] = [rows[i]!, rows[j]!];
      if (a.type === b.type && a.location!.trim() === b.location!.trim() && daysApart(a, b) <= 7)
        truth.add(pairKey(a.case_enquiry_id!, b.case_enquiry_id!));
    }
  const score = (predicted: Set<string>) => {
    let tp = 0;
    for (const k of predicted) if (truth.has(k)) tp++;
    return metrics(tp, predicted.size - tp, truth.size - tp);
  };
  const db = t.database.db;

  // (1) the petition finder on text alone: each case as a feedback petition "<title>. <location>"
  const byId = new Map<string, Record<string, string>>();
  const byText = new Set<string>();
  const text = (r: Record<string, string>) => `${r.case_title}. ${r.location!.trim()}`;
  for (const r of rows) {
    await db.transaction(async (tx) => {
      const found = await findDuplicateCandidates(tx, { signers: [], content: text(r), limit: 10 });
      for (const c of found) {
        const o = byId.get(c.id)!;
        if (c.score >= DUPLICATE_THRESHOLD && daysApart(r, o) <= 7)
          byText.add(pairKey(r.case_enquiry_id!, o.case_enquiry_id!));
      }
      const s = await store(
        tx,
        {
          kind: 'feedback',
          receivedDate: r.open_dt!.slice(0, 10),
          confidential: false,
          signers: [],
          content: text(r),
        },
        'BOS',
      );
      byId.set(s.id, r);
    });
  }
  const mt = score(byText);

  // (2) the feedback finder: same service code, same place (address or ≤ 30 m), within 7 days
  await db.transaction((tx) => importServiceRequestsCsv(tx, CSV));
  const imported = await queryRows<{
    code: string;
    service_code: string;
    description: string;
    address_string: string | null;
    lat: number | null;
    long: number | null;
    at: number;
  }>(
    db,
    sql`SELECT code, service_code, description, address_string, lat, long,
          (extract(epoch FROM requested_at) * 1000)::float8 AS at
        FROM service_requests WHERE source = 'import' ORDER BY requested_at`,
  );
  const byPlace = new Set<string>();
  for (const r of imported) {
    if (!r.address_string) continue;
    const found = await findSimilarServiceRequests(db, {
      serviceCode: r.service_code,
      description: r.description,
      address: r.address_string,
      lat: r.lat,
      long: r.long,
      requestedAt: new Date(Number(r.at)),
      excludeCode: r.code,
    });
    for (const c of found) if (c.score >= DUPLICATE_THRESHOLD) byPlace.add(pairKey(r.code, c.code));
  }
  const mp = score(byPlace);
  const flagged = rows.filter((r) => /duplicate/i.test(r.closure_reason!)).length;
  console.log(
    `# duplicates, Boston 311 as feedback: ${rows.length} cases with a location, ${truth.size} duplicate pairs ` +
      `(same type + place within 7 days; Boston's notes call ${flagged} cases duplicates)\n` +
      `#   petition finder, text only: precision ${pct(mt.precision)} (${mt.tp}/${mt.tp + mt.fp}), recall ${pct(mt.recall)} (${mt.tp}/${mt.tp + mt.fn})\n` +
      `#   feedback finder, service + place: precision ${pct(mp.precision)} (${mp.tp}/${mp.tp + mp.fp}), recall ${pct(mp.recall)} (${mp.tp}/${mp.tp + mp.fn})`,
  );
  assert.equal(truth.size, 2);
  assert.equal(mt.recall, 1, 'text alone finds both repeats');
  assert.equal(mp.recall, 1);
  assert.ok(mp.precision >= 0.5, `precision ${pct(mp.precision)}`);
});
