import type { TErrorClass, TLoadReport, TLoadRoute } from "./load-types";

const ROUTE_ORDER: TLoadRoute[] = [
  "availability",
  "booking.create",
  "booking.read",
  "booking.cancel",
  "staff.quote",
  "staff.confirm",
  "manual.context",
  "manual.hold",
  "manual.confirm",
  "ops.list",
  "ops.transition",
  "ops.stream",
];
const CLASS_ORDER: TErrorClass[] = [
  "ok",
  "client_4xx",
  "rate_limited",
  "server_5xx",
  "unavailable_503",
  "timeout",
  "connection",
];

/** The report as a console table: throughput, per-route latency and statuses, error classes, SSE, bookings. */
export function formatLoadReport(report: TLoadReport, extra: string[] = []): string {
  const seconds = (report.endedAt - report.startedAt) / 1000;
  const rows = ROUTE_ORDER.flatMap((route) => {
    const figures = report.routes[route];
    if (!figures) return [];
    const statuses = Object.entries(figures.byStatus)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, n]) => `${status}:${n}`)
      .join(" ");
    return [
      [route, String(figures.count), ms(figures.p50), ms(figures.p95), ms(figures.p99), ms(figures.max), statuses],
    ];
  });
  const header = ["route", "count", "p50 ms", "p95 ms", "p99 ms", "max ms", "statuses"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const errors = CLASS_ORDER.filter((c) => report.errors[c])
    .map((c) => `${c} ${report.errors[c]}`)
    .join(", ");
  return [
    `${report.sent} requests sent, ${report.answered} answered in ${seconds.toFixed(1)} s: ${report.throughput} answers/s`,
    "",
    line(header),
    line(header.map((_, i) => "-".repeat(widths[i] ?? 0))),
    ...rows.map(line),
    "",
    `error classes: ${errors || "none"}`,
    `incidents (5xx, 503, timeouts, connection errors): ${report.incidents.length}`,
    `SSE: ${report.sse.subscribers} subscribers, ${report.sse.events} events, ${report.sse.reconnects} reconnects`,
    `bookings: ${report.accepted.length} accepted, ${report.cancelled.length} cancelled, ${report.gaveUp} given up`,
    `over time (sent at s: answered/sent, failed, p50/p95 ms): ${report.windows
      .map((w) => `${w.fromSec}: ${w.answered}/${w.sent}, ${w.failed}, ${ms(w.p50)}/${ms(w.p95)}`)
      .join(" · ")}`,
    ...extra,
  ].join("\n");
}

const ms = (value: number) => (value < 10 ? value.toFixed(1) : String(Math.round(value)));
