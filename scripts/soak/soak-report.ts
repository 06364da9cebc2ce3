import type { TLoadReport, TLoadRoute } from "../load/load-types";
import type { TSessionResult } from "./soak-session";

/** Markdown and console tables of a load session: per route, errors by class, faults, invariants, bookings. */

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export function routeTable(report: TLoadReport): string {
  const lines = [
    "| route | requests | p50 ms | p95 ms | p99 ms | max ms | statuses |",
    "|---|---|---|---|---|---|---|",
  ];
  const routes = Object.entries(report.routes).sort(([, a], [, b]) => (b?.count ?? 0) - (a?.count ?? 0)) as Array<
    [TLoadRoute, NonNullable<TLoadReport["routes"][TLoadRoute]>]
  >;
  for (const [route, f] of routes) {
    const statuses = Object.entries(f.byStatus)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, n]) => `${status}: ${n}`)
      .join(", ");
    lines.push(
      `| ${route} | ${f.count} | ${Math.round(f.p50)} | ${Math.round(f.p95)} | ${Math.round(f.p99)} | ${Math.round(f.max)} | ${statuses} |`,
    );
  }
  return lines.join("\n");
}

/** Latency over time (all routes, by send time): warm-up and each fault's effect and recovery show here. */
export function windowTable(report: TLoadReport): string {
  const lines = ["| sent at s | sent | answered | failed | p50 ms | p95 ms |", "|---|---|---|---|---|---|"];
  for (const w of report.windows)
    lines.push(
      `| ${w.fromSec}–${w.toSec} | ${w.sent} | ${w.answered} | ${w.failed} | ${Math.round(w.p50)} | ${Math.round(w.p95)} |`,
    );
  return lines.join("\n");
}

export function errorClasses(report: TLoadReport): string {
  return Object.entries(report.errors)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([cls, n]) => `${cls} ${n}`)
    .join(", ");
}

export function faultTable(result: TSessionResult): string {
  if (result.faults.length === 0) return "No faults injected (control run).";
  const t0 = result.report.startedAt;
  const lines = [
    "| fault | injected at | outage (until back) s | failed answers stopped after s | what happened |",
    "|---|---|---|---|---|",
  ];
  for (const f of result.faults) {
    lines.push(
      `| ${f.kind} | +${seconds(f.start - t0)} s | ${seconds(f.end - f.start)} | ${f.lastErrorAt === null ? "none seen" : seconds(f.lastErrorAt - f.start)} | ${f.detail} |`,
    );
  }
  return lines.join("\n");
}

export function invariantLines(result: TSessionResult): string {
  const mark = { ok: "✓", violated: "✗", skipped: "–" } as const;
  return result.invariants.results
    .map(
      (r) =>
        `- ${mark[r.status]} ${r.name}: ${r.status === "skipped" ? `skipped (${r.skipReason})` : `${r.violations.length} violation(s)`}${r.violations[0] ? ` — first: ${r.violations[0].message}` : ""}`,
    )
    .join("\n");
}

export function sessionSummary(result: TSessionResult): string {
  const r = result.report;
  const wall = (r.endedAt - r.startedAt) / 1000;
  const statuses = Object.entries(result.bookings.byStatus)
    .map(([s, n]) => `${s} ${n}`)
    .join(", ");
  const steady = r.windows.filter((w) => w.fromSec * 1000 >= r.rampMs && w.sent > 0);
  const steadySeconds = steady.length * (steady[0] ? steady[0].toSec - steady[0].fromSec : 0);
  const steadyRate = steadySeconds > 0 ? steady.reduce((sum, w) => sum + w.answered, 0) / steadySeconds : 0;
  return [
    `- sent ${r.sent} requests in ${wall.toFixed(0)} s; answered ${r.answered} (**${r.throughput.toFixed(1)} answered/s** over the whole run${r.rampMs > 0 ? `, **${steadyRate.toFixed(1)}/s after the ${(r.rampMs / 1000).toFixed(0)}-s ramp** (by send time)` : ""}); errors by class: ${errorClasses(r) || "none"}`,
    `- bookings accepted ${new Set(r.accepted.map((a) => a.reference)).size} (distinct references; ${r.accepted.length} accepting answers), cancelled ${r.cancelled.length}, client gave up ${r.gaveUp}; in the database ${result.bookings.created} (${statuses})`,
    `- bookings out of the pipeline's hands ${result.bookings.drainMs === null ? "NOT within 3 minutes" : `${seconds(result.bookings.drainMs)} s after the load`} (${result.bookings.settledPerSecond.toFixed(1)} bookings settled/s over the run)`,
    `- SSE: ${r.sse.subscribers} subscriber(s), ${r.sse.events} events, ${r.sse.reconnects} reconnect(s)`,
    `- 5xx outside the injected outage windows: **${result.unexpected5xx}**; crashed processes: ${result.crashes.length === 0 ? "none" : result.crashes.join("; ")}`,
    `- invariants (\`npm run check:invariants\`'s checks, read-only, after the load): **${result.invariants.ok ? "all held" : "VIOLATED"}**`,
  ].join("\n");
}

export function sessionPassed(result: TSessionResult): boolean {
  return (
    result.invariants.ok &&
    result.unexpected5xx === 0 &&
    result.crashes.length === 0 &&
    result.bookings.drainMs !== null &&
    result.report.gaveUp === 0 &&
    (result.burst === null || (result.burst.drainMs !== null && burstFailures(result.burst) === 0))
  );
}

/** Burst answers that were neither accepted nor refused for a reason of the request's own (5xx, no answer). */
export function burstFailures(burst: { statuses: Record<string, number> }): number {
  return Object.entries(burst.statuses)
    .filter(([status]) => status === "no answer" || status.startsWith("5"))
    .reduce((sum, [, n]) => sum + n, 0);
}
