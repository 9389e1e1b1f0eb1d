/**
 * Benchmark of the working-day calendar kernel. Prints figures; asserts nothing (tests do that).
 *
 *   npm run bench:calendar
 *
 * 1. `addWorkingDays` ops/s for limits of 1–60 working days started on random dates 2022–2030
 *    (target ≥ 5,000,000 ops/s), plus a few other operations for comparison.
 * 2. Cost of an admin override: rebuild the snapshot (verify the 2026 New Year swap) and recompute every
 *    open deadline, for 10^4 … 10^6 open deadlines (the 10^5 line is the headline figure).
 */
import {
  addCalendarDays,
  addWorkingDays,
  addWorkingHours,
  buildCalendar,
  effectiveStart,
  isWorkingDay,
  seedSchedules,
  shiftDate,
  verifySchedule,
  workingDaysBetween,
  type CalendarSnapshot,
} from '../src/kernel/calendar/index.ts';

// Deterministic pseudo-random numbers (LCG) so runs are comparable.
let seed = 0x2026;
function rand(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 0x1_0000_0000;
}

function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = shiftDate(d, 1)) out.push(d);
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

let sink = 0;

/** Runs `fn(i)` `iterations` times per round, `rounds` rounds; returns ops/s per round. */
function measure(iterations: number, rounds: number, fn: (i: number) => number): number[] {
  for (let i = 0; i < Math.min(iterations, 500_000); i++) sink += fn(i); // warm-up
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink += fn(i);
    const ns = Number(process.hrtime.bigint() - t0);
    out.push((iterations / ns) * 1e9);
  }
  return out;
}

const t0 = performance.now();
const cal = buildCalendar();
const firstBuildMs = performance.now() - t0;

const pool = datesBetween('2022-01-01', '2030-12-31');
const SIZE = 1 << 16;
const MASK = SIZE - 1;
const starts: string[] = Array.from({ length: SIZE }, () => pool[Math.floor(rand() * pool.length)]!);
const ns = Int32Array.from({ length: SIZE }, () => 1 + Math.floor(rand() * 60));
const instants: string[] = starts.map(
  (d) => `${d}T${String(7 + Math.floor(rand() * 11)).padStart(2, '0')}:15:00+07:00`,
);

console.log('Kiến Tạo — calendar kernel benchmark');
console.log(
  `node ${process.version}, ${process.arch}; snapshot ${cal.firstDate}…${cal.lastDate}, first build ${firstBuildMs.toFixed(1)} ms`,
);
console.log('');

const ITER = 5_000_000;
const ROUNDS = 5;
const rows: [string, number[]][] = [
  [
    'addWorkingDays(start, 1..60)',
    measure(ITER, ROUNDS, (i) => addWorkingDays(cal, starts[i & MASK]!, ns[i & MASK]!).length),
  ],
  [
    'workingDaysBetween(a, b)',
    measure(ITER, ROUNDS, (i) => workingDaysBetween(cal, starts[i & MASK]!, starts[(i + 1) & MASK]!)),
  ],
  ['isWorkingDay(date)', measure(ITER, ROUNDS, (i) => (isWorkingDay(cal, starts[i & MASK]!) ? 1 : 0))],
  [
    'addCalendarDays(start, 1..60)',
    measure(ITER, ROUNDS, (i) => addCalendarDays(cal, starts[i & MASK]!, ns[i & MASK]!).length),
  ],
  [
    'effectiveStart(ISO string)',
    measure(1_000_000, ROUNDS, (i) => effectiveStart(cal, instants[i & MASK]!).length),
  ],
  [
    'addWorkingHours(ISO, 1..60 h)',
    measure(200_000, ROUNDS, (i) => addWorkingHours(cal, instants[i & MASK]!, ns[i & MASK]!).getTime() & 1),
  ],
];
console.log('operation                          median ops/s      best ops/s');
for (const [name, r] of rows) {
  console.log(`${name.padEnd(32)} ${fmt(median(r)).padStart(14)}  ${fmt(Math.max(...r)).padStart(14)}`);
}
const awd = median(rows[0]![1]);
console.log('');
console.log(
  `addWorkingDays target ≥ 5,000,000 ops/s: ${awd >= 5_000_000 ? 'MET' : 'NOT MET'} (${fmt(awd)} ops/s median)`,
);
console.log('');

// ---- override: rebuild + recompute open deadlines
interface OpenCase {
  start: string;
  n: number;
  due: string;
}
const openPool = datesBetween('2025-10-01', '2026-12-31');
function openCases(count: number, snapshot: CalendarSnapshot): OpenCase[] {
  const out: OpenCase[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const start = openPool[Math.floor(rand() * openPool.length)]!;
    const n = 1 + Math.floor(rand() * 60);
    out[i] = { start, n, due: addWorkingDays(snapshot, start, n) };
  }
  return out;
}

const newYear2026 = seedSchedules().find((s) => s.id === 'seed:2026:new_year')!;
const confirmed = verifySchedule(newYear2026, {
  legalDocument: {
    number: '12729/VPCP-KGVX',
    date: '2025-12-25',
    title: 'Văn phòng Chính phủ (benchmark only)',
  },
});
const overridden = seedSchedules().map((s) => (s.id === confirmed.id ? confirmed : s));

console.log(
  'override: verify the 2026 New Year swap (2/1 off, Sat 10/1 worked), rebuild, recompute all open deadlines',
);
console.log('open deadlines   rebuild ms   recompute ms   total ms   deadlines changed');
for (const count of [10_000, 100_000, 1_000_000]) {
  const cases = openCases(count, cal);
  const times: [number, number][] = [];
  let changed = 0;
  for (let r = 0; r < 3; r++) {
    const a = performance.now();
    const next = buildCalendar({ schedules: overridden });
    const b = performance.now();
    changed = 0;
    for (const c of cases) {
      const due = addWorkingDays(next, c.start, c.n);
      if (due !== c.due) changed++;
    }
    const e = performance.now();
    times.push([b - a, e - b]);
  }
  const rebuild = median(times.map((t) => t[0]));
  const recompute = median(times.map((t) => t[1]));
  console.log(
    `${fmt(count).padStart(14)} ${rebuild.toFixed(1).padStart(12)} ${recompute.toFixed(1).padStart(14)} ${(rebuild + recompute).toFixed(1).padStart(10)} ${fmt(changed).padStart(19)}`,
  );
}
if (sink === 42) console.log('');
