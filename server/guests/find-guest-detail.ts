import type { Queryable } from "@/server/infra/db/open-db";
import { findGuestRow, guestNotFound } from "./find-guest-row";
import type { TGuestBooking, TGuestDetail } from "./guest-schema";
import { loadGuestSummaries } from "./load-guest-summaries";

/**
 * A guest with their bookings, newest first. A duplicate merged into another record answers as its survivor (its
 * bookings are the survivor's now), so a stale link still lands on the guest.
 */
export async function findGuestDetail(
  db: Queryable,
  { restaurantId, guestId, now }: { restaurantId: string; guestId: string; now: Date },
): Promise<TGuestDetail> {
  let row = await findGuestRow(db, { restaurantId, guestId });
  for (let hops = 0; row.merged_into && hops < 10; hops++) {
    row = await findGuestRow(db, { restaurantId, guestId: row.merged_into });
  }
  const [summaries, bookings] = await Promise.all([
    loadGuestSummaries(db, { restaurantId, ids: [row.id], now }),
    listGuestBookings(db, { restaurantId, guestId: row.id }),
  ]);
  const summary = summaries[0];
  if (!summary) throw guestNotFound(guestId);
  return { ...summary, bookings };
}

export async function listGuestBookings(
  db: Queryable,
  { restaurantId, guestId }: { restaurantId: string; guestId: string },
): Promise<TGuestBooking[]> {
  const rows = await db
    .selectFrom("bookings")
    .select(["id", "reference", "status", "starts_at", "ends_at", "party_size", "source", "guest_name", "notes"])
    .where("restaurant_id", "=", restaurantId)
    .where("guest_id", "=", guestId)
    .orderBy("starts_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map((b) => ({
    id: b.id,
    reference: b.reference,
    status: b.status,
    startsAt: new Date(b.starts_at).toISOString(),
    endsAt: new Date(b.ends_at).toISOString(),
    partySize: b.party_size,
    source: b.source,
    guestName: b.guest_name,
    notes: b.notes,
  }));
}
