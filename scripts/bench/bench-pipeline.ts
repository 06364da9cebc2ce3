/**
 * `npm run bench:pipeline`: the booking pipeline's inline fast path end to end — createAndAssignBooking (insert,
 * capacity and pacing checks, outbox job, lock, claim, snapshot, plan, commit, confirm + notify job, attempt row)
 * — with 1, 8 and 32 concurrent clients, on in-memory PGlite and on PostgreSQL; and its job path with two worker
 * processes. Writes the "pipeline" sections of docs/benchmarks.md. Seeded, so every run sends the same requests.
 *
 *   npm run bench:pipeline                       # both backends (PostgreSQL at BENCH_DATABASE_URL / TEST_DATABASE_URL
 *                                                # or postgres://postgres@127.0.0.1:5432/test; skipped if unreachable)
 *   BENCH_SECONDS=5 npm run bench:pipeline        # shorter measuring window per cell
 *   BENCH_BACKENDS=postgres BENCH_CLIENTS=8 …      # one cell (profiling); the docs section then has that row only
 *   BENCH_CELLS=burst BENCH_BACKENDS=postgres …     # only the "same-slot burst" row (its own docs section)
 *   BENCH_CELLS=jobs BENCH_BACKENDS=postgres …      # only the job-path rows with two worker processes (own section;
 *                                                # BENCH_JOBS_RATES and the diagnostic knobs: bench-pipeline-jobs.ts)
 *
 * Three kinds of cells (BENCH_CELLS, default "load,burst,jobs"): "load" — clients booking back to back over many
 * days (the "pipeline" section: throughput and latency); "burst" — 40 bookings for one slot at once at a venue with
 * room for all of them (the "pipeline-burst" section: the herd on one slot, answered inline or left to the job);
 * "jobs" — the load rows' workload at 8 clients with no inline assignment, confirmed by two `scripts/worker.ts`
 * processes (the "pipeline-jobs" section, PostgreSQL over TCP only: bench-pipeline-jobs.ts).
 */
import os from "node:os";
import type { Kysely, KyselyPlugin } from "kysely";
import type { TCoordinatorDeps } from "@/server/coordinator/coordinator-deps";
import { createAndAssignBooking } from "@/server/coordinator/create-and-assign-booking";
import { DEMO_VENUES, type DemoVenue } from "@/server/demo/demo-venues";
import type { Db } from "@/server/infra/db/open-db";
import type { Database } from "@/server/infra/db/schema";
import { createLockManager, createLockManagerForAdapter, createMemoryLockAdapter } from "@/server/infra/locks";
import { createQueue } from "@/server/infra/queue";
import type { TEnqueue } from "@/server/infra/queue/job-definition";
import { LOAD_PARTY_MIX, seedLoadVenues, silentLog } from "@/server/testing/pipeline-test-kit";
import { JOBS_RATES, jobsRow, jobsSection, runJobsCell, type TJobsCell } from "./bench-pipeline-jobs";
import {
  adminUrlFor,
  BACKEND_LABELS,
  bookingInputOf,
  DAYS,
  databaseCpuMs,
  FIRST_DAY,
  fmt,
  generateRequests,
  int,
  openBackend,
  POOL_MAX,
  percentile,
  postgresReachable,
  RESTAURANTS,
  SECONDS,
  SEED,
  SOCKET_DIR,
  type TBackend,
  type TRequest,
  WARMUP_BOOKINGS,
} from "./pipeline-bench-shared";
import { describeMachine, writeBenchmarkSection } from "./write-benchmark-section";

const CLIENTS = (process.env.BENCH_CLIENTS ?? "1,8,32").split(",").map(Number);
// The runtime's default INLINE_ASSIGN_DEADLINE_MS.
const INLINE_DEADLINE_MS = 1500;
const TARGET = { clients: 8, p95Ms: 50, perSecond: 150 } as const;
const CELLS = (process.env.BENCH_CELLS ?? "load,burst,jobs").split(",");
const BURST = {
  parties: 40,
  rounds: Number(process.env.BENCH_BURST_ROUNDS ?? 10),
  localTime: "19:00",
  /** Party sizes in request order: 24 parties of two, 16 of three or four. */
  party: (i: number) => (i % 5 < 3 ? 2 : 3 + (i % 2)),
  p95Ms: 300,
} as const;
/**
 * The burst's restaurant: Harbor & Vine's service periods and turn times on a floor with room for every party of
 * a burst — 18 mergeable four-tops for the parties of three and four, 18 mergeable two-tops and 8 fixed bar
 * two-tops for the parties of two (44 tables) — so any booking not confirmed is the pipeline's doing, not the floor's.
 */
const BURST_VENUE: DemoVenue = {
  slug: "burst-hall",
  name: "Burst Hall",
  timezone: "America/New_York",
  bookingsPerDay: 0,
  zones: [
    {
      name: "Dining Room",
      prefix: "D",
      rows: [4, 2, 4, 2].map((capacity) => Array.from({ length: 6 }, () => ({ capacity }))),
    },
    { name: "Patio", prefix: "O", rows: [4, 2].map((capacity) => Array.from({ length: 6 }, () => ({ capacity }))) },
    { name: "Bar", prefix: "B", rows: [Array.from({ length: 8 }, () => ({ capacity: 2, mergeable: false }))] },
  ],
  servicePeriods: DEMO_VENUES[1]?.servicePeriods ?? [],
};
type TCell = {
  backend: TBackend;
  clients: number;
  seconds: number;
  bookings: number;
  outcomes: Record<string, number>;
  /** Call → return of createAndAssignBooking, for calls that came back with assignment.outcome === "assigned". */
  assignedMs: number[];
  /** The part of those calls spent in assignBooking (lock → commit → attempt row); the rest is createBooking. */
  assignPartMs: number[];
  errors: Record<string, number>;
  queries: number;
  transactions: number;
  /** Client-observed time per statement kind over the measured window (queueing for a connection included). */
  byStatement: Map<string, { count: number; ms: number }>;
  /** CPU time over the measured window: this process, and the database's server processes (null if unreadable). */
  cpuMs: { app: number; database: number | null };
};

type TProfile = { queries: number; transactions: number; byStatement: Map<string, { count: number; ms: number }> };

// Long generated SQL, named by what it does (the rest are shown as their first words).
const STATEMENT_NAMES: Array<[RegExp, string]> = [
  [/^select transition_booking\(/, "select transition_booking(…) — START_ASSIGNMENT claim (CAS + history)"],
  [/^select commit_assignment\(/, "select commit_assignment(…) — allocations + transition"],
  [
    /^with "attempt" as \(insert into "assignment_attempts".*commit_assignment\(/,
    "commit_assignment(…) — allocations + ASSIGNMENT_SUCCEEDED + CONFIRM, with the attempt row",
  ],
  [/^select create_booking\(/, "select create_booking(…) — pacing count + insert + 2 transitions"],
  [
    /^select coalesce\(\( select jsonb_agg\(jsonb_build_array\(a\.table_id/,
    "occupancy snapshot (allocations + bookings)",
  ],
  [
    /^select "bookings"\.\*, "restaurants"\."no_show_undo_minutes"/,
    "select booking … for update (lock + read before a write)",
  ],
];

function statementName(sqlText: string): string {
  const text = sqlText.replace(/\s+/g, " ").trim();
  for (const [pattern, name] of STATEMENT_NAMES) if (pattern.test(text)) return name;
  return text.length > 72 ? `${text.slice(0, 72)}…` : text;
}

/**
 * Counts (and, for the profile, times) every statement the app issues through the database handle: Kysely queries
 * through a plugin (compiled → result), raw ones (pg-boss's outbox insert) through `query` / the enqueue wrapper.
 */
function profiledDb(
  db: Db,
  { timed }: { timed: boolean },
): { db: Db; profile: TProfile; time<T>(name: string, run: () => Promise<T>): Promise<T> } {
  const profile: TProfile = { queries: 0, transactions: 0, byStatement: new Map() };
  const started = new WeakMap<object, { name: string; at: number }>();
  const add = (name: string, ms: number) => {
    const entry = profile.byStatement.get(name) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += ms;
    profile.byStatement.set(name, entry);
  };
  const executor = db.kysely.getExecutor();
  const plugin: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      // Naming a statement compiles it a second time: only in the profile pass, never in the measured rows.
      if (timed)
        started.set(queryId, { name: statementName(executor.compileQuery(node, queryId).sql), at: performance.now() });
      return node;
    },
    transformResult: async ({ result, queryId }) => {
      profile.queries += 1;
      const start = started.get(queryId);
      if (start) add(start.name, performance.now() - start.at);
      return result;
    },
  };
  const kysely: Kysely<Database> = db.kysely.withPlugin(plugin);
  const time = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    if (!timed) return run();
    const at = performance.now();
    try {
      return await run();
    } finally {
      add(name, performance.now() - at);
    }
  };
  return {
    profile,
    time,
    db: {
      ...db,
      kysely,
      transaction: (fn) => {
        profile.transactions += 1;
        return kysely.transaction().execute(fn);
      },
      query: (text, values) => {
        profile.queries += 1;
        return time(statementName(text), () => db.query(text, values));
      },
    },
  };
}

/** One cell: a fresh database, the venues, the runtime's adapters, warm-up, then `clients` loops for SECONDS. */
async function runCell(
  backend: TBackend,
  clients: number,
  { timed = false, seconds = SECONDS }: { timed?: boolean; seconds?: number } = {},
): Promise<TCell> {
  const { db: rawDb, url, drop } = await openBackend(backend);
  try {
    const venues = await seedLoadVenues(rawDb, { copies: RESTAURANTS, liftPacing: false });
    const queue = createQueue({ db: rawDb, log: silentLog, schedule: false, supervise: false });
    await queue.start();
    // The runtime's lock store for the shape: in-process on PGlite, advisory locks with DATABASE_URL and no Redis.
    const locks = url
      ? createLockManager({ env: { DATABASE_URL: url }, log: silentLog })
      : createLockManagerForAdapter({ adapter: createMemoryLockAdapter({ store: new Map() }), log: silentLog });
    const { db, profile, time } = profiledDb(rawDb, { timed });
    // pg-boss's outbox insert runs as a pre-compiled query: the plugin counts it but cannot time it, so it is timed here.
    const enqueue: TEnqueue = (tx, job) => {
      return time("insert into pgboss.job (outbox job)", () => queue.enqueue(tx, job));
    };
    const deps: TCoordinatorDeps = { db, locks, enqueue, log: silentLog };
    const requests = generateRequests(venues, 200_000, SEED + clients);
    let next = 0;
    const cell: TCell = {
      backend,
      clients,
      seconds: 0,
      bookings: 0,
      outcomes: {},
      assignedMs: [],
      assignPartMs: [],
      errors: {},
      queries: 0,
      transactions: 0,
      byStatement: new Map(),
      cpuMs: { app: 0, database: null },
    };
    const book = async (record: boolean) => {
      const request = requests[next++ % requests.length] as TRequest;
      const started = performance.now();
      try {
        const result = await createAndAssignBooking(deps, bookingInputOf(request, INLINE_DEADLINE_MS));
        const ms = performance.now() - started;
        if (!record) return;
        const outcome = result.assignment?.outcome ?? "handed_over";
        cell.outcomes[outcome] = (cell.outcomes[outcome] ?? 0) + 1;
        if (result.assignment?.outcome === "assigned") {
          cell.assignedMs.push(ms);
          cell.assignPartMs.push(result.assignment.durationMs);
        }
      } catch (error) {
        if (!record) return;
        const code = (error as { code?: string }).code ?? (error as Error).name;
        cell.errors[code] = (cell.errors[code] ?? 0) + 1;
      }
    };
    // Warm-up: compiled venues cached, pools filled, JIT warm.
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < WARMUP_BOOKINGS) await book(false);
      }),
    );
    const before = { queries: profile.queries, transactions: profile.transactions };
    const cpuBefore = { app: process.cpuUsage(), database: await databaseCpuMs(rawDb) };
    profile.byStatement.clear();
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    let done = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          await book(true);
          done += 1;
        }
      }),
    );
    cell.seconds = (performance.now() - started) / 1000;
    const appCpu = process.cpuUsage(cpuBefore.app);
    const databaseAfter = await databaseCpuMs(rawDb);
    cell.cpuMs = {
      app: (appCpu.user + appCpu.system) / 1000,
      database: databaseAfter !== null && cpuBefore.database !== null ? databaseAfter - cpuBefore.database : null,
    };
    cell.bookings = done;
    cell.queries = profile.queries - before.queries;
    cell.transactions = profile.transactions - before.transactions;
    cell.byStatement = profile.byStatement;
    await queue.stop({ timeoutMs: 2000 });
    await locks.close();
    return cell;
  } finally {
    await drop();
  }
}

function row(cell: TCell): string {
  const sorted = [...cell.assignedMs].sort((a, b) => a - b);
  const assignSorted = [...cell.assignPartMs].sort((a, b) => a - b);
  const perSecond = cell.bookings / cell.seconds;
  const assigned = cell.outcomes.assigned ?? 0;
  const other = Object.entries(cell.outcomes)
    .filter(([k]) => k !== "assigned")
    .map(([k, v]) => `${k} ${v}`);
  const errors = Object.entries(cell.errors).map(([k, v]) => `error ${k} ${v}`);
  let target = "";
  // The verdict is on TCP, the stricter and the shape CI and a separate database host use.
  if (cell.backend === "postgres" && cell.clients === TARGET.clients) {
    const p95 = percentile(sorted, 95);
    target = `${p95 <= TARGET.p95Ms ? "✅" : "❌"} p95 ≤ ${TARGET.p95Ms} ms, ${perSecond >= TARGET.perSecond ? "✅" : "❌"} ≥ ${TARGET.perSecond}/s`;
  } else if (cell.backend === "postgres" && cell.clients > TARGET.clients) {
    target = `${perSecond >= TARGET.perSecond ? "✅" : "❌"} ≥ ${TARGET.perSecond}/s`;
  }
  return `| ${BACKEND_LABELS[cell.backend]} | ${cell.clients} | ${int(cell.bookings)} | ${perSecond.toFixed(1)} | ${((100 * assigned) / Math.max(1, cell.bookings)).toFixed(1)} %${other.length || errors.length ? ` (${[...other, ...errors].join(", ")})` : ""} | ${fmt(percentile(sorted, 50))} | ${fmt(percentile(sorted, 95))} | ${fmt(percentile(sorted, 99))} | ${fmt(percentile(assignSorted, 50))} | ${(cell.queries / Math.max(1, cell.bookings)).toFixed(1)} / ${(cell.transactions / Math.max(1, cell.bookings)).toFixed(1)} | ${cpuPerBooking(cell)} | ${target} |`;
}

function cpuPerBooking(cell: TCell): string {
  const per = (ms: number) => (ms / Math.max(1, cell.bookings)).toFixed(1);
  return cell.cpuMs.database === null ? per(cell.cpuMs.app) : `${per(cell.cpuMs.app)} + ${per(cell.cpuMs.database)}`;
}

/** The targets' verdict and what limits throughput, from this run's own figures. */
function findings(cells: TCell[], profiles: TCell[]): string {
  const postgres = cells.filter((c) => c.backend === "postgres");
  const at = (clients: number) => postgres.find((c) => c.clients === clients);
  const target = at(TARGET.clients);
  if (!target) return "No PostgreSQL (TCP) row at the target's client count: no verdict on the targets.";
  const rate = (c: TCell | undefined) => (c ? c.bookings / c.seconds : 0);
  const p95 = percentile(
    [...target.assignedMs].sort((a, b) => a - b),
    95,
  );
  const met = p95 <= TARGET.p95Ms && rate(target) >= TARGET.perSecond;
  const profile = profiles.find((p) => p.backend === "postgres");
  const top = profile
    ? [...profile.byStatement.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 4)
        .map(([name, v]) => `${name.split(" — ")[0]} (${(v.ms / Math.max(1, profile.bookings)).toFixed(1)} ms)`)
        .join(", ")
    : "";
  return `**Targets (PostgreSQL, ${TARGET.clients} clients: p95 ≤ ${TARGET.p95Ms} ms and ≥ ${TARGET.perSecond} bookings/s): ${met ? "met" : "missed"}** — p95 ${fmt(p95)} ms, ${rate(target).toFixed(0)} bookings/s. Throughput goes ${postgres.map((c) => rate(c).toFixed(0)).join(" → ")} bookings/s from ${postgres.map((c) => c.clients).join(" to ")} clients: past a few clients the two cores are saturated (this process and the PostgreSQL backends share them), so more clients only queue — latency at 8 and 32 clients is mostly waiting. The cost is per booking, not contention: about ${(profile ? profile.queries / Math.max(1, profile.bookings) : 0).toFixed(0)} statements in ${(profile ? profile.transactions / Math.max(1, profile.bookings) : 0).toFixed(0)} transactions (plus the lock store's two calls), each a round trip that costs CPU on both sides; the heaviest are ${top}. Fewer round trips per booking is what would move these numbers (see the profile below).`;
}

/**
 * Where one booking's time goes at one client (no queueing): each statement kind's client-observed time per
 * booking; the remainder is in-process work (planner, machine, query building), BEGIN/COMMIT and the lock store.
 */
function profileTable(cell: TCell): string {
  const perBooking = (ms: number) => ms / Math.max(1, cell.bookings);
  const wallMs = (cell.seconds * 1000) / Math.max(1, cell.bookings);
  const rows = [...cell.byStatement.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const statementsMs = rows.reduce((sum, [, v]) => sum + perBooking(v.ms), 0);
  const lines = rows.map(
    ([name, v]) =>
      `| \`${name.replace(/\|/g, "\\|")}\` | ${(v.count / Math.max(1, cell.bookings)).toFixed(1)} | ${perBooking(v.ms).toFixed(2)} |`,
  );
  return `Profile, ${BACKEND_LABELS[cell.backend]}, 1 client: ${wallMs.toFixed(1)} ms per booking, of which ${statementsMs.toFixed(1)} ms in ${(cell.queries / Math.max(1, cell.bookings)).toFixed(0)} statements (client-observed):

| statement | per booking | ms per booking |
|---|---:|---:|
${lines.join("\n")}
| in-process work, BEGIN/COMMIT ×${(cell.transactions / Math.max(1, cell.bookings)).toFixed(0)}, lock store | | ${(wallMs - statementsMs).toFixed(2)} |`;
}

type TBurstCell = {
  backend: TBackend;
  /** Call → return of every createAndAssignBooking of the measured bursts, whatever its outcome. */
  responseMs: number[];
  /** "confirmed" (inline), "left to the job" (returned pending, or retry_scheduled), else the outcome's name. */
  outcomes: Record<string, number>;
  /** Commits tried per booking placed inline (one plus its lost races). */
  commits: number[];
  errors: Record<string, number>;
};

/**
 * The burst cell: a fresh database, one restaurant (BURST_VENUE), the runtime's adapters, unmeasured bursts
 * (WARMUP_BOOKINGS in all), then BURST.rounds bursts, each on a day of its own: BURST.parties createAndAssignBooking calls started together
 * for the same slot, the way a burst of POST /api/bookings reaches the use case.
 */
async function runBurst(backend: TBackend): Promise<TBurstCell> {
  const { db, url, drop } = await openBackend(backend);
  try {
    const [venue] = await seedLoadVenues(db, { venue: BURST_VENUE });
    if (!venue) throw new Error("burst venue not seeded");
    const queue = createQueue({ db, log: silentLog, schedule: false, supervise: false });
    await queue.start();
    const locks = url
      ? createLockManager({ env: { DATABASE_URL: url }, log: silentLog })
      : createLockManagerForAdapter({ adapter: createMemoryLockAdapter({ store: new Map() }), log: silentLog });
    const deps: TCoordinatorDeps = { db, locks, enqueue: queue.enqueue, log: silentLog };
    const cell: TBurstCell = { backend, responseMs: [], outcomes: {}, commits: [], errors: {} };
    const count = (into: Record<string, number>, key: string) => {
      into[key] = (into[key] ?? 0) + 1;
    };
    const burst = async (day: number, record: boolean) => {
      const date = new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
      await Promise.all(
        Array.from({ length: BURST.parties }, async (_, i) => {
          const started = performance.now();
          try {
            const { assignment } = await createAndAssignBooking(deps, {
              restaurantId: venue.restaurantId,
              actor: { type: "guest", id: null },
              partySize: BURST.party(i),
              startsAt: `${date}T${BURST.localTime}`,
              guestName: `Burst Guest ${i + 1}`,
              guestEmail: i % 5 === 4 ? null : `burst${day}-${i}@example.com`,
              source: i % 5 < 3 ? "online" : "phone",
              deadlineMs: INLINE_DEADLINE_MS,
            });
            if (!record) return;
            cell.responseMs.push(performance.now() - started);
            if (assignment?.outcome === "assigned") {
              count(cell.outcomes, assignment.status);
              cell.commits.push(assignment.attempts);
            } else if (!assignment || assignment.outcome === "retry_scheduled") {
              count(cell.outcomes, "left to the job");
            } else {
              count(cell.outcomes, assignment.outcome);
            }
          } catch (error) {
            if (record) count(cell.errors, (error as { code?: string }).code ?? (error as Error).name);
          }
        }),
      );
    };
    // Warm-up as for the load rows (compiled venue cached, pools filled, JIT warm): the first bursts run ~40 % slower.
    const warmups = Math.ceil(WARMUP_BOOKINGS / BURST.parties);
    for (let day = 1; day <= warmups; day++) await burst(day, false);
    for (let round = 1; round <= BURST.rounds; round++) await burst(warmups + round, true);
    await queue.stop({ timeoutMs: 2000 });
    await locks.close();
    return cell;
  } finally {
    await drop();
  }
}

function burstRow(cell: TBurstCell): string {
  const sorted = [...cell.responseMs].sort((a, b) => a - b);
  const total = cell.responseMs.length + Object.values(cell.errors).reduce((a, b) => a + b, 0);
  const confirmed = cell.outcomes.confirmed ?? 0;
  const leftToJob = cell.outcomes["left to the job"] ?? 0;
  const other = [
    ...Object.entries(cell.outcomes).filter(([k]) => k !== "confirmed" && k !== "left to the job"),
    ...Object.entries(cell.errors).map(([k, v]) => [`error ${k}`, v] as const),
  ].map(([k, v]) => `${k} ${v}`);
  const p95 = percentile(sorted, 95);
  const meanCommits = cell.commits.reduce((a, b) => a + b, 0) / Math.max(1, cell.commits.length);
  const target =
    cell.backend === "postgres"
      ? `${confirmed === total ? "✅" : "❌"} all confirmed inline, ${p95 <= BURST.p95Ms ? "✅" : "❌"} p95 ≤ ${BURST.p95Ms} ms`
      : "";
  return `| ${BACKEND_LABELS[cell.backend]} | ${BURST.rounds} × ${BURST.parties} | ${confirmed} / ${total} | ${leftToJob} | ${other.join(", ") || "–"} | ${fmt(percentile(sorted, 50))} | ${fmt(p95)} | ${fmt(sorted.at(-1) ?? Number.NaN)} | ${meanCommits.toFixed(2)} / ${Math.max(0, ...cell.commits)} | ${target} |`;
}

function burstSection(cells: TBurstCell[], load: { start: number; end: number }): string {
  const twos = Array.from({ length: BURST.parties }, (_, i) => BURST.party(i)).filter((p) => p === 2).length;
  return `## Booking pipeline: same-slot burst (\`npm run bench:pipeline\`, \`BENCH_CELLS=burst\`)

Machine: ${describeMachine()}. 1-minute load average ${load.start.toFixed(1)} when the run started and ${load.end.toFixed(1)} when it ended (${os.cpus().length} cores).

What is timed: ${BURST.parties} calls of \`createAndAssignBooking\` (the use case behind \`POST /api/bookings\`, inline assignment
included) started at the same instant, all for ${BURST.localTime} on one day at one restaurant, each from call to return
whatever its outcome. Every runner plans the same floor at once, so they herd on the same best tables. The floor has
room for every party: ${BURST_VENUE.zones.reduce((n, z) => n + z.rows.flat().length, 0)} tables (18 mergeable four-tops, 18 mergeable two-tops, 8 fixed bar two-tops) for ${twos} parties of two and
${BURST.parties - twos} of three or four, 60 % online; pacing caps lifted. ${Math.ceil(WARMUP_BOOKINGS / BURST.parties)} unmeasured bursts (a warm-up of ${WARMUP_BOOKINGS} bookings, as above), then
${BURST.rounds} measured bursts, each on a day of its own. Adapters as in the pipeline rows above: pool of ${POOL_MAX}, advisory locks on PostgreSQL,
in-process locks on PGlite, no rate limiter, inline deadline ${INLINE_DEADLINE_MS} ms, no worker running.
"confirmed inline": the call returned the booking confirmed on tables. "left to the job": it returned the booking
pending (inline deadline passed, or a transient failure) or \`retry_scheduled\` — the queued job would settle it
later. "commits per booking": commit attempts of the bookings placed inline (each lost race costs one).

| backend | bursts × parties | confirmed inline | left to the job | other | p50 ms | p95 ms | max ms | commits per booking (mean / max) | target (PostgreSQL) |
|---|---:|---:|---:|---|---:|---:|---:|---:|---|
${cells.map(burstRow).join("\n")}
`;
}

async function main(): Promise<void> {
  // The machine may be shared (other builds, tests): the load when the run started and ended goes with the figures.
  const loadAtStart = os.loadavg()[0] ?? 0;
  const wanted = (process.env.BENCH_BACKENDS ?? "pglite,postgres,postgres-socket").split(",") as TBackend[];
  const backends: TBackend[] = [];
  for (const backend of wanted) {
    const skip = backend === "pglite" ? null : await postgresReachable(backend);
    if (skip) console.warn(`${BACKEND_LABELS[backend]} not reachable at ${adminUrlFor(backend)}: ${skip} — skipped`);
    else backends.push(backend);
  }
  if (CELLS.includes("load")) await runLoadCells(backends, loadAtStart);
  if (CELLS.includes("burst")) {
    const bursts: TBurstCell[] = [];
    for (const backend of backends) {
      const cell = await runBurst(backend);
      bursts.push(cell);
      console.log(burstRow(cell));
    }
    const markdown = burstSection(bursts, { start: loadAtStart, end: os.loadavg()[0] ?? 0 });
    writeBenchmarkSection({ name: "pipeline-burst", markdown, after: "pipeline" });
    console.log("\nwrote the pipeline-burst section of docs/benchmarks.md");
  }
  if (CELLS.includes("jobs")) {
    // Worker processes need a shared server: PostgreSQL over TCP only (the target's shape, as for the load rows).
    if (!backends.includes("postgres")) {
      console.warn("jobs: PostgreSQL (TCP) not selected or not reachable — skipped");
    } else {
      const cells: TJobsCell[] = [];
      for (const arrivals of JOBS_RATES) {
        const cell = await runJobsCell({ arrivals });
        cells.push(cell);
        console.log(jobsRow(cell));
      }
      writeBenchmarkSection({ name: "pipeline-jobs", markdown: jobsSection(cells), after: "pipeline-burst" });
      console.log("\nwrote the pipeline-jobs section of docs/benchmarks.md");
    }
  }
}

/** The load rows, their profile and the "pipeline" section. */
async function runLoadCells(backends: TBackend[], loadAtStart: number): Promise<void> {
  const cells: TCell[] = [];
  for (const backend of backends) {
    for (const clients of CLIENTS) {
      const cell = await runCell(backend, clients);
      cells.push(cell);
      console.log(row(cell));
    }
  }
  // A separate, shorter pass per backend names and times every statement (that costs CPU, so not in the rows above).
  const profiles: TCell[] = [];
  for (const backend of backends.filter((b) => b !== "postgres-socket"))
    profiles.push(await runCell(backend, 1, { timed: true, seconds: Math.min(5, SECONDS) }));
  const venue = DEMO_VENUES[1];
  const mix = LOAD_PARTY_MIX.map(([size, weight]) => `${size}: ${weight}`).join(", ");
  const markdown = `## Booking pipeline (\`npm run bench:pipeline\`)

Machine: ${describeMachine()}. PostgreSQL and the benchmark share the machine's cores; 1-minute load average
${loadAtStart.toFixed(1)} when the run started and ${(os.loadavg()[0] ?? 0).toFixed(1)} when it ended (${os.cpus().length} cores; above ~1 other processes were competing).

What is timed: one call of \`createAndAssignBooking\` — the use case behind \`POST /api/bookings\` — from call to return,
for calls that returned \`assignment.outcome === "assigned"\` (confirmed on tables: \`auto_confirm\` is on). A call
is one booking transaction (the restaurant's rules in one read, the pacing count under the slot's advisory lock,
\`create_booking\` — insert + CAPACITY_VERIFIED + QUEUE_ASSIGNMENT in one call — and the \`booking.assign\` outbox job)
followed by the inline assignment on the booking as just committed (booking lock, the START_ASSIGNMENT
compare-and-set as one statement, occupancy and competing bookings in one read, planner, then one transaction:
\`commit_assignment\` with CONFIRM chained, the \`booking.notify\` job and the \`assignment_attempts\` row).
"assign part" is the share spent in \`assignBooking\` (the rest is \`createBooking\`).

Workload: ${RESTAURANTS} restaurants with the ${venue?.name ?? "demo"} layout (${venue?.zones.reduce((n, z) => n + z.rows.flat().length, 0) ?? "?"} tables in 4 zones, demo service periods,
turn times and pacing caps), dinner bookings spread uniformly over ${DAYS} days (from 2027-04-05) and the 15-minute
grid 17:00–22:00, so occupancy stays moderate as in a real booking window; party sizes weighted ${mix};
60 % online / 40 % phone; 80 % with an email. Seeded requests; a warm-up of ${WARMUP_BOOKINGS} bookings, then every client
books back to back for ${SECONDS} s. A fresh database per row (in-memory PGlite; \`create database\` on the PostgreSQL
server, dropped afterwards), migrated and seeded the same way.

Adapters as the runtime builds them without Redis: PGlite with in-process locks; PostgreSQL (pool of ${POOL_MAX}, the
\`DATABASE_POOL_MAX\` default) with advisory locks (own pool of 10), reached over TCP at 127.0.0.1 (as CI, and as a
separate database host would be) and, for comparison, over its Unix socket (${SOCKET_DIR}; the usual same-host setup —
every round trip skips the loopback TCP stack, which this VM's profile shows as the largest single cost). The real pg-boss queue takes the outbox jobs, but
no worker runs during the measurement (the queued \`booking.assign\` jobs would exit \`already_assigned\`, and the
\`booking.notify\` jobs send the emails later). No rate limiter in the deps: the assignment limit (300 per restaurant
per minute by default) would otherwise be what is measured. Inline deadline ${INLINE_DEADLINE_MS} ms (the default).
"queries / tx per booking" counts every statement and transaction the call issued through the app's database
handle (BEGIN/COMMIT not counted as statements; advisory-lock calls on the lock pool not included). "CPU ms per
booking" is CPU time over the measured window divided by the bookings: this process (planner, machine, drivers) +
the database's server processes (from /proc; PGlite runs inside this process) — the cost that decides throughput
once the two cores are busy, and a figure that other load on the machine hardly changes.

| backend | clients | bookings | bookings/s | assigned inline | p50 ms | p95 ms | p99 ms | assign part p50 ms | queries / tx per booking | CPU ms per booking (app + PostgreSQL) | target (PostgreSQL) |
|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|
${cells.map(row).join("\n")}

${findings(cells, profiles)}

${profiles.map(profileTable).join("\n\n")}
`;
  writeBenchmarkSection({ name: "pipeline", markdown });
  console.log("\nwrote the pipeline section of docs/benchmarks.md");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
