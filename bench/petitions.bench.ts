/**
 * `npm run bench:petitions` — petitions on PostgreSQL (issue 5 §11).
 *
 * Database: a fresh database `kt_bench_petitions_<hex>` created on the server of `DATABASE_URL` (default
 * postgres://postgres@127.0.0.1:5432/postgres), migrated and bootstrapped without demo data, dropped at the
 * end (`--keep` keeps it).
 *
 * Fill: `BENCH_PETITIONS` petitions (default 1,000,000) received over 2021-01-01 … 2025-12-31, written with
 * COPY (petitions, their signers in `party_identities`, events `receive` / `set_eligibility` / `forward` /
 * `guide` / `urge` / `record_result` / `confirm_duplicate`, and open or met deadlines). Contents are composed
 * from Vietnamese petition templates (6 kinds, 4–6 fact sentences each, openings and requests) with slots
 * (200 communes × 130 villages, parcels, decision numbers, amounts, projects, companies, officials, schools,
 * roads), so that the texts share their boilerplate but not their facts, like real ones; content keys are
 * made by the same `contentKey` as intake, their terms by the same trigger (`kientao_content_terms`). The
 * terms' GIN index is built after the load (as a restore would); the report facts are recounted set-based
 * (`recountPetitionFacts`), then `ANALYZE` (the look-up reads the terms' statistics).
 *
 * (a) Duplicate suggestion at intake: `findDuplicateCandidates` for `--lookups` (default 300) new petitions —
 *     half new matters from the same generator with new people, half repeats of a stored petition (a
 *     sentence dropped, typed without diacritics, the same signer) — sequentially on a warm server:
 *     p50 / p95 / max in ms, and how often the repeat's original comes first. Target p95 ≤ 100 ms.
 * (b) The petition report (`petitionReport`, src/modules/reports/petition-report.ts) for one year (2024)
 *     and for 9 months, all agencies and one agency: median of `--runs` (default 7). Target ≤ 300 ms.
 *
 * Options: --lookups N, --runs N, --keep.
 */
import { openDatabase } from '../src/db/engine.ts';
import { bootstrap } from '../src/demo/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { findDuplicateCandidates } from '../src/modules/petitions/duplicates.ts';
import { mulberry32 } from '../src/kernel/random.ts';
import { freshDatabase } from './lib.ts';
import {
  compose,
  facts,
  fillPetitions,
  foldDiacritics,
  SEED,
  type Facts,
  type Sample,
} from './loaders/petitions.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const has = (name: string) => args.includes(`--${name}`);
const N = Number(process.env.BENCH_PETITIONS ?? 1_000_000);
const LOOKUPS = opt('lookups', 300);
const RUNS = opt('runs', 7);

const fmt = (x: number, d = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pctl = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const median = (xs: number[]) => pctl(xs, 50);
const results: { figure: string; value: string; target: string; ok: boolean | null }[] = [];
const record = (figure: string, value: string, target: string, ok: boolean | null) => {
  results.push({ figure, value, target, ok });
  console.log(`  ${figure}: ${value}${target ? ` (target ${target})` : ''}`);
};

const rng = mulberry32;

async function lookups(url: string, samples: Sample[]) {
  const database = await openDatabase({ databaseUrl: url });
  const db = database.db;
  const r = rng(SEED + 1);
  const queries: { signers: Facts['person'][]; content: string; original?: string }[] = [];
  for (const s of samples) {
    // a repeat: one sentence dropped when there are several, typed without diacritics, same signer
    const parts =
      s.parts.length > 2
        ? s.parts.filter((_, i) => i !== 1 + Math.floor(r() * (s.parts.length - 1)))
        : s.parts;
    queries.push({ signers: [s.facts.person], content: foldDiacritics(parts.join(' ')), original: s.id });
  }
  while (queries.length < LOOKUPS) {
    const f = facts(r);
    queries.push({ signers: [f.person], content: compose(r, f).join(' ') });
  }
  // warm-up
  for (const q of queries.slice(0, 20))
    await findDuplicateCandidates(db, { signers: q.signers, content: q.content });
  const times: number[] = [];
  let firstIsOriginal = 0;
  let repeats = 0;
  let suggested = 0;
  for (const q of queries) {
    const t0 = performance.now();
    const c = await findDuplicateCandidates(db, { signers: q.signers, content: q.content, limit: 10 });
    times.push(performance.now() - t0);
    suggested += c.length;
    if (q.original) {
      repeats++;
      if (c[0]?.id === q.original) firstIsOriginal++;
    }
  }
  record(
    `duplicate suggestion at intake over ${fmt(N)} petitions (${times.length} lookups)`,
    `p50 ${fmt(median(times), 1)} ms, p95 ${fmt(pctl(times, 95), 1)} ms, max ${fmt(Math.max(...times), 1)} ms`,
    'p95 ≤ 100 ms',
    pctl(times, 95) <= 100,
  );
  console.log(
    `  repeats whose original comes first: ${firstIsOriginal}/${repeats}; ${fmt(suggested / queries.length, 1)} suggestions per lookup`,
  );
  await database.close();
}

async function report(url: string) {
  const { petitionReport } = await import('../src/modules/reports/petition-report.ts');
  const database = await openDatabase({ databaseUrl: url });
  const windows = [
    { label: 'one year (2024)', from: '2024-01-01', to: '2024-12-31', asOf: '2024-12-31' },
    { label: '9 months (2024-12-15 → 2025-09-14)', from: '2024-12-15', to: '2025-09-14', asOf: '2025-09-14' },
  ];
  for (const w of windows) {
    for (const agency of [undefined, 'STNMT']) {
      const times: number[] = [];
      let received = 0;
      for (let i = 0; i < RUNS + 1; i++) {
        const t0 = performance.now();
        const rep = await petitionReport(database.db, { from: w.from, to: w.to, asOf: w.asOf, agency });
        if (i > 0) times.push(performance.now() - t0);
        received = rep.petitions.received;
      }
      record(
        `petition report, ${w.label}, ${agency ? `agency ${agency}` : 'all agencies'} (${fmt(received)} received; median of ${RUNS})`,
        `${fmt(median(times), 1)} ms`,
        '≤ 300 ms',
        median(times) <= 300,
      );
    }
  }
  await database.close();
}

// ---------------------------------------------------------------------------------------------------

const { url, drop } = await freshDatabase('kt_bench_petitions');
console.log(`database ${url}${has('keep') ? ' (kept)' : ' (dropped at the end)'}; ${fmt(N)} petitions`);
try {
  const database = await openDatabase({ databaseUrl: url });
  await bootstrap(database, {
    ...loadConfig({}),
    databaseUrl: url,
    demo: false,
    adminPassword: 'bench-admin-password',
    logLevel: 'silent',
  });
  await database.close();
  const { samples } = await fillPetitions(url, { n: N, lookups: LOOKUPS, record });
  await lookups(url, samples);
  await report(url);
} finally {
  if (!has('keep')) await drop();
}
console.log('\nfigure | value | target | ok');
console.log('--- | --- | --- | ---');
for (const r of results)
  console.log(`${r.figure} | ${r.value} | ${r.target || '—'} | ${r.ok === null ? '—' : r.ok ? 'yes' : 'NO'}`);
