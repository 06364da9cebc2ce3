import { sql } from "kysely";
import type { Db } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";
import type { TMailTransport } from "./mail-transport";
import { renderBookingEmail } from "./render-booking-email";

export type TNotificationKind = "booking_confirmed" | "booking_cancelled";
export type TSendNotificationResult =
  | { outcome: "sent"; notificationId: string }
  | { outcome: "already_sent"; notificationId: string }
  | { outcome: "skipped"; reason: "no_email" | "status_changed" | "booking_missing" };

// The status a booking must still be in for its email to make sense when the job runs.
const STILL_TRUE: Record<TNotificationKind, readonly BookingStatus[]> = {
  booking_confirmed: ["confirmed", "checked_in", "completed"],
  booking_cancelled: ["cancelled"],
};

/**
 * Sends one guest email per (kind, booking), however often the job runs: the notifications row's unique
 * dedupe key is claimed and locked first, and a row already `sent` ends the job. With the outbox transport the
 * send and the `sent` mark commit together (exactly once); with SMTP a crash between the server's acceptance and
 * our commit can repeat the send, which the stable Message-ID lets mail servers collapse.
 */
export async function sendBookingNotification({
  db,
  transport,
  mailFrom,
  bookingId,
  kind,
}: {
  db: Db;
  transport: TMailTransport;
  mailFrom: string;
  bookingId: string;
  kind: TNotificationKind;
}): Promise<TSendNotificationResult> {
  return db.transaction(async (tx) => {
    const booking = await tx
      .selectFrom("bookings as b")
      .innerJoin("restaurants as r", "r.id", "b.restaurant_id")
      .select([
        "b.id",
        "b.restaurant_id",
        "b.reference",
        "b.guest_name",
        "b.guest_email",
        "b.party_size",
        "b.starts_at",
        "b.status",
      ])
      .select(["r.name as restaurant_name", "r.timezone"])
      .where("b.id", "=", bookingId)
      .executeTakeFirst();
    if (!booking) return { outcome: "skipped", reason: "booking_missing" };
    if (!booking.guest_email) return { outcome: "skipped", reason: "no_email" };
    if (!STILL_TRUE[kind].includes(booking.status)) return { outcome: "skipped", reason: "status_changed" };

    const dedupeKey = `${kind}:${booking.id}`;
    const mail = renderBookingEmail({
      kind,
      restaurantName: booking.restaurant_name,
      timezone: booking.timezone,
      reference: booking.reference,
      guestName: booking.guest_name,
      partySize: booking.party_size,
      startsAt: new Date(booking.starts_at),
    });
    await tx
      .insertInto("notifications")
      .values({
        restaurant_id: booking.restaurant_id,
        booking_id: booking.id,
        kind,
        dedupe_key: dedupeKey,
        recipient: booking.guest_email,
        subject: mail.subject,
        body_text: mail.text,
        body_html: mail.html,
        last_error: null,
        sent_at: null,
      })
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .execute();
    // The row lock makes concurrent runs of the same job wait here and then see `sent`.
    const row = await tx
      .selectFrom("notifications")
      .select(["id", "status"])
      .where("dedupe_key", "=", dedupeKey)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.status === "sent") return { outcome: "already_sent", notificationId: row.id };

    await transport.send({ ...mail, from: mailFrom, to: booking.guest_email, messageId: `<${dedupeKey}@maitre>` });
    await tx
      .updateTable("notifications")
      .set({ status: "sent", sent_at: sql<Date>`now()`, attempts: sql<number>`attempts + 1`, last_error: null })
      .where("id", "=", row.id)
      .execute();
    return { outcome: "sent", notificationId: row.id };
  });
}
