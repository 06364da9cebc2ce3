import { sql } from "kysely";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import { parsePlannerConfig } from "@/server/planner/planner-config";
import { toZonedParts } from "@/server/time/zoned-time";
import { hhmm, type TServiceException, type TServicePeriod, type TServiceSettings } from "./service-settings-schema";

type TRow = {
  restaurantId: string;
  timezone: string;
  slotMinutes: number;
  bookingHorizonDays: number;
  bookingCutoffMinutes: number;
  maxPartySize: number;
  autoConfirm: boolean;
  rulesVersion: number;
  venueVersion: number;
  plannerConfig: unknown;
  periods: TServicePeriod[];
  exceptions: Array<TServiceException>;
};

/**
 * GET /api/ops/restaurants/{id}/service's answer in one statement: the restaurant's booking rules, every service
 * period (inactive ones too) with its turn times, the date exceptions from the restaurant's today on, and the
 * planner policy (parsed by the planner's schema, defaults filled in). NOT_FOUND when there is no such restaurant.
 */
export async function readServiceSettings(
  db: Queryable,
  { restaurantId, now = new Date() }: { restaurantId: string; now?: Date },
): Promise<TServiceSettings> {
  const zone = await db.selectFrom("restaurants").select("timezone").where("id", "=", restaurantId).executeTakeFirst();
  if (!zone) throw new DomainError("NOT_FOUND", `restaurant ${restaurantId} not found`);
  const today = toZonedParts(now, zone.timezone).date;
  const { rows } = await sql<TRow>`
    select r.id as "restaurantId", r.timezone, r.slot_minutes as "slotMinutes",
      r.booking_horizon_days as "bookingHorizonDays", r.booking_cutoff_minutes as "bookingCutoffMinutes",
      r.max_party_size as "maxPartySize", r.auto_confirm as "autoConfirm",
      r.rules_version::integer as "rulesVersion", r.venue_version::integer as "venueVersion",
      r.planner_config as "plannerConfig",
      coalesce((
        select jsonb_agg(jsonb_build_object(
          'id', sp.id, 'name', sp.name, 'daysOfWeek', to_jsonb(sp.days_of_week), 'opensAt', sp.opens_at,
          'lastSeatingAt', sp.last_seating_at, 'closesAt', sp.closes_at, 'bufferMinutes', sp.buffer_minutes,
          'pacingCoversPerSlot', sp.pacing_covers_per_slot,
          'pacingOnlineCoversPerSlot', sp.pacing_online_covers_per_slot, 'active', sp.active,
          'turnTimes', coalesce((
            select jsonb_agg(jsonb_build_object('maxPartySize', tt.max_party_size, 'turnMinutes', tt.turn_minutes)
                             order by tt.max_party_size)
            from service_turn_times tt where tt.service_period_id = sp.id), '[]'::jsonb))
          order by sp.opens_at, sp.name)
        from service_periods sp where sp.restaurant_id = r.id), '[]'::jsonb) as periods,
      coalesce((
        select jsonb_agg(jsonb_build_object(
          'id', se.id, 'date', to_char(se.service_date, 'YYYY-MM-DD'), 'servicePeriodId', se.service_period_id,
          'servicePeriodName', sp.name, 'closed', se.closed, 'opensAt', se.opens_at,
          'lastSeatingAt', se.last_seating_at, 'closesAt', se.closes_at, 'note', se.note)
          order by se.service_date, sp.opens_at nulls first)
        from service_exceptions se left join service_periods sp on sp.id = se.service_period_id
        where se.restaurant_id = r.id and se.service_date >= ${today}::date), '[]'::jsonb) as exceptions
    from restaurants r where r.id = ${restaurantId}`.execute(db);
  const row = rows[0];
  if (!row) throw new DomainError("NOT_FOUND", `restaurant ${restaurantId} not found`);
  const time = (t: string | null) => (t === null ? null : hhmm(t));
  return {
    restaurantId: row.restaurantId,
    rulesVersion: Number(row.rulesVersion),
    venueVersion: Number(row.venueVersion),
    timezone: row.timezone,
    today,
    slotMinutes: row.slotMinutes,
    bookingHorizonDays: row.bookingHorizonDays,
    bookingCutoffMinutes: row.bookingCutoffMinutes,
    maxPartySize: row.maxPartySize,
    autoConfirm: row.autoConfirm,
    periods: row.periods.map((p) => ({
      ...p,
      daysOfWeek: p.daysOfWeek.map(Number).sort((a, b) => a - b),
      opensAt: hhmm(p.opensAt),
      lastSeatingAt: hhmm(p.lastSeatingAt),
      closesAt: hhmm(p.closesAt),
    })),
    exceptions: row.exceptions.map((e) => ({
      ...e,
      opensAt: time(e.opensAt),
      lastSeatingAt: time(e.lastSeatingAt),
      closesAt: time(e.closesAt),
    })),
    plannerPolicy: plannerPolicyOf(row.plannerConfig),
  };
}

/** The stored config through the planner's own schema; a stored value it refuses shows as the defaults. */
function plannerPolicyOf(stored: unknown): TServiceSettings["plannerPolicy"] {
  try {
    const { policy, weights } = parsePlannerConfig(stored);
    return { policy, weights };
  } catch {
    const { policy, weights } = parsePlannerConfig({});
    return { policy, weights };
  }
}
