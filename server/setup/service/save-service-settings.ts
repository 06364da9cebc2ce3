import { sql } from "kysely";
import { DomainError, type FieldError } from "@/server/errors/domain-error";
import type { Db, Tx } from "@/server/infra/db/open-db";
import { findUpcomingBookings } from "./find-upcoming-bookings";
import { lockRestaurantVersion } from "./lock-restaurant-version";
import { readServiceSettings } from "./read-service-settings";
import {
  checkServiceSettings,
  type TSaveServiceRequest,
  type TSaveServiceResponse,
  type TServicePeriodInput,
} from "./service-settings-schema";

/**
 * PUT /api/ops/restaurants/{id}/service: the weekly service periods (the whole list: added, changed, removed) and
 * the booking window, in ONE transaction on the restaurant's locked row, based on `expectedRulesVersion` (STALE
 * with the current settings otherwise). Refused with nothing written: rules broken (SERVICE_RULES_INVALID naming
 * the field), a removed period that still has upcoming bookings (PERIOD_HAS_BOOKINGS with them: switch it off
 * instead). A removed period that only past bookings refer to is kept, switched off (`deactivated`). The triggers
 * bump rules_version, so availability and bookings use the new rules on their next request.
 */
export async function saveServiceSettings(
  db: Db,
  { restaurantId, request, now = new Date() }: { restaurantId: string; request: TSaveServiceRequest; now?: Date },
): Promise<TSaveServiceResponse> {
  const errors = checkServiceSettings(request);
  return db.transaction(async (tx) => {
    await lockRestaurantVersion(tx, { restaurantId, version: "rules", expected: request.expectedRulesVersion });
    if (errors.length > 0) throw invalid(errors);
    let deactivated: string[] = [];
    if (request.periods) deactivated = await savePeriods(tx, { restaurantId, periods: request.periods, now });
    const window = {
      ...(request.bookingHorizonDays !== undefined ? { booking_horizon_days: request.bookingHorizonDays } : {}),
      ...(request.bookingCutoffMinutes !== undefined ? { booking_cutoff_minutes: request.bookingCutoffMinutes } : {}),
    };
    if (Object.keys(window).length > 0) {
      await tx.updateTable("restaurants").set(window).where("id", "=", restaurantId).execute();
    }
    return { ...(await readServiceSettings(tx, { restaurantId, now })), deactivated };
  });
}

function invalid(errors: FieldError[]): DomainError {
  return new DomainError("SERVICE_RULES_INVALID", `the service settings have ${errors.length} error(s)`, { errors });
}

async function savePeriods(
  tx: Tx,
  { restaurantId, periods, now }: { restaurantId: string; periods: TServicePeriodInput[]; now: Date },
): Promise<string[]> {
  const existing = await tx
    .selectFrom("service_periods")
    .select(["id", "name"])
    .where("restaurant_id", "=", restaurantId)
    .execute();
  const known = new Set(existing.map((p) => p.id));
  const unknown: FieldError[] = periods.flatMap((p, i) =>
    p.id !== undefined && !known.has(p.id)
      ? [{ path: `periods.${i}.id`, message: "no such service here (removed meanwhile?): reload the page" }]
      : [],
  );
  if (unknown.length > 0) throw invalid(unknown);

  const kept = new Set(periods.flatMap((p) => (p.id ? [p.id] : [])));
  const removed = existing.filter((p) => !kept.has(p.id));
  const stranded = await findUpcomingBookings(tx, {
    restaurantId,
    from: now,
    servicePeriodIds: removed.map((p) => p.id),
  });
  if (stranded.length > 0) {
    const names = [...new Set(stranded.map((b) => b.servicePeriodName))].join(", ");
    throw new DomainError("PERIOD_HAS_BOOKINGS", `${names} still has ${stranded.length} upcoming booking(s)`, {
      meta: { bookings: stranded },
      errors: removed.map((p) => ({ path: "periods", message: `${p.name} has upcoming bookings` })),
    });
  }
  // Past bookings and optimizer runs keep a foreign key to their period: such a period is switched off, not deleted.
  const deactivated: string[] = [];
  for (const period of removed) {
    const { rows } = await sql<{ used: boolean }>`
      select exists (select 1 from bookings where service_period_id = ${period.id})
          or exists (select 1 from optimizer_runs where service_period_id = ${period.id}) as used`.execute(tx);
    if (rows[0]?.used) {
      deactivated.push(period.name);
      // Renamed out of the way, so a new service may take its name.
      await tx
        .updateTable("service_periods")
        .set({
          active: false,
          name: `${period.name} (removed ${now.toISOString().slice(0, 10)}) ${period.id.slice(0, 4)}`,
        })
        .where("id", "=", period.id)
        .execute();
    } else await tx.deleteFrom("service_periods").where("id", "=", period.id).execute();
  }
  // Names move first to placeholders, so two services may swap names in one save (names are unique).
  for (const p of periods) {
    if (p.id) {
      await tx
        .updateTable("service_periods")
        .set({ name: `~${p.id}` })
        .where("id", "=", p.id)
        .execute();
    }
  }
  for (const p of periods) {
    const values = {
      name: p.name.trim(),
      days_of_week: [...p.daysOfWeek].sort((a, b) => a - b),
      opens_at: p.opensAt,
      last_seating_at: p.lastSeatingAt,
      closes_at: p.closesAt,
      buffer_minutes: p.bufferMinutes,
      pacing_covers_per_slot: p.pacingCoversPerSlot,
      pacing_online_covers_per_slot: p.pacingOnlineCoversPerSlot,
      active: p.active,
    };
    let id = p.id;
    if (id) await tx.updateTable("service_periods").set(values).where("id", "=", id).execute();
    else {
      const inserted = await tx
        .insertInto("service_periods")
        .values({ restaurant_id: restaurantId, ...values })
        .returning("id")
        .executeTakeFirstOrThrow();
      id = inserted.id;
    }
    await tx.deleteFrom("service_turn_times").where("service_period_id", "=", id).execute();
    await tx
      .insertInto("service_turn_times")
      .values(
        p.turnTimes.map((t) => ({
          service_period_id: id,
          max_party_size: t.maxPartySize,
          turn_minutes: t.turnMinutes,
        })),
      )
      .execute();
  }
  return deactivated;
}
