import type { Queryable } from "@/server/infra/db/open-db";
import type { TAffectedBooking } from "./service-settings-schema";

/** Bookings that still expect to be seated (not cancelled, no-show or completed). */
const OVER = ["cancelled", "no_show", "completed"] as const;

/**
 * A restaurant's live bookings starting in [from, to) (to: open-ended when left out), optionally only those of
 * some service periods, in time order: the guests to call when a day closes or a service goes.
 */
export async function findUpcomingBookings(
  db: Queryable,
  {
    restaurantId,
    from,
    to,
    servicePeriodIds,
  }: { restaurantId: string; from: Date; to?: Date; servicePeriodIds?: readonly string[] },
): Promise<TAffectedBooking[]> {
  if (servicePeriodIds && servicePeriodIds.length === 0) return [];
  let query = db
    .selectFrom("bookings as b")
    .leftJoin("service_periods as sp", "sp.id", "b.service_period_id")
    .select([
      "b.id",
      "b.reference",
      "b.guest_name",
      "b.guest_phone",
      "b.guest_email",
      "b.party_size",
      "b.starts_at",
      "b.status",
      "sp.name as period_name",
    ])
    .where("b.restaurant_id", "=", restaurantId)
    .where("b.starts_at", ">=", from)
    .where("b.status", "not in", OVER)
    .orderBy("b.starts_at")
    .orderBy("b.reference")
    .limit(500);
  if (to) query = query.where("b.starts_at", "<", to);
  if (servicePeriodIds) query = query.where("b.service_period_id", "in", servicePeriodIds);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    guestName: r.guest_name,
    guestPhone: r.guest_phone,
    guestEmail: r.guest_email,
    partySize: r.party_size,
    startsAt: new Date(r.starts_at).toISOString(),
    status: r.status,
    servicePeriodName: r.period_name ?? null,
  }));
}
