import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bookingState, tablesOf } from "@/server/assignment/testing/assignment-test-kit";
import { createBooking } from "@/server/booking/create-booking";
import { setupEveningScenario } from "@/server/testing/factories";
import { createTestPipeline, drainConnections, type TPipeline } from "@/server/testing/pipeline-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { assignBooking } from "./assign-booking";

/**
 * First come, first served survives a fault. A booking whose worker died sits unplaced for seconds until its job
 * is resumed; bookings made meanwhile must not take the only table that fitted it and send it to review. They
 * wait for it instead (a transient failure, retried), and only what is left after it is theirs.
 */
describeEachBackend("a held-up earlier booking keeps its place", ({ db }) => {
  let pipeline: TPipeline;
  beforeAll(async () => {
    pipeline = await createTestPipeline({ db: db(), url: db().url });
  });
  afterAll(async () => {
    await pipeline?.close();
    await drainConnections(db());
  });

  const book = async (restaurantId: string, guestName: string, at: string) =>
    (
      await createBooking({
        db: db(),
        restaurantId,
        actor: { type: "guest", id: null },
        partySize: 2,
        startsAt: `2027-03-05T${at}`,
        guestName,
        source: "online",
      })
    ).body.bookingId;
  // The booking was made this long ago and is still waiting (as when its worker died right after the commit).
  const heldUpFor = (bookingId: string, seconds: number) =>
    sql`update bookings set created_at = now() - make_interval(secs => ${seconds}) where id = ${bookingId}`.execute(
      db().kysely,
    );

  it("a later booking waits instead of taking the only table the held-up one needs; the earlier one is seated", async () => {
    const venue = await setupEveningScenario(db(), { tables: [{ label: "A", capacity: 4 }] });
    const earlier = await book(venue.restaurantId, "Early Bird", "19:00");
    await heldUpFor(earlier, 5);
    const later = await book(venue.restaurantId, "Late Comer", "19:30");

    const waiting = await assignBooking(pipeline.deps, { bookingId: later, trigger: "job" });
    expect(waiting).toMatchObject({ outcome: "retry_scheduled", reasonCode: "WAITING_FOR_EARLIER_BOOKINGS" });
    expect(await tablesOf(db().kysely, later)).toEqual([]);

    const resumed = await assignBooking(pipeline.deps, { bookingId: earlier, trigger: "job" });
    expect(resumed).toMatchObject({ outcome: "assigned", tableIds: [venue.tables.A] });
    // The later one's retry now finds the floor settled: nothing fits, so it is reviewed for the right reason.
    const retry = await assignBooking(pipeline.deps, { bookingId: later, trigger: "job" });
    expect(retry).toMatchObject({ outcome: "manual_review", reasonCode: "NO_PLAN" });
    expect((await bookingState(db().kysely, earlier)).status).toBe("confirmed");
  });

  it("changes nothing while nobody is held up: a booking made a moment earlier and still in flight is no reason to wait", async () => {
    const venue = await setupEveningScenario(db(), { tables: [{ label: "A", capacity: 4 }] });
    await book(venue.restaurantId, "In Flight", "19:00");
    const later = await book(venue.restaurantId, "Next In Line", "19:30");
    expect(await assignBooking(pipeline.deps, { bookingId: later, trigger: "job" })).toMatchObject({
      outcome: "assigned",
      tableIds: [venue.tables.A],
    });
  });

  it("does not wait for a booking stuck far longer than any fault (its job is gone)", async () => {
    const venue = await setupEveningScenario(db(), { tables: [{ label: "A", capacity: 4 }] });
    const stuck = await book(venue.restaurantId, "Long Gone", "19:00");
    await heldUpFor(stuck, 600);
    const later = await book(venue.restaurantId, "Next In Line", "19:30");
    expect(await assignBooking(pipeline.deps, { bookingId: later, trigger: "job" })).toMatchObject({
      outcome: "assigned",
    });
  });
});
