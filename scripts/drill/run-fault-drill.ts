/**
 * `npm run drill:faults -- --rounds 5` — the fault drill of issue #16, on this machine's PostgreSQL and Redis.
 *
 * Per round: a fresh database `maitre_drill_<n>`, the distributed shape (next dev with no job consumers and no inline
 * assignment, two `npm run worker` processes, the local Upstash proxy), ~150 bookings over ~30 s through
 * POST /api/bookings, and three faults spaced so their effects can be told apart: a worker SIGKILLed in the middle of
 * a booking's assignment (a replacement is started, as a supervisor would), the proxy killed for ~7 s (locks fall
 * back to PostgreSQL advisory locks), then PostgreSQL restarted while such a lock is held. Then the database's
 * verdict (settled, exactly once, no overlap, one email, nothing overtaken) and the HTTP answers' (5xx only as 503
 * during the outage). Prints a table, writes docs/benchmarks.md's "Fault drill (issue #16)" section, and exits 1
 * when any invariant failed.
 *
 * It RESTARTS THE LOCAL POSTGRESQL SERVER, cutting every session on it: it waits (up to 10 minutes) while a vitest
 * or benchmark run is active, warns before each restart, and always leaves PostgreSQL running. Loopback only.
 *
 *   npm run drill:faults -- [--rounds 1] [--bookings 150] [--load-seconds 30] [--no-faults] [--no-docs] [--keep-db]
 *     [--web-port 3791] [--proxy-port 8179] [--next-dist-dir .next-smoke] [--pg-restart signal|pg_ctlcluster]
 *     [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
 */
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { codeVersion, describeMachine, writeBenchmarkSection } from "../bench/write-benchmark-section";
import {
  detectCluster,
  dropDrillDatabase,
  ensurePostgresRunning,
  isPostgresReady,
  type TCluster,
  waitForNoDatabaseRuns,
} from "./drill-postgres";
import { killAllDrillProcesses } from "./drill-processes";
import { consoleTable, markdownSection, roundRow } from "./drill-report";
import { runRound, type TRoundResult } from "./drill-round";
import { assertDistDirListed, assertPortFree } from "./drill-stack";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "1" },
    bookings: { type: "string", default: "150" },
    "load-seconds": { type: "string", default: "30" },
    "bound-seconds": { type: "string", default: "15" },
    "grace-seconds": { type: "string", default: "2.5" },
    "web-port": { type: "string", default: "3791" },
    "proxy-port": { type: "string", default: "8179" },
    "next-dist-dir": { type: "string", default: ".next-smoke" },
    "admin-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    "vitest-wait-minutes": { type: "string", default: "10" },
    "pg-restart": { type: "string", default: "signal" },
    "no-faults": { type: "boolean", default: false },
    "no-docs": { type: "boolean", default: false },
    "keep-db": { type: "boolean", default: false },
  },
});

const rounds = positiveInt(values.rounds, "rounds");
const bookings = positiveInt(values.bookings, "bookings");
const loadSeconds = Number(values["load-seconds"]);
const adminUrl = values["admin-url"];
const pgRestartMethod = values["pg-restart"] as "signal" | "pg_ctlcluster";
if (pgRestartMethod !== "signal" && pgRestartMethod !== "pg_ctlcluster")
  fail("--pg-restart must be signal or pg_ctlcluster");
const admin = new URL(adminUrl);
if (!["127.0.0.1", "localhost", "[::1]"].includes(admin.hostname)) {
  fail(`the drill restarts the local PostgreSQL: --admin-url must point at loopback, not ${admin.hostname}`);
}
const cluster: TCluster = detectCluster({ host: admin.hostname, port: Number(admin.port || 5432) });
const runDir = path.join(os.tmpdir(), `maitre-drill-${new Date().toISOString().replace(/[:.]/g, "-")}`);
// Workers pause ~1 s each time they resume work: faults at ~6 s, ~15 s (proxy, 7 s) and right after it (PostgreSQL).
const plan = { workerKillAtMs: 6000, proxyKillAtMs: 15_000, proxyDownMs: 7000 };
const started = Date.now();
const log = (line: string) => process.stdout.write(`[drill ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

let cleaningUp = false;
async function emergencyCleanup(reason: string, code: number): Promise<never> {
  if (cleaningUp) process.exit(code);
  cleaningUp = true;
  process.stderr.write(`\nfault drill stopping (${reason}): killing its processes, restoring PostgreSQL\n`);
  killAllDrillProcesses();
  await ensurePostgresRunning(cluster).catch((e: unknown) => process.stderr.write(`PostgreSQL: ${String(e)}\n`));
  if (!values["keep-db"]) {
    for (let n = 1; n <= rounds; n++) await dropDrillDatabase(adminUrl, `maitre_drill_${n}`).catch(() => undefined);
  }
  process.exit(code);
}
process.once("SIGINT", () => void emergencyCleanup("SIGINT", 130));
process.once("SIGTERM", () => void emergencyCleanup("SIGTERM", 143));
// Bounded: a round takes about 3–4 minutes here.
const watchdog = setTimeout(
  () => void emergencyCleanup("watchdog: over the time budget", 2),
  (rounds * 10 + 5) * 60_000,
);

async function main(): Promise<number> {
  assertDistDirListed(values["next-dist-dir"]);
  await assertPortFree(Number(values["web-port"]));
  await assertPortFree(Number(values["proxy-port"]));
  if (!(await isPostgresReady(cluster))) fail(`PostgreSQL ${cluster.version}/${cluster.name} is not running`);
  mkdirSync(runDir, { recursive: true });
  log(`logs and evidence in ${runDir}`);
  const results: Array<TRoundResult | { round: number; error: string }> = [];
  for (let round = 1; round <= rounds; round++) {
    if (!values["no-faults"]) await waitForNoDatabaseRuns(Number(values["vitest-wait-minutes"]) * 60_000, log);
    log(`round ${round}/${rounds}`);
    try {
      const result = await runRound({
        round,
        adminUrl,
        cluster,
        bookings,
        loadMs: loadSeconds * 1000,
        ...plan,
        pgRestartMethod,
        faults: !values["no-faults"],
        boundMs: Number(values["bound-seconds"]) * 1000,
        graceMs: Number(values["grace-seconds"]) * 1000,
        webPort: Number(values["web-port"]),
        proxyPort: Number(values["proxy-port"]),
        proxyToken: "drill-local-token",
        nextDistDir: values["next-dist-dir"],
        date: evening(),
        runDir,
        keepDatabase: values["keep-db"],
        log: (line) => log(`r${round} ${line}`),
      });
      results.push(result);
      log(
        `round ${round}: ${result.violations.length === 0 ? "all invariants held" : `${result.violations.length} violation(s)`}`,
      );
      for (const v of result.violations) log(`  VIOLATION ${v}`);
      for (const w of result.warnings) log(`  note: ${w}`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`round ${round} did not complete: ${message}`);
      results.push({ round, error: message });
    }
  }
  const rows = results.map(roundRow);
  process.stdout.write(`\n${consoleTable(rows)}\n\n`);
  if (!values["no-docs"]) {
    writeBenchmarkSection({
      name: "fault-drill",
      markdown: markdownSection({
        results,
        rows,
        machine: describeMachine(),
        code: codeVersion(),
        command: `npm run drill:faults -- --rounds ${rounds}${values["no-faults"] ? " --no-faults" : ""}`,
        bookings,
        loadSeconds,
        boundSeconds: Number(values["bound-seconds"]),
        graceSeconds: Number(values["grace-seconds"]),
        nextDistDir: values["next-dist-dir"],
        faultPlan: values["no-faults"]
          ? "none (control run)."
          : `worker SIGKILL at ~${plan.workerKillAtMs / 1000} s (a replacement started at once), proxy killed at ~${plan.proxyKillAtMs / 1000} s for ~${plan.proxyDownMs / 1000} s, PostgreSQL restarted (${pgRestartMethod === "signal" ? "SIGINT to the postmaster, then pg_ctlcluster start" : "pg_ctlcluster restart"}) right after the proxy came back, once an advisory lock was seen held (at most 2.5 s later).`,
      }),
    });
    log("docs/benchmarks.md: section fault-drill written");
  }
  const failed = results.filter((r) => "error" in r || r.violations.length > 0).length;
  log(failed === 0 ? "every round held every invariant" : `${failed} round(s) failed`);
  return failed === 0 ? 0 : 1;
}

/** A dinner three weeks ahead: inside the booking horizon, never in the past. */
function evening(): string {
  return new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
}

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive integer`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

main()
  .then(async (code) => {
    clearTimeout(watchdog);
    await ensurePostgresRunning(cluster);
    process.exit(code);
  })
  .catch((error: unknown) =>
    emergencyCleanup(error instanceof Error ? (error.stack ?? error.message) : String(error), 2),
  );
