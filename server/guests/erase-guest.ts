import { sql } from "kysely";
import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import { findGuestRow } from "./find-guest-row";
import { ERASED_GUEST_NAME, type TEraseGuestResponse } from "./guest-schema";

const ERASED_TEXT = "(erased)";

/**
 * Erases one guest for a privacy request, irreversibly, in ONE transaction. Removed: the record's name (it becomes
 * "Erased guest"), email, phone, notes and tags, and the same of every duplicate merged into it; on each of its
 * bookings the name ("Erased guest"), email, phone, notes and tags; the recipient and text of the emails
 * sent about those bookings, and the name in stored idempotent answers. Kept: the bookings themselves (times, party, status, tables, history), so the
 * restaurant's counts and the day's plan stay true; they stay linked to the erased record. A later booking with
 * the same email makes a new guest. Erasing an erased guest answers the first erasure again.
 */
export async function eraseGuest(
  db: Db,
  { restaurantId, guestId }: { restaurantId: string; guestId: string },
): Promise<TEraseGuestResponse> {
  return db.transaction(async (tx) => {
    const guest = await findGuestRow(tx, { restaurantId, guestId, forUpdate: true });
    if (guest.merged_into) {
      throw new DomainError("GUEST_INVALID", "this guest was merged into another record", {
        hint: "Open the guest it was merged into and erase that record (its duplicates are erased with it)",
        errors: [{ path: "guestId", message: "was merged into another guest" }],
      });
    }
    const duplicates = await tx
      .selectFrom("guests")
      .select("id")
      .where("restaurant_id", "=", restaurantId)
      .where("merged_into", "=", guestId)
      .forUpdate()
      .execute();
    const ids = [guestId, ...duplicates.map((d) => d.id)];
    const erased = await tx
      .updateTable("guests")
      .set({
        name: ERASED_GUEST_NAME,
        email: null,
        phone: null,
        notes: null,
        tags: sql<string[]>`'{}'::text[]`,
        erased_at: sql<Date>`coalesce(erased_at, now())`,
      })
      .where("restaurant_id", "=", restaurantId)
      .where("id", "in", ids)
      .returning(["id", "erased_at"])
      .execute();
    // The link trigger keeps guest_id when a booking's contact is removed (it stays this guest's booking).
    const bookings = await tx
      .updateTable("bookings")
      .set({
        guest_name: ERASED_GUEST_NAME,
        guest_email: null,
        guest_phone: null,
        notes: null,
        tags: sql<string[]>`'{}'::text[]`,
      })
      .where("restaurant_id", "=", restaurantId)
      .where("guest_id", "=", guestId)
      .returning("id")
      .execute();
    if (bookings.length > 0) {
      await tx
        .updateTable("notifications")
        .set({ recipient: ERASED_TEXT, subject: ERASED_TEXT, body_text: ERASED_TEXT, body_html: ERASED_TEXT })
        .where("restaurant_id", "=", restaurantId)
        .where(
          "booking_id",
          "in",
          bookings.map((b) => b.id),
        )
        .execute();
      // An email not sent yet has no one to go to now.
      await tx
        .updateTable("notifications")
        .set({ status: "failed", last_error: "guest erased" })
        .where("restaurant_id", "=", restaurantId)
        .where("status", "=", "pending")
        .where(
          "booking_id",
          "in",
          bookings.map((b) => b.id),
        )
        .execute();
    }
    // Stored answers of idempotent booking requests (replayed for 24 hours) carry the guest's name.
    if (bookings.length > 0) {
      await sql`update idempotency_keys
                set response_body = jsonb_set(response_body, '{guestName}', to_jsonb(${ERASED_GUEST_NAME}::text))
                where jsonb_typeof(response_body) = 'object' and response_body ? 'guestName'
                  and response_body->>'id' = any(${bookings.map((b) => b.id)}::text[])`.execute(tx);
    }
    // Edits record the notes before and after in the booking's history.
    if (bookings.length > 0) {
      await sql`update booking_state_history set metadata = metadata #- '{before,notes}' #- '{after,notes}'
                where booking_id = any(${bookings.map((b) => b.id)}::uuid[])
                  and (metadata->'before' ? 'notes' or metadata->'after' ? 'notes')`.execute(tx);
    }
    const at = erased.find((r) => r.id === guestId)?.erased_at ?? new Date();
    return { id: guestId, erasedAt: new Date(at).toISOString(), erasedBookings: bookings.length };
  });
}
