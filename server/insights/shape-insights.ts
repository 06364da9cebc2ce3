/**
 * Pure shaping for the Insights answer: SQL returns sparse rows; the page wants every day of the range (zeros
 * where nothing happened) and times as HH:MM.
 */

/** Minutes after local midnight as HH:MM. */
export function minuteToTime(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** Every calendar date from `from` to `to`, both included (YYYY-MM-DD). */
export function datesInRange(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** One entry per date of the range: the row for that date, or `empty(date)` when SQL had none. */
export function fillDays<T extends { date: string }>(
  from: string,
  to: string,
  rows: readonly T[],
  empty: (date: string) => T,
): T[] {
  const byDate = new Map(rows.map((r) => [r.date, r]));
  return datesInRange(from, to).map((date) => byDate.get(date) ?? empty(date));
}

/** Rows of (date, key, count) folded into one record of counts per date. */
export function countsByDay(
  rows: ReadonlyArray<{ date: string; key: string; count: number }>,
): Array<{ date: string; counts: Record<string, number> }> {
  const byDate = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const counts = byDate.get(row.date) ?? {};
    counts[row.key] = (counts[row.key] ?? 0) + row.count;
    byDate.set(row.date, counts);
  }
  return [...byDate.entries()].map(([date, counts]) => ({ date, counts }));
}

/** A ratio rounded to 4 decimals; null when the denominator is 0 or missing. */
export function ratio(numerator: number, denominator: number | null | undefined): number | null {
  if (!denominator) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}

/** Rounded to `digits` decimals (milliseconds, averages). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
