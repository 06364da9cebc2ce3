import { beforeAll, expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { host, system } from "@/server/assignment/testing/assignment-test-kit";
import { createBooking } from "@/server/booking/create-booking";
import { transitionBooking } from "@/server/booking/transition-booking";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import type { TMail, TMailTransport } from "./mail-transport";
import { sendBookingNotification } from "./send-booking-notification";

/**
 * booking.notify's exactly-once guarantee, on both backends: however many times (and however concurrently) the
 * job runs for one booking, one notifications row is `sent` and the transport is handed the mail once; a send
 * that fails leaves nothing behind, so the retry sends.
 */
describeEachBackend("sendBookingNotification", ({ db }) => {
  let venue: EveningScenario;

  beforeAll(async () => {
    venue = await setupEveningScenario(db());
  });

  /** A transport that records what it was handed (the outbox's behaviour: the row is the email). */
  const recordingTransport = (fail = false): TMailTransport & { sent: TMail[] } => {
    const sent: TMail[] = [];
    return {
      name: "outbox",
      sendsInsideTransaction: true,
      sent,
      async send(mail) {
        if (fail) throw new Error("SMTP 451: try again later");
        sent.push(mail);
      },
    };
  };

  const confirmedBooking = async (email: string | null) => {
    const created = await createBooking({
      db: db(),
      restaurantId: venue.restaurantId,
      actor: system,
      partySize: 2,
      startsAt: "2027-03-05T18:30",
      guestName: "Nora Notified",
      guestEmail: email,
      source: "phone",
    });
    const { bookingId } = created.body;
    // Each booking of this file gets a table nobody has used yet (four tables, four bookings): no overlap to manage.
    const tables = Object.values(venue.tables);
    const free = [];
    for (const table of tables) {
      const taken = await db()
        .kysely.selectFrom("allocations")
        .select("id")
        .where("table_id", "=", table)
        .executeTakeFirst();
      if (!taken) free.push(table);
    }
    await commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId,
      tableIds: free.slice(0, 1),
      actor: host,
    });
    await transitionBooking({ db: db(), bookingId, event: { type: "CONFIRM" }, actor: host });
    return bookingId;
  };

  const send = (bookingId: string, transport: TMailTransport) =>
    sendBookingNotification({
      db: db(),
      transport,
      mailFrom: "Maitre <test@maitre.local>",
      bookingId,
      kind: "booking_confirmed",
    });

  const rowsOf = (bookingId: string) =>
    db()
      .kysely.selectFrom("notifications")
      .select(["status", "recipient", "dedupe_key", "attempts"])
      .where("booking_id", "=", bookingId)
      .execute();

  it("sends once when the job runs five times at once", async () => {
    const bookingId = await confirmedBooking("nora@example.com");
    const transport = recordingTransport();
    const results = await Promise.all(Array.from({ length: 5 }, () => send(bookingId, transport)));
    expect(results.map((r) => r.outcome).sort()).toEqual([
      "already_sent",
      "already_sent",
      "already_sent",
      "already_sent",
      "sent",
    ]);
    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0]).toMatchObject({
      to: "nora@example.com",
      messageId: `<booking_confirmed:${bookingId}@maitre>`,
    });
    expect(await rowsOf(bookingId)).toEqual([
      { status: "sent", recipient: "nora@example.com", dedupe_key: `booking_confirmed:${bookingId}`, attempts: 1 },
    ]);
  });

  it("leaves nothing behind when the transport fails, so the retried job sends", async () => {
    const bookingId = await confirmedBooking("retry@example.com");
    await expect(send(bookingId, recordingTransport(true))).rejects.toThrow("SMTP 451");
    expect(await rowsOf(bookingId)).toEqual([]);
    const transport = recordingTransport();
    expect(await send(bookingId, transport)).toMatchObject({ outcome: "sent" });
    expect(transport.sent).toHaveLength(1);
    expect(await rowsOf(bookingId)).toHaveLength(1);
  });

  it("sends nothing to a guest without email, nor for a booking no longer confirmed", async () => {
    const transport = recordingTransport();
    const noEmail = await confirmedBooking(null);
    expect(await send(noEmail, transport)).toEqual({ outcome: "skipped", reason: "no_email" });
    const cancelled = await confirmedBooking("gone@example.com");
    await transitionBooking({ db: db(), bookingId: cancelled, event: { type: "CANCEL" }, actor: host });
    expect(await send(cancelled, transport)).toEqual({ outcome: "skipped", reason: "status_changed" });
    expect(transport.sent).toEqual([]);
    expect(await rowsOf(noEmail)).toEqual([]);
    expect(await rowsOf(cancelled)).toEqual([]);
  });
});
