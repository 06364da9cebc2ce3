import { waitForNoDatabaseRuns } from "../drill/drill-postgres";

export { codeVersion } from "../bench/write-benchmark-section";

/** What the soak and scale-out commands share: argument checks, the service dates, the quiet-server wait. */

export function parsePositive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not ${value}`);
  return n;
}

export function parseNonNegative(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be zero or a positive number, not ${value}`);
  return n;
}

/** `count` consecutive dates starting two weeks ahead: inside the booking horizon, never in the past. */
export function futureDates(count: number): string[] {
  const first = Date.now() + 14 * 86_400_000;
  return Array.from({ length: count }, (_, i) => new Date(first + i * 86_400_000).toISOString().slice(0, 10));
}

/** A restart of PostgreSQL must not cut someone's test run: wait up to 10 minutes for vitest/benchmarks to end. */
export function waitForQuietDatabase(log: (line: string) => void): Promise<void> {
  return waitForNoDatabaseRuns(10 * 60_000, log);
}
