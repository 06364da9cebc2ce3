import type { TInsights } from "@/server/insights/insights-schema";

/**
 * Pure shaping for the Insights page: each chart's rows (the same rows the chart draws, the hidden table reads
 * and the CSV holds) and its one-line reading. No React here, so it is unit-tested on its own.
 */

export type TCell = string | number | null;
export type TTable = { columns: string[]; rows: TCell[][] };

export const SERIES = ["covers", "utilisation", "outcomes", "reviews", "waste", "attendance", "latency"] as const;
export type TSeriesName = (typeof SERIES)[number];

/** `NO_PLAN` → `No plan`, `no_plan` → `No plan`. */
export function humanize(code: string): string {
  const words = code.replace(/_/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `1 no-show`, `3 no-shows`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** 0.4375 → "44 %" (null → "–"). */
export function percent(share: number | null): string {
  return share === null ? "–" : `${Math.round(share * 100)} %`;
}

/** `Wed 14 Apr` for a local date (already the restaurant's, so no zone shift). */
export function shortDate(date: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** Every key used on any day, in first-seen order (the stacks of a per-day chart). */
export function keysOf(days: ReadonlyArray<Record<string, number>>): string[] {
  const keys: string[] = [];
  for (const day of days) for (const key of Object.keys(day)) if (!keys.includes(key)) keys.push(key);
  return keys;
}

export function coversTable(data: TInsights): TTable {
  return {
    columns: ["time", "average_covers", "peak_covers", "peak_date", "pacing_cap", "peak_share_of_cap", "total_seats"],
    rows: data.coversBySlot.map((s) => [
      s.time,
      s.averageCovers,
      s.peakCovers,
      s.peakDate,
      s.cap,
      s.peakShareOfCap,
      data.totalSeats,
    ]),
  };
}

export function coversReading(data: TInsights): string {
  const busiest = [...data.coversBySlot].sort(
    (a, b) => (b.peakShareOfCap ?? -1) - (a.peakShareOfCap ?? -1) || b.peakCovers - a.peakCovers,
  )[0];
  if (!busiest || busiest.peakCovers === 0) return "No covers booked in this range.";
  const when = busiest.peakDate ? ` on ${shortDate(busiest.peakDate)}` : "";
  const cap = busiest.cap === null ? "no pacing cap" : `${percent(busiest.peakShareOfCap)} of the cap (${busiest.cap})`;
  return `Busiest: ${busiest.time}, ${busiest.peakCovers} covers${when}, ${cap}; ${data.totalSeats} seats in all.`;
}

/** One row per hour, one column per zone (share of seat-minutes used, 0–100). */
export function utilisationByHour(data: TInsights): { zones: string[]; rows: Array<Record<string, number | string>> } {
  const zones = [...new Set(data.utilisation.map((c) => c.zone))];
  const hours = [...new Set(data.utilisation.map((c) => c.hour))].sort((a, b) => a - b);
  const rows = hours.map((hour) => {
    const row: Record<string, number | string> = { hour: hourLabel(hour) };
    for (const c of data.utilisation) {
      if (c.hour === hour) row[c.zone] = c.utilisation === null ? 0 : Math.round(c.utilisation * 1000) / 10;
    }
    return row;
  });
  return { zones, rows };
}

export function utilisationTable(data: TInsights): TTable {
  return {
    columns: ["zone", "hour", "used_seat_minutes", "available_seat_minutes", "utilisation"],
    rows: data.utilisation.map((c) => [
      c.zone,
      hourLabel(c.hour),
      c.usedSeatMinutes,
      c.availableSeatMinutes,
      c.utilisation,
    ]),
  };
}

export function utilisationReading(data: TInsights): string {
  const open = data.utilisation.filter((c) => c.utilisation !== null);
  const fullest = [...open].sort((a, b) => (b.utilisation ?? 0) - (a.utilisation ?? 0))[0];
  if (!fullest?.utilisation) return "No tables were in use in this range.";
  return `Fullest: ${fullest.zone} at ${hourLabel(fullest.hour)}, ${percent(fullest.utilisation)} of its seats in use.`;
}

function perDayTable(days: ReadonlyArray<{ date: string; counts: Record<string, number> }>): TTable {
  const keys = keysOf(days.map((d) => d.counts));
  return { columns: ["date", ...keys], rows: days.map((d) => [d.date, ...keys.map((k) => d.counts[k] ?? 0)]) };
}

export function outcomesTable(data: TInsights): TTable {
  return perDayTable(data.outcomesByDay.map((d) => ({ date: d.date, counts: d.outcomes })));
}

export function outcomesReading(data: TInsights): string {
  const totals: Record<string, number> = {};
  for (const d of data.outcomesByDay) for (const [k, n] of Object.entries(d.outcomes)) totals[k] = (totals[k] ?? 0) + n;
  const all = Object.values(totals).reduce((a, b) => a + b, 0);
  if (all === 0) return "No automatic assignment attempts in this range.";
  const assigned = totals.assigned ?? 0;
  const noPlan = totals.no_plan ?? 0;
  return `${percent(assigned / all)} of ${all} attempts seated the party; ${noPlan} found no plan.`;
}

export function reviewsTable(data: TInsights): TTable {
  return perDayTable(data.reviewsByDay.map((d) => ({ date: d.date, counts: d.reasons })));
}

export function reviewsReading(data: TInsights): string {
  const totals: Record<string, number> = {};
  for (const d of data.reviewsByDay) for (const [k, n] of Object.entries(d.reasons)) totals[k] = (totals[k] ?? 0) + n;
  const all = Object.values(totals).reduce((a, b) => a + b, 0);
  if (all === 0) return "No booking went to manual review in this range.";
  const [top, count] = Object.entries(totals).sort((a, b) => b[1] - a[1])[0] as [string, number];
  return `${all} ${all === 1 ? "booking" : "bookings"} went to review; most often: ${humanize(top)} (${count}).`;
}

export function wasteTable(data: TInsights): TTable {
  return {
    columns: ["date", "assigned_bookings", "seats_assigned", "covers", "seats_wasted"],
    rows: data.wasteByDay.map((d) => [d.date, d.assignedBookings, d.seatsAssigned, d.covers, d.seatsWasted]),
  };
}

export function wasteReading(data: TInsights): string {
  const wasted = data.wasteByDay.reduce((a, d) => a + d.seatsWasted, 0);
  const seats = data.wasteByDay.reduce((a, d) => a + d.seatsAssigned, 0);
  const bookings = data.wasteByDay.reduce((a, d) => a + d.assignedBookings, 0);
  if (bookings === 0) return "No bookings were seated at tables in this range.";
  return `${wasted} empty seats at ${bookings} seated bookings' tables (${percent(wasted / seats)} of the seats given).`;
}

export function attendanceTable(data: TInsights): TTable {
  return {
    columns: ["date", "bookings", "covers", "no_shows", "no_show_covers", "cancellations", "cancelled_covers"],
    rows: data.attendanceByDay.map((d) => [
      d.date,
      d.bookings,
      d.covers,
      d.noShows,
      d.noShowCovers,
      d.cancellations,
      d.cancelledCovers,
    ]),
  };
}

export function attendanceReading(data: TInsights): string {
  const bookings = data.attendanceByDay.reduce((a, d) => a + d.bookings, 0);
  const noShows = data.attendanceByDay.reduce((a, d) => a + d.noShows, 0);
  const cancellations = data.attendanceByDay.reduce((a, d) => a + d.cancellations, 0);
  if (bookings + cancellations === 0) return "No bookings in this range.";
  const share = bookings > 0 ? ` (${percent(noShows / bookings)} of bookings)` : "";
  return `${plural(noShows, "no-show")}${share} and ${plural(cancellations, "cancellation")}.`;
}

export function latencyTable(data: TInsights): TTable {
  const decision = new Map(data.latency.decision.map((d) => [d.date, d]));
  const planner = new Map(data.latency.planner.map((d) => [d.date, d]));
  const dates = [...new Set([...decision.keys(), ...planner.keys()])].sort();
  return {
    columns: ["date", "attempts", "planner_p50_ms", "planner_p95_ms", "decision_p50_ms", "decision_p95_ms"],
    rows: dates.map((date) => [
      date,
      decision.get(date)?.attempts ?? planner.get(date)?.attempts ?? 0,
      planner.get(date)?.p50Ms ?? null,
      planner.get(date)?.p95Ms ?? null,
      decision.get(date)?.p50Ms ?? null,
      decision.get(date)?.p95Ms ?? null,
    ]),
  };
}

export function latencyReading(data: TInsights): string {
  const worst = [...data.latency.planner].sort((a, b) => b.p95Ms - a.p95Ms)[0];
  if (!worst) return "No planner timings recorded in this range. Commit time is not recorded.";
  return `Slowest planner day: ${shortDate(worst.date)}, 95 % of plans within ${Math.round(worst.p95Ms * 10) / 10} ms. Commit time is not recorded.`;
}

export const SERIES_TABLE: Record<TSeriesName, (data: TInsights) => TTable> = {
  covers: coversTable,
  utilisation: utilisationTable,
  outcomes: outcomesTable,
  reviews: reviewsTable,
  waste: wasteTable,
  attendance: attendanceTable,
  latency: latencyTable,
};

/** RFC 4180 CSV (quotes only where needed, CRLF line ends). */
export function toCsv(table: TTable): string {
  const cell = (value: TCell) => {
    if (value === null) return "";
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [table.columns, ...table.rows]
    .map((row) => row.map(cell).join(","))
    .join("\r\n")
    .concat("\r\n");
}

export function csvFileName(series: TSeriesName, data: Pick<TInsights, "from" | "to">): string {
  return `insights-${series}-${data.from}-to-${data.to}.csv`;
}
