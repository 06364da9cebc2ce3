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
 * dedupe key decides. One read first (the booking, and whether its email was already sent: a re-run ends there).
 * A transport that sends inside the transaction (the outbox: the row IS the email) inserts the row as sent and
 * commits, exactly once by the unique key. A real transport (SMTP) claims and locks the row, sends, then marks it
 * `sent`: a crash between the server's acceptance and our commit can repeat the send, which the stable
 * Message-ID lets mail servers collapse.
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
  const dedupeKey = `${kind}:${bookingId}`;
  const booking = await db.kysely
    .selectFrom("bookings as b")
    .innerJoin("restaurants as r", "r.id", "b.restaurant_id")
    .leftJoin("notifications as n", (join) => join.on("n.dedupe_key", "=", dedupeKey))
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
    .select(["r.name as restaurant_name", "r.timezone", "n.id as notification_id", "n.status as notification_status"])
    .where("b.id", "=", bookingId)
    .executeTakeFirst();
  if (!booking) return { outcome: "skipped", reason: "booking_missing" };
  if (booking.notification_id && booking.notification_status === "sent") {
    return { outcome: "already_sent", notificationId: booking.notification_id };
  }
  if (!booking.guest_email) return { outcome: "skipped", reason: "no_email" };
  if (!STILL_TRUE[kind].includes(booking.status)) return { outcome: "skipped", reason: "status_changed" };

  const recipient = booking.guest_email;
  const mail = renderBookingEmail({
    kind,
    restaurantName: booking.restaurant_name,
    timezone: booking.timezone,
    reference: booking.reference,
    guestName: booking.guest_name,
    partySize: booking.party_size,
    startsAt: new Date(booking.starts_at),
  });
  const row = {
    restaurant_id: booking.restaurant_id,
    booking_id: booking.id,
    kind,
    dedupe_key: dedupeKey,
    recipient,
    subject: mail.subject,
    body_text: mail.text,
    body_html: mail.html,
    last_error: null,
  };

  const messageId = `<${dedupeKey}@maitre>`;
  return db.transaction(async (tx) => {
    if (transport.sendsInsideTransaction) {
      // Written as sent at once: a failing send rolls the row back, a concurrent run's insert waits on the key
      // and then does nothing (and finds it sent below) — three statements where the claim flow takes five.
      const inserted = await tx
        .insertInto("notifications")
        .values({ ...row, status: "sent", attempts: 1, sent_at: sql<Date>`now()` })
        .onConflict((oc) => oc.column("dedupe_key").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted) {
        await transport.send({ ...mail, from: mailFrom, to: recipient, messageId });
        return { outcome: "sent", notificationId: inserted.id };
      }
    } else {
      await tx
        .insertInto("notifications")
        .values({ ...row, sent_at: null })
        .onConflict((oc) => oc.column("dedupe_key").doNothing())
        .execute();
    }
    // The row lock makes concurrent runs of the same job wait here and then see `sent`.
    const claimed = await tx
      .selectFrom("notifications")
      .select(["id", "status"])
      .where("dedupe_key", "=", dedupeKey)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (claimed.status === "sent") return { outcome: "already_sent", notificationId: claimed.id };

    await transport.send({ ...mail, from: mailFrom, to: recipient, messageId });
    await tx
      .updateTable("notifications")
      .set({ status: "sent", sent_at: sql<Date>`now()`, attempts: sql<number>`attempts + 1`, last_error: null })
      .where("id", "=", claimed.id)
      .execute();
    return { outcome: "sent", notificationId: claimed.id };
  });
}
