import type { TFaultKind } from "./drill-checks";
import type { TRoundResult } from "./drill-round";

const s = (ms: number | null | undefined, digits = 1) =>
  ms === null || ms === undefined ? "–" : (ms / 1000).toFixed(digits);

const faultOf = (result: TRoundResult, kind: TFaultKind) => result.settle.perFault.find((f) => f.kind === kind);

export type TRoundRow = Record<string, string>;

/** The per-round figures, one row each: the same columns in the terminal and in docs/benchmarks.md. */
export function roundRow(result: TRoundResult | { round: number; error: string }): TRoundRow {
  if ("error" in result) return { round: String(result.round), verdict: `ERROR: ${result.error.split("\n")[0]}` };
  const kill = result.workerKill;
  const proxy = result.proxy;
  const pg = result.postgres;
  const crashes = result.processes.filter((p) => (!p.killedOnPurpose && !p.aliveAtEnd) || p.crashSigns.length > 0);
  return {
    round: String(result.round),
    "accepted / sent": `${result.clients.accepted}/${result.clients.sent}`,
    "confirmed / review": `${result.clients.statuses.confirmed ?? 0}/${result.clients.statuses.manual_review ?? 0}`,
    "kill: stranded, resumed after s": kill ? `${kill.resumedJobs}, ${s(kill.resumedAfterMs)}` : "–",
    "kill → last delayed settled s": kill ? s(faultOf(result, "worker_kill")?.lastSettledAfterStartMs) : "–",
    "proxy down s (fallback warnings)": proxy ? `${s(proxy.backAt - proxy.killAt)} (${proxy.fallbackLogs})` : "–",
    "proxy: max settle s": proxy ? s(faultOf(result, "proxy_outage")?.maxSettleMs) : "–",
    "health redis down after kill / up after back s": proxy
      ? `${s(proxy.healthDownAfterMs)} / ${proxy.healthUpAfterBackMs === null ? `never (${proxy.healthRedisAtEnd ?? "?"} at end)` : s(proxy.healthUpAfterBackMs)}`
      : "–",
    "pg outage s (lock held/lost)": pg
      ? `${s(pg.readyAt - pg.issuedAt, 2)} (${pg.lockSeen ? "yes" : "no"}/${pg.lockLostLogs})`
      : "–",
    "pg: last 5xx / first 2xx after ready s": pg
      ? `${s(result.http.lastFiveXXAfterReadyMs, 2)} / ${s(result.http.firstSuccessAfterReadyMs, 2)}`
      : "–",
    "pg restart → last delayed settled s": pg ? s(faultOf(result, "pg_restart")?.lastSettledAfterStartMs) : "–",
    "max settle s (bound)": s(result.settle.maxAttributedMs),
    "HTTP 2xx/4xx/5xx/none": `${result.http.bookings["2xx"]}/${result.http.bookings["4xx"]}/${result.http.bookings["5xx"]}/${result.http.bookings.none}`,
    "5xx all 503 in outage": result.http.violations.length === 0 ? "yes" : `NO (${result.http.violations.length})`,
    overlaps: String(result.overlaps),
    "emails sent / confirmed": `${result.notifications.sent}/${result.notifications.confirmedWithEmail}`,
    "overtaken reviews": String(new Set(result.overtaken.map((o) => o.reviewed)).size),
    crashes: String(crashes.length),
    verdict: result.violations.length === 0 ? "ok" : `FAIL (${result.violations.length})`,
  };
}

export function consoleTable(rows: readonly TRoundRow[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  // Transposed (one line per figure): 18 columns do not fit a terminal.
  const width = Math.max(...columns.map((c) => c.length));
  const cell = Math.max(8, ...rows.flatMap((r) => Object.values(r).map((v) => Math.min(v.length, 40))));
  return columns
    .map(
      (column) => `${column.padEnd(width)}  ${rows.map((r) => (r[column] ?? "").slice(0, 40).padEnd(cell)).join("  ")}`,
    )
    .join("\n");
}

/** Transposed like the terminal table: one row per figure, one column per round. */
export function markdownTable(rows: readonly TRoundRow[]): string {
  const figures = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((f) => f !== "round");
  const header = `| figure | ${rows.map((r) => `round ${r.round}`).join(" | ")} |`;
  const rule = `|---|${rows.map(() => "---").join("|")}|`;
  const cell = (value: string | undefined) => (value ?? "").replace(/\|/g, "/");
  return [header, rule, ...figures.map((f) => `| ${f} | ${rows.map((r) => cell(r[f])).join(" | ")} |`)].join("\n");
}

export function markdownSection({
  results,
  rows,
  machine,
  code,
  command,
  bookings,
  loadSeconds,
  boundSeconds,
  graceSeconds,
  nextDistDir,
  faultPlan,
}: {
  results: ReadonlyArray<TRoundResult | { round: number; error: string }>;
  rows: readonly TRoundRow[];
  machine: string;
  /** Which code ran (commit, uncommitted files). */
  code: string;
  command: string;
  bookings: number;
  loadSeconds: number;
  boundSeconds: number;
  graceSeconds: number;
  nextDistDir: string;
  faultPlan: string;
}): string {
  const done = results.filter((r): r is TRoundResult => !("error" in r));
  const failed = results.filter((r) => "error" in r || r.violations.length > 0);
  const max = (values: Array<number | null | undefined>) => {
    const numbers = values.filter((v): v is number => typeof v === "number");
    return numbers.length > 0 ? Math.max(...numbers) : null;
  };
  const lines = [
    "## Fault drill (issue #16)",
    "",
    `\`${command}\` on ${code} — ${machine} (all of it shared by PostgreSQL, Redis, the proxy, next dev, the`,
    "workers and the load client). Each round: a fresh database (migrated, Harbor & Vine seeded from the demo with pacing caps lifted),",
    `1 web process (\`next dev\`, build dir \`${nextDistDir}\`, \`RUN_WORKER_IN_WEB=0\`, \`INLINE_ASSIGN_DEADLINE_MS=0\`: every`,
    "booking goes through its `booking.assign` job), 2 `npm run worker` processes, the local Upstash proxy in front of",
    `Redis. Load: ${bookings} bookings over ${loadSeconds} s, open loop, real \`POST /api/bookings\` with an Idempotency-Key`,
    "per booking, retried with the same key on 5xx/429/timeouts (after Retry-After), party sizes from the demo mix,",
    `one evening (17:00–22:00). Faults: ${faultPlan}`,
    "",
    markdownTable(rows),
    "",
    "Definitions. *Delayed by a fault*: created before the fault ended and not yet settled (assigned, confirmed or",
    "manual review) when it began. *kill → last delayed settled*: from the SIGKILL to the last such booking settling.",
    "*stranded, resumed after*: booking.assign jobs active at the kill that a surviving worker resumed (its log), and",
    "when. *pg outage*: from the restart (SIGINT to the postmaster — the fast shutdown `pg_ctlcluster restart` sends —",
    "the moment a lock-pool advisory lock was seen granted, then `pg_ctlcluster start`) to the first successful",
    "`pg_isready`; *lock held/lost*: that lock was seen / workers that logged a held lock lost. *last 5xx / first 2xx",
    "after ready*: the last 503 and the first booking accepted, relative to `pg_isready` succeeding. *health redis",
    "down / up*: when `/api/health` first said redis was not up after the proxy kill, and up again after it returned",
    "(probed with authenticated requests for 25 s after the proxy returned).",
    `*max settle (bound ${boundSeconds} s)*: per booking, settled − max(created, start of the latest fault it lived`,
    `through). *5xx all 503 in outage*: every 5xx was a 503 problem+json with Retry-After, received between the restart`,
    `and ${graceSeconds} s after PostgreSQL answered again. *overtaken reviews*: bookings in manual review while a`,
    "later-created booking holds a table (or merged set) that fitted them by the planner's rules, overlapping their",
    "window, and no earlier booking occupied it (expected 0). *emails*: notifications sent / confirmed bookings with",
    "an email (exactly one each, none for other statuses, one per booking and kind).",
    "",
    `Across ${done.length} round(s): max kill → last delayed settled ${s(max(done.map((r) => faultOf(r, "worker_kill")?.lastSettledAfterStartMs)))} s,`,
    `max PostgreSQL outage ${s(max(done.map((r) => (r.postgres ? r.postgres.readyAt - r.postgres.issuedAt : null))), 2)} s,`,
    `max first 2xx after it ${s(max(done.map((r) => r.http.firstSuccessAfterReadyMs)), 2)} s,`,
    `max settle ${s(max(done.map((r) => r.settle.maxAttributedMs)))} s; 5xx answers ${done.reduce((n, r) => n + r.http.bookings["5xx"], 0)} (all`,
    `within the rule: ${done.every((r) => r.http.violations.length === 0) ? "yes" : "no"}); overlaps ${done.reduce((n, r) => n + r.overlaps, 0)}.`,
    "",
  ];
  if (failed.length === 0) {
    lines.push("Every invariant held in every round.");
  } else {
    lines.push("Violations:");
    for (const r of results) {
      if ("error" in r) lines.push(`- round ${r.round}: the round did not complete: ${r.error.split("\n")[0]}`);
      else for (const v of r.violations) lines.push(`- round ${r.round}: ${v}`);
    }
  }
  const warnings = done.flatMap((r) => r.warnings.map((w) => `- round ${r.round}: ${w}`));
  if (warnings.length > 0) lines.push("", "Notes:", ...warnings);
  return lines.join("\n");
}
