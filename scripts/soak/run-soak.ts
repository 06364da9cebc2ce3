/**
 * `npm run soak -- --minutes 10 --rate 60` — issue #15's soak: the production build (`next start`, 1 web + 2 workers,
 * the local Upstash proxy in front of Redis, this machine's PostgreSQL) under a steady mixed load (scripts/load:
 * booking clients and staff, SSE subscribers) with the faults injected in turn — a worker SIGKILLed mid-job, the
 * Redis proxy killed for 10 s (locks fall back to PostgreSQL), PostgreSQL restarted, the web process SIGKILLed and
 * started again (its inline work finished by the job) — then the read-only invariants (scripts/invariants) over the
 * whole database and every booking the clients saw accepted. Prints the figures, writes docs/benchmarks.md's "Soak"
 * section (--no-docs: not), exits 1 when an invariant failed, a 5xx came outside an outage window, a process
 * crashed or a booking never settled.
 *
 * It RESTARTS THE LOCAL POSTGRESQL SERVER (every session on it is cut): run it on a quiet machine. Loopback only.
 *
 *   npm run soak -- [--minutes 10] [--rate 60] [--ramp-seconds 30] [--dates 60] [--staff 3] [--no-faults] [--reuse-build]
 *     [--only web_restart,pg_restart]  (these faults only, at their usual places: to study one; the verdict still applies)
 *     [--dist-dir .next-soak] [--web-port 3795] [--proxy-port 8185] [--no-docs] [--keep-db] [--seed 15]
 */
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeMachine, writeBenchmarkSection } from "../bench/write-benchmark-section";
import { detectCluster, ensurePostgresRunning } from "../drill/drill-postgres";
import { killAllDrillProcesses } from "../drill/drill-processes";
import { assertPortFree } from "../drill/drill-stack";
import { codeVersion, futureDates, parseNonNegative, parsePositive, waitForQuietDatabase } from "./soak-cli-kit";
import { faultTable, invariantLines, routeTable, sessionPassed, sessionSummary, windowTable } from "./soak-report";
import { runSession, type TFaultKind } from "./soak-session";
import { buildProduction } from "./soak-stack";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    rate: { type: "string", default: "60" },
    "ramp-seconds": { type: "string", default: "30" },
    dates: { type: "string", default: "60" },
    staff: { type: "string", default: "3" },
    seed: { type: "string", default: "15" },
    "web-port": { type: "string", default: "3795" },
    "proxy-port": { type: "string", default: "8185" },
    "dist-dir": { type: "string", default: ".next-soak" },
    "admin-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    "no-faults": { type: "boolean", default: false },
    only: { type: "string" },
    "reuse-build": { type: "boolean", default: false },
    "no-docs": { type: "boolean", default: false },
    "keep-db": { type: "boolean", default: false },
  },
});

// In turn, spread over the run so each one's effects can be told apart.
const FAULTS: ReadonlyArray<{ kind: TFaultKind; at: number }> = [
  { kind: "worker_kill", at: 0.15 },
  { kind: "proxy_outage", at: 0.35 },
  { kind: "pg_restart", at: 0.55 },
  { kind: "web_restart", at: 0.75 },
];
const PROXY_DOWN_MS = 10_000;

function pickFaults(only: string | undefined): ReadonlyArray<{ kind: TFaultKind; at: number }> {
  if (only === undefined) return FAULTS;
  const kinds = only.split(",").map((k) => k.trim());
  const unknown = kinds.filter((k) => !FAULTS.some((f) => f.kind === k));
  if (unknown.length > 0)
    throw new Error(`--only: unknown fault ${unknown.join(", ")} (one of ${FAULTS.map((f) => f.kind).join(", ")})`);
  return FAULTS.filter((f) => kinds.includes(f.kind));
}

const started = Date.now();
const log = (line: string) => process.stdout.write(`[soak ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

async function main(): Promise<number> {
  const minutes = parsePositive(values.minutes, "minutes");
  const rate = parsePositive(values.rate, "rate");
  const rampSeconds = parseNonNegative(values["ramp-seconds"], "ramp-seconds");
  const adminUrl = values["admin-url"];
  const admin = new URL(adminUrl);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(admin.hostname))
    throw new Error(`the soak restarts the local PostgreSQL: --admin-url must be loopback, not ${admin.hostname}`);
  const cluster = detectCluster({ host: admin.hostname, port: Number(admin.port || 5432) });
  const webPort = Number(values["web-port"]);
  const proxyPort = Number(values["proxy-port"]);
  await assertPortFree(webPort);
  await assertPortFree(proxyPort);
  const faults = values["no-faults"] ? [] : pickFaults(values.only);
  if (faults.length > 0) await waitForQuietDatabase(log);
  await buildProduction(values["dist-dir"], { reuse: values["reuse-build"], log });

  const dates = futureDates(parsePositive(values.dates, "dates"));
  const result = await runSession({
    name: "soak",
    adminUrl,
    cluster,
    shape: { webs: 1, workers: 2, inlineAssign: true },
    rate,
    durationMs: minutes * 60_000,
    rampMs: rampSeconds * 1000,
    dates,
    staffCount: parsePositive(values.staff, "staff"),
    seed: parsePositive(values.seed, "seed"),
    faults,
    proxyDownMs: PROXY_DOWN_MS,
    webPort,
    proxyPort,
    distDir: values["dist-dir"],
    runDir: path.join(os.tmpdir(), `maitre-soak-${new Date().toISOString().replace(/[:.]/g, "-")}`),
    keepDatabase: values["keep-db"],
    log,
  });

  const body = [
    `### Per route (client-side latency, answered requests)\n\n${routeTable(result.report)}`,
    `### Faults\n\n${faultTable(result)}`,
    `### Latency over time (all routes, by when the request was sent)\n\n${windowTable(result.report)}`,
    `### Invariants\n\n${invariantLines(result)}`,
  ].join("\n\n");
  process.stdout.write(`\n${sessionSummary(result)}\n\n${body}\n\n`);
  const passed = sessionPassed(result);
  if (!values["no-docs"]) {
    writeBenchmarkSection({
      name: "soak",
      after: "fault-drill",
      markdown: [
        "## Soak under faults (`npm run soak`, issue #15)",
        "",
        `\`npm run soak -- --minutes ${minutes} --rate ${rate} --ramp-seconds ${rampSeconds}${values["no-faults"] ? " --no-faults" : ""}${values.only ? ` --only ${values.only}` : ""}\` on ${codeVersion()} — ${describeMachine()}; all of it (PostgreSQL, Redis, the proxy, the web process, the workers and the load generator) on this one machine.`,
        "",
        `Stack: production build (\`next start\`, NODE_ENV=production), 1 web process (inline assignment on, no job consumers), 2 \`npm run worker\` processes, the local Upstash proxy in front of Redis 7, PostgreSQL 15; a fresh database with the 60-table demo floor (pacing lifted), a staff owner and an API key made for the run. Load (\`scripts/load\`): open loop, a ${rampSeconds}-s ramp from a fifth of the rate, then ${rate} requests/s for ${minutes} min, booking clients (availability, bookings with Idempotency-Keys retried with the same key on timeouts/5xx/429, reads, cancellations) and ${values.staff} staff members (quotes and confirms, manual context → hold → confirm, list reads, check-in/out, one SSE subscriber each), bookings spread over ${dates.length} service dates (${dates[0]} … ${dates.at(-1)}).`,
        "",
        faults.length > 0
          ? `Faults in turn: ${faults.map((f) => `${f.kind} at ${Math.round(rampSeconds + f.at * minutes * 60)} s`).join(", ")} (proxy down ${PROXY_DOWN_MS / 1000} s; PostgreSQL: SIGINT to the postmaster then start, as \`pg_ctlcluster restart\` does; web: SIGKILL, then \`next start\` again). Outage windows for the 5xx rule: PostgreSQL and web restarts, until back + ${5} s.`
          : "No faults (control run).",
        "",
        sessionSummary(result),
        "",
        body,
        "",
        `Verdict: **${passed ? "held" : "FAILED"}**.`,
      ].join("\n"),
    });
    log("docs/benchmarks.md: section soak written");
  }
  log(passed ? "soak held: every invariant, no unexpected 5xx, no crash" : "soak FAILED (see above)");
  return passed ? 0 : 1;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAllDrillProcesses();
    const admin = new URL(values["admin-url"]);
    ensurePostgresRunning(detectCluster({ host: admin.hostname, port: Number(admin.port || 5432) }))
      .catch(() => undefined)
      .finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    killAllDrillProcesses();
    process.stderr.write(`soak failed to run: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(2);
  },
);
