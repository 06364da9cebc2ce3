/**
 * `npm run bench:optimizer`: covers seated on generated evenings by first-come-first-served smallest-fit (the
 * baseline), by the heuristic and by the exact solver, next to the optimum (or the best proven bound), with
 * runtimes. Writes its section of docs/benchmarks.md. Days are seeded, so every run measures the same evenings.
 */
import {
  buildDayModel,
  computePlanMetrics,
  optimizeDay,
  solveFcfsBaseline,
  type TOptimizerBooking,
  type TOptimizerResult,
} from "../../server/optimizer";
import { checkDayPlanFeasible } from "../../server/optimizer/testing/check-day-plan-feasible";
import { generateDay } from "../../server/optimizer/testing/generate-day";
import { describeMachine, writeBenchmarkSection } from "./write-benchmark-section";

type TCase = { tables: number; load: number; label: string; seed: number };
type TRow = TCase & {
  bookings: number;
  demand: number;
  fcfs: number;
  heuristic: TOptimizerResult;
  exact: TOptimizerResult;
};

const LOADS = [
  { load: 0.5, label: "busy" },
  { load: 0.8, label: "overbooked" },
  { load: 1.1, label: "heavily overbooked" },
];
const CASES: TCase[] = [20, 60, 150].flatMap((tables) => LOADS.map((l) => ({ tables, ...l, seed: 1 })));
/** Targets from issue #6: heuristic ≤ 2 s on 60 tables, exact ≤ 30 s on 60 tables, 150 tables ≤ 10 s. */
const HEURISTIC_LIMIT_MS = (tables: number) => (tables <= 60 ? 2_000 : 10_000);
/** 150-table days get longer: branch-and-bound on the covers needs ~15–35 s there. */
const EXACT_LIMIT_MS = (tables: number) => (tables <= 60 ? 30_000 : 45_000);

/** generateDay's policy (maxTablesPerPlan 3, maxOverage 4) with the planner's defaults for the rest. */
const POLICY = { maxTablesPerPlan: 3, maxOverage: 4, requireAdjacency: true, allowCrossZone: false };

async function main(): Promise<void> {
  const rows: TRow[] = [];
  for (const c of CASES) {
    const day = generateDay({ seed: c.seed, tableCount: c.tables, load: c.load });
    const model = buildDayModel({ venue: day.venue, config: day.config, bookings: day.bookings });
    const fcfs = solveFcfsBaseline({ model });
    // The evening as an arrival-order assigner left it: the optimizer re-plans it (moves count against it).
    const bookings: TOptimizerBooking[] = day.bookings.map((b, i) => ({
      ...b,
      tableIds: model.bookings[i]?.options[fcfs[i] ?? -1]?.unit.tableIds ?? null,
    }));
    const input = { venue: day.venue, config: day.config, bookings };
    const heuristic = await optimizeDay({ ...input, solver: "heuristic", timeLimitMs: HEURISTIC_LIMIT_MS(c.tables) });
    const exact = await optimizeDay({ ...input, solver: "exact", timeLimitMs: EXACT_LIMIT_MS(c.tables) });
    // Every plan goes through the tests' independent checker: a fast but infeasible plan must not make the table.
    for (const [name, result] of [
      ["heuristic", heuristic],
      ["exact", exact],
    ] as const) {
      const problems = checkDayPlanFeasible({ venue: day.venue, policy: POLICY, bookings, plan: result });
      if (problems.length > 0) throw new Error(`${c.tables} ${c.label} ${name}: ${problems.join("; ")}`);
    }
    const row: TRow = {
      ...c,
      bookings: day.bookings.length,
      demand: day.bookings.reduce((sum, b) => sum + b.partySize, 0),
      fcfs: computePlanMetrics({ model, choice: fcfs }).seatedCovers,
      heuristic,
      exact,
    };
    rows.push(row);
    process.stdout.write(`${formatRow(row)}\n`);
  }
  const markdown = render(rows);
  writeBenchmarkSection({ name: "optimizer", markdown });
  process.stdout.write(`\n${markdown}\n`);
}

/** The optimum when the exact run proved its covers (gap 0), else the best proven upper bound. */
function best(row: TRow): { covers: number; proven: boolean } {
  if (row.exact.gap === 0) return { covers: row.exact.metrics.seatedCovers, proven: true };
  return { covers: row.exact.coversUpperBound, proven: false };
}

function exactNote(r: TRow): string {
  if (r.exact.optimal) return ", optimal";
  return r.exact.provenCriteria.includes("covers") || r.exact.gap === 0 ? ", covers optimal" : "";
}

const pct = (part: number, whole: number) => (whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)} %`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function formatRow(r: TRow): string {
  const b = best(r);
  return [
    r.tables,
    r.label,
    r.bookings,
    r.demand,
    r.fcfs,
    `${r.heuristic.metrics.seatedCovers} (${secs(r.heuristic.durationMs)})`,
    `${r.exact.metrics.seatedCovers} (${secs(r.exact.durationMs)}${exactNote(r)})`,
    `${b.proven ? "" : "≤ "}${b.covers}`,
    pct(r.fcfs, b.covers),
    pct(r.heuristic.metrics.seatedCovers, b.covers),
    r.exact.metrics.moves,
  ].join(" | ");
}

function render(rows: readonly TRow[]): string {
  const header =
    "| tables | load | bookings | covers asked | FCFS smallest-fit | heuristic (time) | exact (time) | optimum / bound | FCFS vs opt | heuristic vs opt | moves (exact) |";
  return [
    "## Day optimizer (`npm run bench:optimizer`)",
    "",
    `Machine: ${describeMachine()}.`,
    "",
    "Generated evenings (seeded): zones of ~25 tables (2/4/6/8-tops, rows of five that can be merged, some rows",
    "touching), bookings on a 15-minute grid from 17:00 to 21:30 peaking at 19:00–20:00, parties mostly 1–4 with a",
    "tail up to 12, turn times 90–180 min, arriving in random order until the demanded seat-minutes reach 0.5 / 0.8",
    "/ 1.1 of the floor's capacity. FCFS = each booking in arrival order on the smallest free plan; the optimizer",
    "re-plans that evening (its moves are counted against it). Heuristic: time limit 2 s (60 tables and below) or",
    '10 s; exact: 30 s (45 s on 150 tables). "optimal": every objective level proven; "covers optimal": covers proven,',
    "some tie-breaking level (bookings, waste, merges, moves) ran out of time. `≤ n` = best proven upper bound (LP",
    "relaxation or branch-and-bound) when the covers were not proven optimal in time. Both solvers work on classes of",
    "interchangeable bookings (same party and window) for the covers, which removes the symmetry that made",
    "branch-and-bound slow. Every plan is checked by the tests' independent feasibility checker.",
    "",
    header,
    `|${"---|".repeat(11)}`,
    ...rows.map((r) => `| ${formatRow(r)} |`),
  ].join("\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
