import { sql } from "kysely";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { createHold } from "@/server/assignment/create-hold";
import type { TBookingActor } from "@/server/booking/machine";
import { transitionBooking } from "@/server/booking/transition-booking";
import type { Db, Queryable } from "@/server/infra/db/open-db";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";

const host: TBookingActor = { type: "staff", id: "host-1", role: "host" };

export type TPlacedEvening = {
  venue: EveningScenario;
  /** Party of 2 on A at 18:00, confirmed. */
  confirmed: { id: string; reference: string };
  /** Party of 6 on B+C (merged, adjacent) at 18:00, assigned. */
  merged: { id: string; reference: string };
  /** Party of 2 at 20:00, cancelled. */
  cancelled: { id: string; reference: string };
  /** Party of 2 at 20:00 with a live hold on D, waiting for assignment. */
  held: { id: string; reference: string; holdId: string };
};

/**
 * A restaurant's evening built through the real use cases (chain A–B–C–D of four-tops): a confirmed booking, a
 * merged assignment, a cancellation and a live manual hold. Every invariant holds on it; tests break one at a time.
 */
export async function setupPlacedEvening(db: Db): Promise<TPlacedEvening> {
  const venue = await setupEveningScenario(db);
  const at = (label: string) => venue.tables[label] as string;
  const assign = (bookingId: string, labels: string[]) =>
    commitAssignment({ db, restaurantId: venue.restaurantId, bookingId, tableIds: labels.map(at), actor: host });
  const first = await venue.book({ party: 2, at: "18:00" });
  await assign(first.bookingId, ["A"]);
  await transitionBooking({ db, bookingId: first.bookingId, event: { type: "CONFIRM" }, actor: host });
  const six = await venue.book({ party: 6, at: "18:00" });
  await assign(six.bookingId, ["B", "C"]);
  const gone = await venue.book({ party: 2, at: "20:00" });
  await transitionBooking({ db, bookingId: gone.bookingId, event: { type: "CANCEL" }, actor: host });
  const waiting = await venue.book({ party: 2, at: "20:00" });
  const { body: hold } = await createHold({
    db,
    restaurantId: venue.restaurantId,
    bookingId: waiting.bookingId,
    tableIds: [at("D")],
    actor: host,
  });
  const ref = (b: { bookingId: string; reference: string }) => ({ id: b.bookingId, reference: b.reference });
  return {
    venue,
    confirmed: ref(first),
    merged: ref(six),
    cancelled: ref(gone),
    held: { ...ref(waiting), holdId: hold.holdId },
  };
}

/** A second `booking_confirmed` row for a booking (another dedupe key): the duplicate email the invariant catches. */
export async function plantDuplicateNotification(db: Queryable, evening: TPlacedEvening): Promise<void> {
  for (const suffix of ["a", "b"]) {
    await sql`insert into notifications (restaurant_id, booking_id, kind, dedupe_key, recipient, subject, body_text,
                                         body_html, status)
              values (${evening.venue.restaurantId}, ${evening.confirmed.id}, 'booking_confirmed',
                      ${`planted-${suffix}:${evening.confirmed.id}`}, 'guest@example.com', 'Confirmed', 'text',
                      '<p>html</p>', 'sent')`.execute(db);
  }
}
