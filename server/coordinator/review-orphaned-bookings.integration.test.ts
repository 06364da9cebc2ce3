import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bookingState, historyOf } from "@/server/assignment/testing/assignment-test-kit";
import { createBooking } from "@/server/booking/create-booking";
import { setupEveningScenario } from "@/server/testing/factories";
import { createTestPipeline, drainConnections, jobsFor, type TPipeline } from "@/server/testing/pipeline-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { createAndAssignBooking } from "./create-and-assign-booking";
import { reviewOrphanedBookings } from "./review-orphaned-bookings";

/**
 * The safety net under booking.assign: when a booking's last assignment job is gone without settling it (its final
 * retry died with its worker; pg-boss fails such a job without running the handler), the minute check sends the
 * booking to manual review with a reason and a history row — and leaves alone every booking that still has a job,
 * and every booking already placed.
 */
describeEachBackend("orphaned bookings go to review", ({ db }) => {
  let pipeline: TPipeline;

  beforeAll(async () => {
    pipeline = await createTestPipeline({ db: db(), url: db().url });
  });
  afterAll(async () => {
    await pipeline?.close();
    await drainConnections(db());
  });

  const pendingBooking = async (restaurantId: string, at: string) => {
    const created = await createBooking({
      db: db(),
      restaurantId,
      actor: { type: "guest", id: null },
      partySize: 2,
      startsAt: `2027-03-05T${at}`,
      guestName: "Waiting Guest",
      source: "online",
      enqueue: pipeline.deps.enqueue,
    });
    return created.body.bookingId;
  };

  it("keeps a booking whose job is alive, reviews the one whose jobs all ended, ignores placed ones", async () => {
    const venue = await setupEveningScenario(db());
    const alive = await pendingBooking(venue.restaurantId, "19:00");
    const orphan = await pendingBooking(venue.restaurantId, "19:30");
    const placed = await createAndAssignBooking(pipeline.deps, {
      restaurantId: venue.restaurantId,
      actor: { type: "guest", id: null },
      partySize: 2,
      startsAt: "2027-03-05T20:00",
      guestName: "Seated Guest",
      source: "online",
      deadlineMs: 10_000,
    });
    expect(placed.assignment).toMatchObject({ outcome: "assigned" });
    expect((await jobsFor(db(), "booking.assign", orphan)).length).toBeGreaterThan(0);
    // What pg-boss does when the final retry's worker died: the job is failed, the handler never ran.
    await sql`update pgboss.job set state = 'failed' where name = 'booking.assign' and data->>'bookingId' = ${orphan}`.execute(
      db().kysely,
    );

    // Not old enough yet (the default waits five minutes): nothing moves.
    expect(await reviewOrphanedBookings(pipeline.deps)).toBe(0);
    expect(await reviewOrphanedBookings(pipeline.deps, { olderThanSeconds: 0 })).toBe(1);

    expect(await bookingState(db().kysely, orphan)).toMatchObject({
      status: "manual_review",
      review_reason: "ASSIGNMENT_RETRIES_EXHAUSTED",
    });
    expect((await historyOf(db().kysely, orphan)).at(-1)).toMatchObject({
      to_status: "manual_review",
      actor_type: "coordinator",
      reason: "ASSIGNMENT_RETRIES_EXHAUSTED",
    });
    expect(await bookingState(db().kysely, alive)).toMatchObject({ status: "assignment_pending" });
    expect((await bookingState(db().kysely, placed.body.bookingId)).status).toBe("confirmed");
    // Run again: nothing left to move.
    expect(await reviewOrphanedBookings(pipeline.deps, { olderThanSeconds: 0 })).toBe(0);
  });
});
