import { type RawBuilder, sql } from "kysely";
import { QUEUE_SPECS } from "@/server/infra/queue/queue-specs";
import type { TInvariantFilter } from "./invariant-types";

/**
 * The booking filter as SQL on a bookings alias: its restaurant, and its start's date in the restaurant's zone.
 * Rows without a booking (a table, a hold of no booking) are filtered through the booking they belong to.
 */
export function bookingInScope(filter: TInvariantFilter, booking: string): RawBuilder<boolean> {
  const restaurantId = sql.ref(`${booking}.restaurant_id`);
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (filter.restaurantId) conditions.push(sql`${restaurantId} = ${filter.restaurantId}::uuid`);
  if (filter.date) {
    conditions.push(sql`(${sql.ref(`${booking}.starts_at`)} at time zone
      (select rz.timezone from restaurants rz where rz.id = ${restaurantId}))::date = ${filter.date}::date`);
  }
  return sql<boolean>`(${sql.join(conditions, sql` and `)})`;
}

/**
 * How long an expired hold may live before the sweeper has certainly removed it, from the sweeper's own queue
 * settings: one cron period, one poll of an idle worker, and the run's deadline (a run may take that long).
 */
export function holdSweepGraceSeconds(): number {
  const spec = QUEUE_SPECS["holds.sweep"];
  return cronPeriodSeconds(spec.cron ?? "") + spec.pollingIntervalSeconds + spec.expireInSeconds;
}

/**
 * How long a booking may stay transient after its last change while its assignment job is retried: every backoff
 * delay of booking.assign (retryDelay × 2^n for each retry) plus, per attempt, its deadline and one poll.
 */
export function settleGraceSeconds(): number {
  const spec = QUEUE_SPECS["booking.assign"];
  const backoff = spec.retryBackoff
    ? spec.retryDelaySeconds * (2 ** spec.retryLimit - 1)
    : spec.retryDelaySeconds * spec.retryLimit;
  return backoff + (spec.retryLimit + 1) * (spec.expireInSeconds + spec.pollingIntervalSeconds);
}

/** The period of an every-N-minutes cron (minute field `*` or a step), the only shapes the sweeper uses. */
function cronPeriodSeconds(cron: string): number {
  const [minute, ...rest] = cron.trim().split(/\s+/);
  const everyHour = rest.length === 4 && rest.every((field) => field === "*");
  if (everyHour && minute === "*") return 60;
  const step = everyHour ? /^\*\/(\d+)$/.exec(minute ?? "")?.[1] : undefined;
  if (step) return Number(step) * 60;
  throw new Error(`cannot derive the hold sweep interval from the cron "${cron}": pass --hold-sweep-seconds`);
}
