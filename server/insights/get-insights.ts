import { sql } from "kysely";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import type { TInsights } from "./insights-schema";
import { countsByDay, fillDays, minuteToTime, ratio, round } from "./shape-insights";

export const COMMIT_LATENCY_REASON =
  "Commit time is not stored per attempt: assignment_attempts keeps the planner's time (planner_stats.plannerMs) and " +
  "the decision before the commit (duration_ms); commit time is only in the maitre_commit_duration_seconds histogram.";

/**
 * A restaurant's Insights for local days `from`..`to`, computed in SQL by a handful of aggregate queries (never a
 * loop over bookings). Days are the restaurant's local days: bookings, attempts and reviews count on the day the
 * booking is for (its local start date), so one evening's covers, outcomes and reviews line up.
 */
export async function getInsights(
  db: Queryable,
  { restaurantId, from, to }: { restaurantId: string; from: string; to: string },
): Promise<TInsights> {
  const restaurant = await db
    .selectFrom("restaurants")
    .select(["timezone", "slot_minutes"])
    .where("id", "=", restaurantId)
    .executeTakeFirst();
  if (!restaurant) throw new DomainError("NOT_FOUND", `restaurant ${restaurantId} not found`);
  const tz = restaurant.timezone;
  const slot = restaurant.slot_minutes;
  // The range as instants: local midnight of `from` to local midnight after `to`.
  const start = sql`(${from}::date::timestamp at time zone ${tz})`;
  const end = sql`((${to}::date + 1)::timestamp at time zone ${tz})`;
  const localDay = (column: string) => sql`((${sql.ref(column)} at time zone ${tz})::date)`;
  const inRange = sql`b.restaurant_id = ${restaurantId} and b.starts_at >= ${start} and b.starts_at < ${end}`;
  const days = sql`(select d::date as day from generate_series(${from}::date, ${to}::date, interval '1 day') d)`;
  const servicesOn = sql`service_periods sp on sp.restaurant_id = ${restaurantId} and sp.active
    and extract(isodow from days.day)::smallint = any(sp.days_of_week)`;

  const [seats, slots, utilisation, outcomes, reviews, waste, attendance, latency] = await Promise.all([
    sql<{ seats: number }>`select coalesce(sum(capacity), 0)::int as seats from tables
      where restaurant_id = ${restaurantId} and active`.execute(db),

    // Covers per local slot: the open slots of each day (with the service's cap) joined to what was booked.
    sql<{ minute: number; total: number; days: number; peak: number; peak_date: string | null; cap: number | null }>`
      with days as ${days},
      grid as (
        select days.day, m.minute, max(sp.pacing_covers_per_slot) as cap
        from days join ${servicesOn}
        cross join lateral generate_series(
          (extract(epoch from sp.opens_at)::int / 60) / ${slot}::int * ${slot}::int,
          extract(epoch from sp.last_seating_at)::int / 60, ${slot}::int) as m(minute)
        group by days.day, m.minute
      ),
      booked as (
        select ${localDay("b.starts_at")} as day,
          ((extract(hour from b.starts_at at time zone ${tz})::int * 60
            + extract(minute from b.starts_at at time zone ${tz})::int) / ${slot}::int) * ${slot}::int as minute,
          sum(b.party_size)::int as covers
        from bookings b where ${inRange} and b.status <> 'cancelled'
        group by 1, 2
      ),
      cells as (
        select coalesce(g.day, k.day) as day, coalesce(g.minute, k.minute) as minute,
          coalesce(k.covers, 0) as covers, g.cap
        from grid g full join booked k on k.day = g.day and k.minute = g.minute
      )
      select minute, sum(covers)::int as total, count(*)::int as days, max(covers)::int as peak,
        (array_agg(day::text order by covers desc, day) filter (where covers > 0))[1] as peak_date,
        max(cap)::int as cap
      from cells group by minute order by minute`.execute(db),

    // Seat-minutes by zone and local hour: used by assignment allocations, available at active tables while a
    // service was open (each period's [opens_at, closes_at) on its weekdays).
    sql<{ zone_id: string; zone: string; hour: number; used: number; available: number }>`
      with days as ${days},
      open_hours as (
        select days.day, h.hour, least(60, sum(greatest(0,
          least(extract(epoch from sp.closes_at) / 60, h.hour * 60 + 60)
          - greatest(extract(epoch from sp.opens_at) / 60, h.hour * 60)))) as minutes
        from days join ${servicesOn} cross join generate_series(0, 23) as h(hour)
        group by 1, 2
      ),
      open_total as (select hour, sum(minutes) as minutes from open_hours group by hour having sum(minutes) > 0),
      zone_seats as (
        select z.id as zone_id, z.name, z.sort_order, coalesce(sum(t.capacity) filter (where t.active), 0) as seats
        from zones z left join tables t on t.zone_id = z.id
        where z.restaurant_id = ${restaurantId} group by z.id
      ),
      used as (
        select t.zone_id, extract(hour from g.h)::int as hour,
          sum(t.capacity * extract(epoch from least(upper(a.during) at time zone ${tz}, g.h + interval '1 hour')
            - greatest(lower(a.during) at time zone ${tz}, g.h)) / 60) as seat_minutes
        from allocations a join tables t on t.id = a.table_id
        cross join lateral generate_series(date_trunc('hour', lower(a.during) at time zone ${tz}),
          (upper(a.during) at time zone ${tz}) - interval '1 microsecond', interval '1 hour') as g(h)
        where a.restaurant_id = ${restaurantId} and a.kind = 'assignment' and a.during && tstzrange(${start}, ${end})
          and g.h >= ${from}::date::timestamp and g.h < (${to}::date + 1)::timestamp
        group by 1, 2
      ),
      hours as (select hour from open_total union select hour from used)
      select zs.zone_id, zs.name as zone, hours.hour,
        coalesce(u.seat_minutes, 0)::float8 as used, (zs.seats * coalesce(ot.minutes, 0))::float8 as available
      from zone_seats zs cross join hours
      left join used u on u.zone_id = zs.zone_id and u.hour = hours.hour
      left join open_total ot on ot.hour = hours.hour
      order by zs.sort_order, zs.name, hours.hour`.execute(db),

    sql<{ date: string; key: string; count: number }>`
      select ${localDay("b.starts_at")}::text as date, aa.outcome as key, count(*)::int as count
      from assignment_attempts aa join bookings b on b.id = aa.booking_id
      where aa.restaurant_id = ${restaurantId} and ${inRange}
      group by 1, 2 order by 1, 2`.execute(db),

    sql<{ date: string; key: string; count: number }>`
      select ${localDay("b.starts_at")}::text as date,
        coalesce(h.reason, b.review_reason, 'UNSPECIFIED') as key, count(*)::int as count
      from booking_state_history h join bookings b on b.id = h.booking_id
      where h.restaurant_id = ${restaurantId} and ${inRange}
        and h.to_status = 'manual_review' and h.from_status is distinct from 'manual_review'
      group by 1, 2 order by 1, 2`.execute(db),

    sql<{ date: string; bookings: number; seats: number; covers: number; wasted: number }>`
      with seated as (
        select b.id, b.party_size, ${localDay("b.starts_at")} as day, sum(t.capacity)::int as seats
        from bookings b
        join allocations a on a.booking_id = b.id and a.kind = 'assignment'
        join tables t on t.id = a.table_id
        where ${inRange} and b.status <> 'cancelled'
        group by b.id
      )
      select day::text as date, count(*)::int as bookings, sum(seats)::int as seats,
        sum(party_size)::int as covers, sum(greatest(seats - party_size, 0))::int as wasted
      from seated group by day order by day`.execute(db),

    sql<{
      date: string;
      bookings: number;
      covers: number;
      no_shows: number;
      no_show_covers: number;
      cancellations: number;
      cancelled_covers: number;
    }>`
      select ${localDay("b.starts_at")}::text as date,
        count(*) filter (where b.status <> 'cancelled')::int as bookings,
        coalesce(sum(b.party_size) filter (where b.status <> 'cancelled'), 0)::int as covers,
        count(*) filter (where b.status = 'no_show')::int as no_shows,
        coalesce(sum(b.party_size) filter (where b.status = 'no_show'), 0)::int as no_show_covers,
        count(*) filter (where b.status = 'cancelled')::int as cancellations,
        coalesce(sum(b.party_size) filter (where b.status = 'cancelled'), 0)::int as cancelled_covers
      from bookings b where ${inRange}
      group by 1 order by 1`.execute(db),

    sql<{ kind: "planner" | "decision"; date: string; attempts: number; p50: number; p95: number }>`
      with timed as (
        select ${localDay("b.starts_at")}::text as date,
          (aa.planner_stats ->> 'plannerMs')::float8 as planner_ms, aa.duration_ms::float8 as decision_ms
        from assignment_attempts aa join bookings b on b.id = aa.booking_id
        where aa.restaurant_id = ${restaurantId} and ${inRange}
      ),
      samples as (
        select 'planner' as kind, date, planner_ms as ms from timed where planner_ms is not null
        union all
        select 'decision', date, decision_ms from timed
      )
      select kind, date, count(*)::int as attempts,
        percentile_cont(0.5) within group (order by ms)::float8 as p50,
        percentile_cont(0.95) within group (order by ms)::float8 as p95
      from samples group by kind, date order by kind, date`.execute(db),
  ]);

  const latencyOf = (kind: "planner" | "decision") =>
    latency.rows
      .filter((r) => r.kind === kind)
      .map((r) => ({ date: r.date, attempts: r.attempts, p50Ms: round(r.p50, 3), p95Ms: round(r.p95, 3) }));

  return {
    restaurantId,
    timezone: tz,
    from,
    to,
    days: fillDays(from, to, [], (date) => ({ date })).length,
    slotMinutes: slot,
    totalSeats: seats.rows[0]?.seats ?? 0,
    coversBySlot: slots.rows.map((r) => ({
      time: minuteToTime(r.minute),
      totalCovers: r.total,
      averageCovers: round(r.total / Math.max(r.days, 1)),
      peakCovers: r.peak,
      peakDate: r.peak_date,
      cap: r.cap,
      peakShareOfCap: ratio(r.peak, r.cap),
    })),
    utilisation: utilisation.rows.map((r) => ({
      zoneId: r.zone_id,
      zone: r.zone,
      hour: r.hour,
      usedSeatMinutes: round(r.used),
      availableSeatMinutes: round(r.available),
      utilisation: ratio(r.used, r.available),
    })),
    outcomesByDay: fillDays(
      from,
      to,
      countsByDay(outcomes.rows).map(({ date, counts }) => ({ date, outcomes: counts })),
      (date) => ({ date, outcomes: {} }),
    ),
    reviewsByDay: fillDays(
      from,
      to,
      countsByDay(reviews.rows).map(({ date, counts }) => ({ date, reasons: counts })),
      (date) => ({ date, reasons: {} }),
    ),
    wasteByDay: fillDays(
      from,
      to,
      waste.rows.map((r) => ({
        date: r.date,
        assignedBookings: r.bookings,
        seatsAssigned: r.seats,
        covers: r.covers,
        seatsWasted: r.wasted,
      })),
      (date) => ({ date, assignedBookings: 0, seatsAssigned: 0, covers: 0, seatsWasted: 0 }),
    ),
    attendanceByDay: fillDays(
      from,
      to,
      attendance.rows.map((r) => ({
        date: r.date,
        bookings: r.bookings,
        covers: r.covers,
        noShows: r.no_shows,
        noShowCovers: r.no_show_covers,
        cancellations: r.cancellations,
        cancelledCovers: r.cancelled_covers,
      })),
      (date) => ({
        date,
        bookings: 0,
        covers: 0,
        noShows: 0,
        noShowCovers: 0,
        cancellations: 0,
        cancelledCovers: 0,
      }),
    ),
    latency: {
      planner: latencyOf("planner"),
      decision: latencyOf("decision"),
      commit: null,
      commitReason: COMMIT_LATENCY_REASON,
    },
  };
}
