import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { bookingState, historyOf, tablesOf } from "@/server/assignment/testing/assignment-test-kit";
import { createBooking } from "@/server/booking/create-booking";
import type { TBookingAssignPayload } from "@/server/booking/enqueue-booking-effects";
import type { Db } from "@/server/infra/db/open-db";
import { QUEUE_SPECS } from "@/server/infra/queue";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import {
  createTestPipeline,
  drainConnections,
  jobsFor,
  silentLog,
  type TPipeline,
  waitFor,
} from "@/server/testing/pipeline-test-kit";
import { startTestUpstash, type TestUpstash } from "@/server/testing/redis";
import { describeEachBackend } from "@/server/testing/test-db";
import { runAssignJob } from "./coordinator-jobs";
import { createAndAssignBooking } from "./create-and-assign-booking";

/**
 * The durable half of the pipeline when a booking cannot be assigned by its job: every path must end with the
 * booking placed or in manual review with a reason — never parked in assignment_pending/in_progress with no job
 * left to move it (ARCHITECTURE §4: "deterministic failure or exhausted retries goes to manual_review").
 */
const redisUrl = inject("redisUrl");

describeEachBackend("booking.assign job that cannot finish", ({ db, kind }) => {
  let pipeline: TPipeline;
  let upstash: TestUpstash | undefined;

  beforeAll(async () => {
    if (kind === "postgres" && redisUrl) upstash = await startTestUpstash();
    // One assignment per restaurant per hour: the second booking of a restaurant stays over budget for the test.
    pipeline = await createTestPipeline({
      db: db(),
      url: db().url,
      upstash,
      assignmentLimitPerMinute: 1,
      assignmentWindowSeconds: 3600,
    });
    // Jobs copy their retry settings at insert: two runs one second apart instead of six over a minute.
    const spec = QUEUE_SPECS["booking.assign"];
    await pipeline.queue.boss.updateQueue(spec.name, {
      name: spec.name,
      policy: spec.policy,
      retryLimit: 1,
      retryDelay: 1,
      retryBackoff: false,
      expireInSeconds: spec.expireInSeconds,
    });
  });

  afterAll(async () => {
    await pipeline?.close();
    await upstash?.stop();
    await drainConnections(db());
  });

  const createAndAssign = (venue: EveningScenario, at: string) =>
    createAndAssignBooking(pipeline.deps, {
      restaurantId: venue.restaurantId,
      actor: { type: "guest", id: null },
      partySize: 2,
      startsAt: `2027-03-05T${at}`,
      guestName: "Budget Guest",
      guestEmail: "budget@example.com",
      source: "online",
      deadlineMs: 10_000,
    });

  it("sends a booking whose retries ran out (rate limited every time) to review, and no-op jobs spend no budget", async () => {
    const venue = await setupEveningScenario(db());
    const first = await createAndAssign(venue, "19:00");
    expect(first.assignment).toMatchObject({ outcome: "assigned", status: "confirmed" });
    // Over the restaurant's budget: the inline run is refused and hands over to the job.
    const second = await createAndAssign(venue, "19:00");
    expect(second.assignment).toBeNull();
    expect(await bookingState(db().kysely, second.body.bookingId)).toMatchObject({ status: "assignment_pending" });

    await pipeline.startWorkers();
    pipeline.queue.wake("booking.assign");

    // The first booking's job finds it placed before asking the limiter, so it completes instead of failing.
    const [firstJob] = await waitFor(async () => {
      const jobs = await jobsFor(db(), "booking.assign", first.body.bookingId);
      return jobs[0]?.state === "completed" ? jobs : null;
    });
    expect(firstJob?.output).toMatchObject({ outcome: "already_assigned" });

    // Run 1 and run 2 (the last) are rate limited: the last one parks the booking in review with the reason.
    const [secondJob] = await waitFor(
      async () => {
        const jobs = await jobsFor(db(), "booking.assign", second.body.bookingId);
        return jobs[0]?.state === "failed" ? jobs : null;
      },
      { timeoutMs: 15_000, what: "the second booking's job to fail for good" },
    );
    expect(secondJob?.retry_count).toBe(1);
    expect(await bookingState(db().kysely, second.body.bookingId)).toMatchObject({
      status: "manual_review",
      review_reason: "ASSIGNMENT_RETRIES_EXHAUSTED",
    });
    expect((await historyOf(db().kysely, second.body.bookingId)).at(-1)).toMatchObject({
      from_status: "assignment_pending",
      to_status: "manual_review",
      event: "REQUEST_REVIEW",
      actor_type: "coordinator",
      reason: "ASSIGNMENT_RETRIES_EXHAUSTED",
    });
    const attempts = await db()
      .kysely.selectFrom("assignment_attempts")
      .select(["trigger", "outcome", "reason_code"])
      .where("booking_id", "=", second.body.bookingId)
      .execute();
    expect(attempts).toEqual([{ trigger: "job", outcome: "error", reason_code: "ASSIGNMENT_RETRIES_EXHAUSTED" }]);
  });

  it("sends a booking to review when its job fails with an unexpected (deterministic) error after the claim", async () => {
    const venue = await setupEveningScenario(db());
    // No outbox job: the running workers must not race the hand-run job below.
    const created = await createBooking({
      db: db(),
      restaurantId: venue.restaurantId,
      actor: { type: "guest", id: null },
      partySize: 2,
      startsAt: "2027-03-05T20:00",
      guestName: "Unlucky Guest",
      source: "online",
    });
    const { bookingId } = created.body;
    // A bug that surfaces after the claim, in the commit: not retried (deterministic).
    const failing = failTransactions(db(), new Error("unexpected: simulated defect in the commit path"));
    const payload: TBookingAssignPayload = { bookingId, restaurantId: venue.restaurantId, stateVersion: 2 };
    await expect(
      runAssignJob({ ...pipeline.deps, db: failing }, payload, { db: failing, log: silentLog, isFinalAttempt: false }),
    ).rejects.toThrow("simulated defect");

    expect(await bookingState(db().kysely, bookingId)).toMatchObject({
      status: "manual_review",
      review_reason: "ASSIGNMENT_ERROR",
    });
    expect((await historyOf(db().kysely, bookingId)).map((h) => h.event).slice(-2)).toEqual([
      "START_ASSIGNMENT",
      "REQUEST_REVIEW",
    ]);
    expect(await tablesOf(db().kysely, bookingId)).toEqual([]);
  });
});

/**
 * The same database, failing its first transaction with `error`: in assignBooking that is the commit, after the
 * START_ASSIGNMENT claim (one statement outside any transaction) and the plan. Later transactions (the review
 * transition) go through.
 */
function failTransactions(db: Db, error: Error): Db {
  let transactions = 0;
  return {
    ...db,
    async transaction(fn) {
      transactions += 1;
      if (transactions === 1) throw error;
      return db.transaction(fn);
    },
  };
}
