import { findDayBookings } from "@/server/booking/find-day-bookings";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import { BOOKING_STATUSES, type BookingStatus } from "@/server/infra/db/schema";
import type { TOptimizerInput, TOptimizerMetrics, TOptimizerResult } from "@/server/optimizer/engine/types";
import { optimizeDayOffThread } from "@/server/optimizer/optimize-day-off-thread";
import { compileVenue, parsePlannerConfig } from "@/server/planner";
import { DEFAULT_REPAIR_LIMITS } from "@/server/repair/find-repair-plan";
import { replayOnlineDay, type TOnlineBooking } from "@/server/repair/replay-online-day";
import { loadVenue } from "@/server/venue/load-venue";
import {
  LAB_LIMITS,
  type TLabConfig,
  type TLabMetrics,
  type TOptimum,
  type TReplayDay,
  type TReplayResponse,
  type TReplayRun,
} from "./replay-schema";

// Every booking that asked for a table that day; a cancelled one is left out (its request was withdrawn).
const REQUESTS: readonly BookingStatus[] = BOOKING_STATUSES.filter((s) => s !== "cancelled");
/** The exact optimum's budget: 5 s a day, and about 40 s for the whole range (the API answers synchronously). */
const DAY_LIMIT_MS = 5_000;
const RANGE_LIMIT_MS = 40_000;
const MIN_DAY_LIMIT_MS = 1_000;

type TOptimize = (input: TOptimizerInput) => Promise<TOptimizerResult>;

/**
 * The strategy lab: each recorded day from `from` to `to` (restaurant-local dates, at most 31) replayed in arrival
 * order (the bookings' creation order) through the real planner, strategies and — when the restaurant has it on —
 * online repair (replayOnlineDay, in memory: nothing is written), with the restaurant's current planner
 * configuration and, when given, a candidate one; beside them what really happened (the day's bookings and tables
 * now) and the exact optimum under the current policy (the optimizer engine on a worker thread, time-boxed per day).
 * The floor is the current one (tables and adjacency as they are today).
 */
export async function replayDays(
  db: Queryable,
  {
    restaurantId,
    from,
    to,
    config,
    optimize = optimizeDayOffThread,
  }: { restaurantId: string; from: string; to: string; config?: TLabConfig | null; optimize?: TOptimize },
): Promise<TReplayResponse> {
  const dates = datesOf(from, to);
  const started = performance.now();
  const loaded = await loadVenue(db, { restaurantId });
  const settings = await db
    .selectFrom("restaurants")
    .select(["online_repair_enabled", "online_repair_max_moves"])
    .where("id", "=", restaurantId)
    .executeTakeFirstOrThrow();
  const stored = parsePlannerConfig(loaded.plannerConfig);
  const currentConfig: TLabConfig = { policy: stored.policy, weights: stored.weights };
  const candidateConfig = config ? { policy: config.policy, weights: config.weights } : null;
  const compiledCurrent = compileVenue({ venue: loaded.venue, config: currentConfig });
  const compiledCandidate = candidateConfig ? compileVenue({ venue: loaded.venue, config: candidateConfig }) : null;
  const repair = settings.online_repair_enabled;
  const limits = { ...DEFAULT_REPAIR_LIMITS, maxMoves: settings.online_repair_max_moves };
  const timeLimitMs = Math.max(MIN_DAY_LIMIT_MS, Math.min(DAY_LIMIT_MS, Math.floor(RANGE_LIMIT_MS / dates.length)));

  const days: TReplayDay[] = [];
  const latencies = { current: [] as number[], candidate: [] as number[] };
  for (const date of dates) {
    const rows = await findDayBookings(db, {
      restaurantId,
      timezone: loaded.restaurant.timezone,
      serviceDate: date,
      statuses: REQUESTS,
    });
    // findDayBookings lists them in creation order: the order the requests arrived in.
    const requests: TOnlineBooking[] = rows.map((r) => ({
      id: r.id,
      partySize: r.partySize,
      start: r.startsAt.getTime(),
      end: r.endsAt.getTime(),
      preferredZone: r.preferredZoneId,
    }));
    const replay = (compiled: typeof compiledCurrent, times: number[]): TReplayRun => {
      const dayTimes: number[] = [];
      const result = replayOnlineDay({
        venue: loaded.venue,
        compiled,
        bookings: requests,
        repair,
        limits,
        onDecided: (_b, ms) => dayTimes.push(ms),
      });
      times.push(...dayTimes);
      return {
        ...metricsOf(requests.length, result.metrics, result.unplaced.length),
        latency: latencyOf(dayTimes),
        repairs: result.repairs.succeeded,
      };
    };
    const current = replay(compiledCurrent, latencies.current);
    const candidate = compiledCandidate ? replay(compiledCandidate, latencies.candidate) : null;
    const manualNow = rows.filter((r) => r.status === "manual_review").length;
    let actual: TLabMetrics = { ...EMPTY, bookings: rows.length, manualReviews: manualNow };
    let optimum: TOptimum = { ...EMPTY, optimal: true, gap: 0, coversUpperBound: 0, durationMs: 0 };
    if (rows.length > 0) {
      const result = await optimize({
        venue: loaded.venue,
        config: currentConfig,
        // From scratch with hindsight: every booking movable; the tables they hold now give the baseline.
        bookings: rows.map((r) => ({
          id: r.id,
          partySize: r.partySize,
          start: r.startsAt.getTime(),
          end: r.endsAt.getTime(),
          tableIds: r.tableIds.length > 0 ? r.tableIds : null,
          fixed: false,
          preferredZone: r.preferredZoneId,
        })),
        solver: "auto",
        timeLimitMs,
      });
      actual = { ...metricsOf(rows.length, result.baseline, 0), manualReviews: manualNow };
      optimum = {
        ...metricsOf(rows.length, result.metrics, result.unplaced.length),
        optimal: result.optimal,
        gap: result.gap,
        coversUpperBound: result.coversUpperBound,
        durationMs: Math.round(result.durationMs),
      };
    }
    days.push({ date, actual, current, candidate, optimum });
  }

  const upperBound = days.reduce((s, d) => s + d.optimum.coversUpperBound, 0);
  const optimumCovers = days.reduce((s, d) => s + d.optimum.seatedCovers, 0);
  return {
    restaurantId,
    from,
    to,
    venueVersion: Number(loaded.venue.version),
    currentConfig,
    candidateConfig,
    optimizerTimeLimitMs: timeLimitMs,
    days,
    total: {
      actual: sum(days.map((d) => d.actual)),
      current: {
        ...sum(days.map((d) => d.current)),
        latency: latencyOf(latencies.current),
        repairs: days.reduce((s, d) => s + d.current.repairs, 0),
      },
      candidate: candidateConfig
        ? {
            ...sum(days.map((d) => d.candidate as TReplayRun)),
            latency: latencyOf(latencies.candidate),
            repairs: days.reduce((s, d) => s + (d.candidate?.repairs ?? 0), 0),
          }
        : null,
      optimum: {
        ...sum(days.map((d) => d.optimum)),
        optimal: days.every((d) => d.optimum.optimal),
        coversUpperBound: upperBound,
        gap: upperBound > 0 ? (upperBound - optimumCovers) / upperBound : 0,
        durationMs: days.reduce((s, d) => s + d.optimum.durationMs, 0),
      },
    },
    durationMs: Math.round(performance.now() - started),
  };
}

const EMPTY: TLabMetrics = {
  bookings: 0,
  seatedBookings: 0,
  seatedCovers: 0,
  manualReviews: 0,
  wastedSeats: 0,
  mergedTables: 0,
};

function metricsOf(bookings: number, m: TOptimizerMetrics | TLabMetrics, unplaced: number): TLabMetrics {
  return {
    bookings,
    seatedBookings: m.seatedBookings,
    seatedCovers: m.seatedCovers,
    manualReviews: unplaced,
    wastedSeats: m.wastedSeats,
    mergedTables: m.mergedTables,
  };
}

function sum(list: readonly TLabMetrics[]): TLabMetrics {
  const total = { ...EMPTY };
  for (const m of list) for (const key of Object.keys(total) as (keyof TLabMetrics)[]) total[key] += m[key];
  return total;
}

/** p50 and p95 (nearest rank) in milliseconds, rounded to 0.01 ms; 0 for no decisions. */
export function latencyOf(times: readonly number[]): { p50Ms: number; p95Ms: number } {
  if (times.length === 0) return { p50Ms: 0, p95Ms: 0 };
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { p50Ms: round(at(0.5)), p95Ms: round(at(0.95)) };
}

/** The dates from..to inclusive; a reversed or too long range is refused (nothing is read). */
export function datesOf(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end)) {
    throw new DomainError("VALIDATION_FAILED", "from and to must be dates YYYY-MM-DD", {
      errors: [{ path: Number.isNaN(start) ? "from" : "to", message: "must be a calendar date YYYY-MM-DD" }],
    });
  }
  if (end < start) {
    throw new DomainError("VALIDATION_FAILED", `the range ends (${to}) before it starts (${from})`, {
      hint: "Choose an end date on or after the start date",
      errors: [{ path: "to", message: "must be on or after the start date" }],
    });
  }
  const days = Math.round((end - start) / 86_400_000) + 1;
  if (days > LAB_LIMITS.maxDays) {
    throw new DomainError("VALIDATION_FAILED", `${days} days asked; a replay covers at most ${LAB_LIMITS.maxDays}`, {
      hint: `Choose at most ${LAB_LIMITS.maxDays} days`,
      errors: [{ path: "to", message: `at most ${LAB_LIMITS.maxDays} days after the start date` }],
    });
  }
  return Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}
