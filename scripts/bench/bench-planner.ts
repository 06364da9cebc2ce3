/**
 * `npm run bench:planner`: quote latency of the planner on generated venues (20, 60, 150 tables) across occupancy
 * loads (empty, 20–40 %, 60–80 % busy), plus venue compilation time. Writes the "planner" section of
 * docs/benchmarks.md. Seeded, so every run measures the same venues and requests.
 */
import {
  buildOccupancy,
  compileVenue,
  rankTablePlans,
  type TCompiledVenue,
  type TOccupancy,
  type TOccupancyInterval,
  type TPlanRequest,
  type TTableStat,
  type TUpcomingBooking,
  type TVenueInput,
} from "../../server/planner";
import {
  createRandom,
  EVENING_MINUTES,
  generateOccupancy,
  generateVenue,
  MINUTE,
  type TRandom,
} from "../../server/planner/testing/generate-evening";
import { percentile } from "./percentile";
import { describeMachine, writeBenchmarkSection } from "./write-benchmark-section";

const EVENING_START = Date.parse("2026-03-06T17:00:00Z");
const LAST_SEATING_MINUTES = 4.5 * 60; // 21:30
const SIZES = [20, 60, 150] as const;
const LOADS = [
  { name: "empty", min: 0, max: 0 },
  { name: "20–40 %", min: 0.2, max: 0.4 },
  { name: "60–80 %", min: 0.6, max: 0.8 },
] as const;
const QUOTES = 3000;
const WARMUP = 500;
const TARGET_P95_MS: Record<number, number> = { 60: 1, 150: 5 };
const TARGET_COMPILE_MS = 50;
const PARTY_MIX: Record<number, number> = { 1: 2, 2: 35, 3: 10, 4: 25, 5: 8, 6: 10, 7: 3, 8: 4, 10: 2, 12: 1 };

function measuredLoad({ venue, intervals }: { venue: TVenueInput; intervals: readonly TOccupancyInterval[] }) {
  const busyMinutes = intervals.reduce((sum, b) => sum + (b.end - b.start) / MINUTE, 0);
  return busyMinutes / (venue.tables.length * EVENING_MINUTES);
}

function generateRequest(random: TRandom, zones: readonly string[]): TPlanRequest {
  const partySize = random.weighted(PARTY_MIX);
  const start = EVENING_START + random.int(0, LAST_SEATING_MINUTES / 15) * 15 * MINUTE;
  const minutes = partySize <= 2 ? 90 : partySize <= 4 ? 105 : 120;
  const zone = random.next() < 0.3 ? (zones[random.int(0, zones.length - 1)] ?? null) : null;
  return { partySize, start, end: start + minutes * MINUTE, zone, limit: 5 };
}

function generateStats(venue: TVenueInput, random: TRandom): TTableStat[] {
  return venue.tables.flatMap((t) =>
    [2, 4, 6].map((partySize) => ({
      tableId: t.id,
      partySize,
      successes: random.int(0, 40),
      failures: random.int(0, 6),
    })),
  );
}

type TRow = {
  tables: number;
  load: string;
  measured: number;
  units: number;
  withPlan: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
};

function benchQuotes(args: {
  compiled: TCompiledVenue;
  occupancy: TOccupancy;
  upcoming: TUpcomingBooking[];
  stats: TTableStat[];
  random: TRandom;
}): Omit<TRow, "tables" | "load" | "measured" | "units"> {
  const { compiled, occupancy, upcoming, stats, random } = args;
  const service = { start: EVENING_START, lastSeating: EVENING_START + LAST_SEATING_MINUTES * MINUTE, slotMinutes: 15 };
  const quote = (request: TPlanRequest) =>
    rankTablePlans({ venue: compiled, occupancy, request, upcoming, partyMix: PARTY_MIX, stats, service });
  for (let i = 0; i < WARMUP; i += 1) quote(generateRequest(random, compiled.zones));
  const requests = Array.from({ length: QUOTES }, () => generateRequest(random, compiled.zones));
  const times: number[] = [];
  let withPlan = 0;
  const began = performance.now();
  for (const request of requests) {
    const t0 = performance.now();
    const result = quote(request);
    times.push(performance.now() - t0);
    if (result.plans.length > 0) withPlan += 1;
  }
  const elapsed = performance.now() - began;
  times.sort((a, b) => a - b);
  return {
    withPlan: withPlan / QUOTES,
    perSecond: (QUOTES / elapsed) * 1000,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
  };
}

function benchCompile(venue: TVenueInput): { median: number; max: number } {
  const times: number[] = [];
  for (let i = 0; i < 25; i += 1) {
    const t0 = performance.now();
    compileVenue({ venue: { ...venue, version: i } });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times.slice(5), 50), max: times.at(-1) ?? 0 };
}

const fmt = (ms: number) => (ms < 0.1 ? ms.toFixed(3) : ms.toFixed(2));

function main(): number {
  const rows: TRow[] = [];
  const compileRows: string[] = [];
  let failures = 0;
  for (const size of SIZES) {
    const random = createRandom(size * 7919);
    const venue = generateVenue({ size, random });
    const coldStart = performance.now();
    const compiled = compileVenue({ venue });
    const cold = performance.now() - coldStart;
    const compile = benchCompile(venue);
    const compileOk = Math.max(cold, compile.median) <= TARGET_COMPILE_MS;
    if (size === 150 && !compileOk) failures += 1;
    compileRows.push(
      `| ${size} | ${compiled.units.length} | ${fmt(cold)} | ${fmt(compile.median)} | ${fmt(compile.max)} | ${size === 150 ? (compileOk ? "✅ ≤ 50" : "❌ > 50") : ""} |`,
    );
    const stats = generateStats(venue, random);
    for (const load of LOADS) {
      const intervals = generateOccupancy({ venue, load, random, eveningStart: EVENING_START });
      const occupancy = buildOccupancy({ venue: compiled, intervals });
      const upcoming = Array.from({ length: 20 }, () => generateRequest(random, compiled.zones));
      const result = benchQuotes({ compiled, occupancy, upcoming, stats, random });
      rows.push({
        tables: size,
        load: load.name,
        measured: measuredLoad({ venue, intervals }),
        units: compiled.units.length,
        ...result,
      });
      process.stdout.write(`${size} tables, ${load.name}: p95 ${fmt(result.p95)} ms\n`);
    }
  }
  const table = rows.map((r) => {
    const target = TARGET_P95_MS[r.tables];
    const ok = target === undefined || r.p95 <= target;
    if (!ok) failures += 1;
    const verdict = target === undefined ? "" : `${ok ? "✅" : "❌"} ≤ ${target}`;
    return `| ${r.tables} | ${r.load} | ${Math.round(r.measured * 100)} % | ${Math.round(r.withPlan * 100)} % | ${Math.round(r.perSecond).toLocaleString("en-US")} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${verdict} |`;
  });
  const markdown = [
    "## Planner (`npm run bench:planner`)",
    "",
    `Machine: ${describeMachine()}.`,
    "",
    `A quote is \`rankTablePlans\` on a venue compiled once and an occupancy built once for the day, with 20 upcoming bookings (future fit), the service's party mix, per-table statistics and a service (so \`nextTimes\` is searched whenever no plan exists). ${QUOTES} quotes per row after ${WARMUP} warm-up quotes; parties drawn from the mix (1–12), starts on the 15-minute grid 17:00–21:30, 90–120 min. Venues: zones of ~20 tables in rows of 4–6 (adjacent along a row, some rows touching), sizes 2/4/6/8, 10 % fixed tables; policy defaults (\`maxTablesPerPlan\` 3, \`maxOverage\` 4). Seeded generator: every run measures the same venues.`,
    "",
    "| tables | load | busy (measured) | quotes with a plan | quotes/s | p50 ms | p95 ms | p99 ms | target p95 |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ...table,
    "",
    "Venue compilation (precomputing every connected merge; cold = first compile in the process, median/max over 25 more):",
    "",
    "| tables | plan units | cold ms | median ms | max ms | target |",
    "|---:|---:|---:|---:|---:|---|",
    ...compileRows,
  ].join("\n");
  writeBenchmarkSection({ name: "planner", markdown });
  process.stdout.write(`\n${markdown}\n\n${failures === 0 ? "All targets met." : `${failures} target(s) missed.`}\n`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = main();
