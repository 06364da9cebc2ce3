import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import type { TStaffActor, TStaffMembership } from "@/server/auth/staff-session-types";
import type { TBookingActor } from "@/server/booking/machine";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";

/** What a booking id that does not exist answers — and, identically, one of a restaurant the caller is not in. */
export function staffBookingNotFound(bookingId: string): DomainError {
  return new DomainError("NOT_FOUND", `booking ${bookingId} not found`, {
    hint: "Check the booking id; you see only the bookings of your restaurants",
    meta: { bookingId },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * For staff routes addressed by a booking id: the booking's restaurant, checked against the caller's memberships.
 * Not a member (or no such booking, or not even a uuid): NOT_FOUND, one answer for all three. A member whose role
 * is below `role`: FORBIDDEN. One indexed read — the restaurant of the booking, or (`read`) the row the use case
 * needs anyway, so the check costs no extra round trip.
 */
export async function requireStaffBooking<T extends { restaurant_id: string } = { restaurant_id: string }>(
  db: Queryable,
  {
    actor,
    bookingId,
    role = "host",
    read,
  }: {
    actor: TStaffActor;
    bookingId: string;
    role?: StaffRole;
    read?: (db: Queryable, bookingId: string) => Promise<T | undefined>;
  },
): Promise<{ restaurantId: string; membership: TStaffMembership; bookingActor: TBookingActor; booking: T }> {
  if (!UUID.test(bookingId)) throw staffBookingNotFound(bookingId);
  const row = read
    ? await read(db, bookingId)
    : ((await db.selectFrom("bookings").select("restaurant_id").where("id", "=", bookingId).executeTakeFirst()) as
        | T
        | undefined);
  if (!row || !actor.memberships.some((m) => m.restaurantId === row.restaurant_id)) {
    throw staffBookingNotFound(bookingId);
  }
  const membership = requireRestaurantRole(actor, row.restaurant_id, role);
  return {
    restaurantId: row.restaurant_id,
    membership,
    bookingActor: staffBookingActor(actor, membership),
    booking: row,
  };
}

/** The lifecycle actor of a member of staff acting in one restaurant (history rows name them and their role). */
export function staffBookingActor(
  actor: Pick<TStaffActor, "id">,
  membership: Pick<TStaffMembership, "role">,
): TBookingActor {
  return { type: "staff", id: actor.id, role: membership.role };
}
