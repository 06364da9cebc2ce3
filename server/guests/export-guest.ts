import type { Queryable } from "@/server/infra/db/open-db";
import { findGuestRow, guestNotFound } from "./find-guest-row";
import type { TGuestExport } from "./guest-schema";

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Everything the restaurant holds about one guest, for a subject-access request: the record, the duplicates merged
 * into it, and every booking linked to it with the contact details given on each. Three reads.
 */
export async function exportGuest(
  db: Queryable,
  { restaurantId, guestId, now }: { restaurantId: string; guestId: string; now: Date },
): Promise<TGuestExport> {
  let guest = await findGuestRow(db, { restaurantId, guestId });
  for (let hops = 0; guest.merged_into && hops < 10; hops++) {
    guest = await findGuestRow(db, { restaurantId, guestId: guest.merged_into });
  }
  const [restaurant, merged, bookings] = await Promise.all([
    db.selectFrom("restaurants").select(["id", "name"]).where("id", "=", restaurantId).executeTakeFirst(),
    db
      .selectFrom("guests")
      .select(["id", "name", "email", "phone"])
      .where("restaurant_id", "=", restaurantId)
      .where("merged_into", "=", guest.id)
      .orderBy("created_at")
      .execute(),
    db
      .selectFrom("bookings")
      .select(["id", "reference", "status", "starts_at", "ends_at", "party_size", "source", "guest_name"])
      .select(["guest_email", "guest_phone", "notes", "tags", "created_at"])
      .where("restaurant_id", "=", restaurantId)
      .where("guest_id", "=", guest.id)
      .orderBy("starts_at")
      .execute(),
  ]);
  if (!restaurant) throw guestNotFound(guestId);
  return {
    exportedAt: now.toISOString(),
    restaurant,
    guest: {
      id: guest.id,
      name: guest.name,
      email: guest.email,
      phone: guest.phone,
      notes: guest.notes,
      tags: [...guest.tags],
      createdAt: iso(guest.created_at),
      updatedAt: iso(guest.updated_at),
      erasedAt: guest.erased_at ? iso(guest.erased_at) : null,
      mergedRecords: merged,
    },
    bookings: bookings.map((b) => ({
      id: b.id,
      reference: b.reference,
      status: b.status,
      startsAt: iso(b.starts_at),
      endsAt: iso(b.ends_at),
      partySize: b.party_size,
      source: b.source,
      guestName: b.guest_name,
      guestEmail: b.guest_email,
      guestPhone: b.guest_phone,
      notes: b.notes,
      tags: [...b.tags],
      createdAt: iso(b.created_at),
    })),
  };
}
