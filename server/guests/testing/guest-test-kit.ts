import { sql } from "kysely";
import { createBooking } from "@/server/booking/create-booking";
import type { Db, Queryable } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";

/** A booking through the real use case, with the guest's contact (the link trigger runs on its insert). */
export async function bookGuest(
  db: Db,
  {
    restaurantId,
    at,
    date = "2027-03-05",
    name = "Ada Lovelace",
    email = null,
    phone = null,
    party = 2,
  }: {
    restaurantId: string;
    at: string;
    date?: string;
    name?: string;
    email?: string | null;
    phone?: string | null;
    party?: number;
  },
): Promise<{ id: string; reference: string; guestId: string | null }> {
  const created = await createBooking({
    db,
    restaurantId,
    actor: { type: "system", id: "test-seed" },
    partySize: party,
    startsAt: `${date}T${at}`,
    guestName: name,
    guestEmail: email,
    guestPhone: phone,
    source: "phone",
  });
  const id = created.body.bookingId;
  return { id, reference: created.body.reference, guestId: await guestIdOf(db.kysely, id) };
}

export async function guestIdOf(db: Queryable, bookingId: string): Promise<string | null> {
  const row = await db.selectFrom("bookings").select("guest_id").where("id", "=", bookingId).executeTakeFirstOrThrow();
  return row.guest_id;
}

/**
 * Moves a booking to `to` along the allowed transitions (shortest path in booking_transitions), one version per
 * step, as the lifecycle would: tests need completed, no-show and cancelled bookings without running a service.
 */
export async function forceStatus(db: Queryable, bookingId: string, to: BookingStatus): Promise<void> {
  const pairs = (await db.selectFrom("booking_transitions").select(["from_status", "to_status"]).execute()) as Array<{
    from_status: string;
    to_status: string;
  }>;
  const current = await db
    .selectFrom("bookings")
    .select(["status"])
    .where("id", "=", bookingId)
    .executeTakeFirstOrThrow();
  const previous = new Map<string, string>([[current.status, ""]]);
  const queue = [current.status as string];
  while (queue.length > 0 && !previous.has(to)) {
    const from = queue.shift() as string;
    for (const p of pairs) {
      if (p.from_status === from && !previous.has(p.to_status)) {
        previous.set(p.to_status, from);
        queue.push(p.to_status);
      }
    }
  }
  if (!previous.has(to)) throw new Error(`no path from ${current.status} to ${to}`);
  const path: string[] = [];
  for (let s = to as string; s !== current.status; s = previous.get(s) as string) path.unshift(s);
  for (const status of path) {
    await sql`update bookings set status = ${status}, state_version = state_version + 1 where id = ${bookingId}`.execute(
      db,
    );
  }
}
