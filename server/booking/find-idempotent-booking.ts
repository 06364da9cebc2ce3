import type { Queryable } from "@/server/infra/db/open-db";
import { idempotencyScopeOf } from "./idempotency-scope";
import type { TBookingActor } from "./machine";

/**
 * The booking `actor` already created with this Idempotency-Key in this restaurant, if any: a retry must see it
 * before acting as if the booking were new (a walk-in's "now" start, a seat-now check that would find its own
 * tables taken). createBooking still decides replay or refusal under its transaction.
 */
export async function findIdempotentBooking(
  db: Queryable,
  { restaurantId, actor, key }: { restaurantId: string; actor: Pick<TBookingActor, "type" | "id">; key: string },
): Promise<{ id: string; startsAt: Date } | undefined> {
  const row = await db
    .selectFrom("bookings")
    .select(["id", "starts_at"])
    .where("restaurant_id", "=", restaurantId)
    .where("idempotency_scope", "=", idempotencyScopeOf(actor))
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
  return row ? { id: row.id, startsAt: new Date(row.starts_at) } : undefined;
}
