/**
 * `npm run scaleout` — issue #15's scale-out run: the same mixed load (scripts/load) against 1 web + 1 worker, then
 * 1 web + 3 workers, then 2 web instances + 3 workers (the load spread round-robin over the web instances, as a load
 * balancer would), each on a fresh PostgreSQL database with Redis through the local Upstash proxy, production build. Inline
 * assignment is off in both, so every booking is assigned by a worker through its job: the workers are what scales.
 * After the mixed load, a burst: the workers stopped, booking clients post back to back (--burst-clients,
 * --burst-seconds), then the shape's workers start again and drain that backlog of `booking.assign` jobs alone —
 * the throughput that more workers should raise (a backlog after a worker outage or a surge). Compares throughput
 * (answers/s, bookings settled/s, the burst's drain rate) and p95 per route, and checks the invariants after each
 * (the burst's bookings included). Writes docs/benchmarks.md's "Scale-out" section (--no-docs: not); exits 1 when
 * an invariant failed, an answer was a 5xx or a queue did not drain.
 *
 *   npm run scaleout -- [--seconds 60] [--rate 40] [--ramp-seconds 15] [--dates 20] [--staff 3] [--reuse-build] [--dist-dir .next-soak]
 *     [--burst-seconds 15] [--burst-clients 16] [--web-port 3795] [--proxy-port 8185] [--no-docs] [--keep-db]
 */
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeMachine, writeBenchmarkSection } from "../bench/write-benchmark-section";
import { detectCluster } from "../drill/drill-postgres";
import { killAllDrillProcesses } from "../drill/drill-processes";
import { assertPortFree } from "../drill/drill-stack";
import type { TLoadRoute } from "../load/load-types";
import { codeVersion, futureDates, parseNonNegative, parsePositive } from "./soak-cli-kit";
import { invariantLines, routeTable, sessionPassed, sessionSummary } from "./soak-report";
import { runSession, type TSessionResult, type TStackShape } from "./soak-session";
import { buildProduction } from "./soak-stack";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    "ramp-seconds": { type: "string", default: "15" },
    rate: { type: "string", default: "40" },
    dates: { type: "string", default: "20" },
    staff: { type: "string", default: "3" },
    seed: { type: "string", default: "21" },
    "burst-seconds": { type: "string", default: "15" },
    "burst-clients": { type: "string", default: "16" },
    "web-port": { type: "string", default: "3795" },
    "proxy-port": { type: "string", default: "8185" },
    "dist-dir": { type: "string", default: ".next-soak" },
    "admin-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    "reuse-build": { type: "boolean", default: false },
    "no-docs": { type: "boolean", default: false },
    "keep-db": { type: "boolean", default: false },
  },
});

const SHAPES: ReadonlyArray<{ name: string; label: string; shape: TStackShape }> = [
  { name: "scaleout_1web_1worker", label: "1 web + 1 worker", shape: { webs: 1, workers: 1, inlineAssign: false } },
  // The workers alone scaled (one web tier as in the first shape), to tell their effect from the second web's.
  { name: "scaleout_1web_3workers", label: "1 web + 3 workers", shape: { webs: 1, workers: 3, inlineAssign: false } },
  { name: "scaleout_2web_3workers", label: "2 web + 3 workers", shape: { webs: 2, workers: 3, inlineAssign: false } },
];
const COMPARED_ROUTES: TLoadRoute[] = ["booking.create", "availability", "booking.read", "staff.quote", "ops.list"];

const started = Date.now();
const log = (line: string) =>
  process.stdout.write(`[scaleout ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

async function main(): Promise<number> {
  const seconds = parsePositive(values.seconds, "seconds");
  const rate = parsePositive(values.rate, "rate");
  const adminUrl = values["admin-url"];
  const admin = new URL(adminUrl);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(admin.hostname))
    throw new Error(`--admin-url must be loopback, not ${admin.hostname}`);
  const cluster = detectCluster({ host: admin.hostname, port: Number(admin.port || 5432) });
  const webPort = Number(values["web-port"]);
  const proxyPort = Number(values["proxy-port"]);
  for (const port of [webPort, webPort + 1, proxyPort]) await assertPortFree(port);
  await buildProduction(values["dist-dir"], { reuse: values["reuse-build"], log });
  const dates = futureDates(parsePositive(values.dates, "dates"));
  const runDir = path.join(os.tmpdir(), `maitre-scaleout-${new Date().toISOString().replace(/[:.]/g, "-")}`);

  const burstSeconds = parseNonNegative(values["burst-seconds"], "burst-seconds");
  const burstOptions =
    burstSeconds > 0
      ? { clients: parsePositive(values["burst-clients"], "burst-clients"), durationMs: burstSeconds * 1000 }
      : undefined;
  const results: Array<{ label: string; result: TSessionResult }> = [];
  for (const { name, label, shape } of SHAPES) {
    log(`${label}: ${rate} requests/s for ${seconds} s`);
    const result = await runSession({
      name,
      adminUrl,
      cluster,
      shape,
      rate,
      durationMs: seconds * 1000,
      rampMs: parseNonNegative(values["ramp-seconds"], "ramp-seconds") * 1000,
      dates,
      staffCount: parsePositive(values.staff, "staff"),
      seed: parsePositive(values.seed, "seed"),
      faults: [],
      proxyDownMs: 0,
      webPort,
      proxyPort,
      distDir: values["dist-dir"],
      runDir,
      keepDatabase: values["keep-db"],
      burst: burstOptions,
      log,
    });
    results.push({ label, result });
    process.stdout.write(`\n${label}\n${sessionSummary(result)}\n\n${routeTable(result.report)}\n\n`);
  }

  const comparison = compareTable(results);
  process.stdout.write(`${comparison}\n`);
  const passed = results.every(({ result }) => sessionPassed(result));
  if (!values["no-docs"]) {
    writeBenchmarkSection({
      name: "scaleout",
      after: "soak",
      markdown: [
        "## Scale-out (`npm run scaleout`, issue #15)",
        "",
        `\`npm run scaleout -- --seconds ${seconds} --rate ${rate} --ramp-seconds ${values["ramp-seconds"]}\` on ${codeVersion()} — ${describeMachine()}; every process (PostgreSQL, Redis, the proxy, web instances, workers, the load generator) shares these cores.`,
        "",
        `Same load in every shape: open loop, a ${values["ramp-seconds"]}-s ramp from a fifth of the rate, then ${rate} requests/s for ${seconds} s (scripts/load's mix: booking clients and ${values.staff} staff members with SSE), bookings over ${dates.length} dates; production build; inline assignment off (every booking assigned by a worker through its job); each shape on a fresh database with the 60-table demo floor. Two web instances share the load round-robin.${burstOptions ? ` Then, once everything settled, the burst: the workers stopped, ${burstOptions.clients} booking clients post \`POST /api/bookings\` back to back for ${burstSeconds} s (no retries) — a backlog of \`booking.assign\` jobs, as after a worker outage —, then the shape's workers start again and drain it alone; "drained, bookings/s" is the backlog over the time from every worker up until every booking was assigned or sent to review.` : ""}`,
        "",
        comparison,
        "",
        throughputVerdict(results),
        "",
        ...results.flatMap(({ label, result }) => [
          `### ${label}`,
          "",
          sessionSummary(result),
          "",
          routeTable(result.report),
          "",
          invariantLines(result),
          "",
        ]),
        `Verdict: **${passed ? "invariants held in both" : "FAILED"}**.`,
      ].join("\n"),
    });
    log("docs/benchmarks.md: section scaleout written");
  }
  return passed ? 0 : 1;
}

/** Side by side: what scaling out changed. */
function compareTable(results: ReadonlyArray<{ label: string; result: TSessionResult }>): string {
  const header = `| figure | ${results.map((r) => r.label).join(" | ")} |`;
  const rows: string[] = [header, `|---|${results.map(() => "---").join("|")}|`];
  const row = (figure: string, cell: (r: TSessionResult) => string) =>
    rows.push(`| ${figure} | ${results.map(({ result }) => cell(result)).join(" | ")} |`);
  row("answers/s", (r) => r.report.throughput.toFixed(1));
  row("bookings created", (r) => String(r.bookings.created));
  row("bookings settled/s (created → assigned or review)", (r) => r.bookings.settledPerSecond.toFixed(1));
  row("queue drained after the load, s", (r) =>
    r.bookings.drainMs === null ? "not in 3 min" : (r.bookings.drainMs / 1000).toFixed(1),
  );
  for (const route of COMPARED_ROUTES)
    row(`${route} p95 ms`, (r) => {
      const f = r.report.routes[route];
      return f ? String(Math.round(f.p95)) : "–";
    });
  row(
    "errors",
    (r) =>
      Object.entries(r.report.errors)
        .filter(([cls, n]) => cls !== "ok" && (n ?? 0) > 0)
        .map(([cls, n]) => `${cls} ${n}`)
        .join(", ") || "none",
  );
  if (results.some(({ result }) => result.burst)) {
    row("burst: bookings created with the workers stopped (per s)", (r) =>
      r.burst ? `${r.burst.created} (${r.burst.createdPerSecond.toFixed(1)}/s)` : "–",
    );
    row("**burst: backlog drained by the workers, bookings/s**", (r) =>
      r.burst ? `**${r.burst.drainedPerSecond.toFixed(1)}**` : "–",
    );
    row("burst: drain time, s (workers up → every booking settled)", (r) =>
      !r.burst ? "–" : r.burst.drainMs === null ? "not in 3 min" : (r.burst.drainMs / 1000).toFixed(1),
    );
    row("burst: answers", (r) =>
      r.burst
        ? Object.entries(r.burst.statuses)
            .map(([status, n]) => `${status}: ${n}`)
            .join(", ")
        : "–",
    );
  }
  row("invariants", (r) => (r.invariants.ok ? "held" : "VIOLATED"));
  return rows.join("\n");
}

/** The issue's question: did more workers bring more throughput (the burst's drain rate, against the first shape)? */
function throughputVerdict(results: ReadonlyArray<{ label: string; result: TSessionResult }>): string {
  const [first, ...others] = results;
  if (!first?.result.burst || others.length === 0) return "No burst: no throughput comparison.";
  const base = first.result.burst.drainedPerSecond;
  const lines = others.map(({ label, result }) => {
    const rate = result.burst?.drainedPerSecond ?? 0;
    const change =
      rate > base ? `${((rate / base - 1) * 100).toFixed(0)} % more` : `${((1 - rate / base) * 100).toFixed(0)} % less`;
    return `- ${label}: ${rate.toFixed(1)} bookings/s — **${change}** than ${first.label} (${base.toFixed(1)}/s)`;
  });
  return ["Workers' throughput (the burst's backlog, drained with the web tier idle):", "", ...lines].join("\n");
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAllDrillProcesses();
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    killAllDrillProcesses();
    process.stderr.write(`scale-out run failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(2);
  },
);
