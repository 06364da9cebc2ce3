import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { bookingState, historyOf, host, tablesOf } from "@/server/assignment/testing/assignment-test-kit";
import { createBooking } from "@/server/booking/create-booking";
import type { Db } from "@/server/infra/db/open-db";
import { createOutboxTransport } from "@/server/notifications/mail-transport";
import { sendBookingNotification } from "@/server/notifications/send-booking-notification";
import { type EveningScenario, SEED_ACTOR, setupEveningScenario } from "@/server/testing/factories";
import {
  createTestPipeline,
  drainConnections,
  jobsFor,
  notificationsOf,
  overlappingAllocations,
  type TPipeline,
  waitFor,
  waitUntilSettled,
} from "@/server/testing/pipeline-test-kit";
import { startTestUpstash, type TestUpstash } from "@/server/testing/redis";
import { describeEachBackend } from "@/server/testing/test-db";
import { assignBooking } from "./assign-booking";
import type { TAssignResult } from "./assign-outcome";
import { createAndAssignBooking } from "./create-and-assign-booking";
import { planBookingTables } from "./plan-booking-tables";

/**
 * Issue #5 on both backends: PGlite with the embedded shape's in-process locks and limiter; PostgreSQL with the
 * distributed shape's Upstash locks (advisory-lock fallback) and Upstash limiter through the local proxy against
 * real Redis — or advisory locks alone when no Redis answers (the title says which).
 */
const redisUrl = inject("redisUrl");

describeEachBackend(`coordinator pipeline${redisUrl ? "" : " (no Redis: advisory locks only)"}`, ({ db, kind }) => {
  let pipeline: TPipeline;
  let upstash: TestUpstash | undefined;
  let workersStarted = false;

  beforeAll(async () => {
    if (kind === "postgres" && redisUrl) upstash = await startTestUpstash();
    pipeline = await createTestPipeline({ db: db(), url: db().url, upstash });
    expect(pipeline.adapters).toEqual(
      kind === "pglite"
        ? { locks: "memory", limiter: "memory" }
        : upstash
          ? { locks: "upstash>postgres", limiter: "upstash" }
          : { locks: "postgres", limiter: "memory" },
    );
  });

  afterAll(async () => {
    await pipeline?.close();
    await upstash?.stop();
    await drainConnections(db());
  });

  const startWorkers = async () => {
    if (workersStarted) return;
    workersStarted = true;
    await pipeline.startWorkers();
  };

  const createAndAssign = (
    venue: EveningScenario,
    input: { party: number; at: string; email?: string; deadlineMs?: number },
  ) =>
    createAndAssignBooking(pipeline.deps, {
      restaurantId: venue.restaurantId,
      actor: { type: "guest", id: null },
      partySize: input.party,
      startsAt: `2027-03-05T${input.at}`,
      guestName: "Ada Guest",
      guestEmail: input.email ?? null,
      source: "online",
      deadlineMs: input.deadlineMs ?? 10_000,
    });

  /**
   * A booking waiting for assignment, not yet assigned by anyone. With `withJob` its booking.assign job is
   * committed with it (the outbox) and the running workers race for it; without, only the test assigns it.
   */
  const queueBooking = async (venue: EveningScenario, party: number, at: string, { withJob = false } = {}) =>
    (
      await createBooking({
        db: db(),
        restaurantId: venue.restaurantId,
        actor: SEED_ACTOR,
        partySize: party,
        startsAt: `2027-03-05T${at}`,
        guestName: "Queued Guest",
        source: "phone",
        ...(withJob ? { enqueue: pipeline.deps.enqueue } : {}),
      })
    ).body;

  it("gives the inline attempt a head start: the booking's job is due 2 s after the commit, or at once without inline", async () => {
    const venue = await setupEveningScenario(db());
    const delayOf = async (bookingId: string) => {
      const { rows } = await db().query<{ seconds: number }>(
        "select extract(epoch from start_after - created_on)::float8 as seconds from pgboss.job " +
          "where name = 'booking.assign' and data->>'bookingId' = $1",
        [bookingId],
      );
      expect(rows).toHaveLength(1);
      return Number(rows[0]?.seconds);
    };
    const inline = await createAndAssign(venue, { party: 2, at: "18:00" });
    // A worker taking the job before then would only wait on the inline run's booking lock and fail (LockBusy).
    expect(await delayOf(inline.body.bookingId)).toBeGreaterThanOrEqual(1.9);
    const jobOnly = await createAndAssign(venue, { party: 2, at: "18:30", deadlineMs: 0 });
    expect(jobOnly.assignment).toBeNull();
    expect(await delayOf(jobOnly.body.bookingId)).toBeLessThan(0.5);
  });

  it("creates through the use case and ends confirmed on tables; the notify job sends exactly one email", async () => {
    const venue = await setupEveningScenario(db());
    const created = await createAndAssign(venue, { party: 3, at: "19:00", email: "ada@example.com" });
    const { bookingId } = created.body;

    expect(created.assignment).toMatchObject({ outcome: "assigned", status: "confirmed", attempts: 1 });
    const state = await bookingState(db().kysely, bookingId);
    expect(state).toMatchObject({ status: "confirmed", review_reason: null, assignment_failures: 0 });
    const tables = await tablesOf(db().kysely, bookingId);
    expect(tables).toHaveLength(1);
    expect(tables).toEqual(created.assignment?.outcome === "assigned" ? created.assignment.tableIds : []);
    expect((await historyOf(db().kysely, bookingId)).map((h) => `${h.event}→${h.to_status}`)).toEqual([
      "CREATE→created",
      "CAPACITY_VERIFIED→capacity_verified",
      "QUEUE_ASSIGNMENT→assignment_pending",
      "START_ASSIGNMENT→assignment_in_progress",
      "ASSIGNMENT_SUCCEEDED→assigned",
      "CONFIRM→confirmed",
    ]);
    const attempts = await attemptsOf(db(), bookingId);
    expect(attempts).toEqual([expect.objectContaining({ trigger: "inline", outcome: "assigned", reason_code: null })]);

    // The outbox committed both jobs with the writes: the durable assign job and the guest email.
    expect((await jobsFor(db(), "booking.assign", bookingId)).map((j) => j.state)).toEqual(["created"]);
    expect((await jobsFor(db(), "booking.notify", bookingId)).map((j) => j.state)).toEqual(["created"]);
    expect(await notificationsOf(db().kysely, bookingId)).toEqual([]);

    await startWorkers();
    pipeline.queue.wake("booking.notify");
    pipeline.queue.wake("booking.assign");
    const [notify] = await waitFor(async () => {
      const jobs = await jobsFor(db(), "booking.notify", bookingId);
      return jobs[0]?.state === "completed" ? jobs : null;
    });
    expect(notify?.output).toMatchObject({ outcome: "sent" });
    // The queued assign job found the booking placed by the inline run and did nothing.
    const [assignJob] = await waitFor(async () => {
      const jobs = await jobsFor(db(), "booking.assign", bookingId);
      return jobs[0]?.state === "completed" ? jobs : null;
    });
    expect(assignJob?.output).toMatchObject({ outcome: "already_assigned", status: "confirmed" });

    const rows = await notificationsOf(db().kysely, bookingId);
    expect(rows).toEqual([
      {
        kind: "booking_confirmed",
        status: "sent",
        recipient: "ada@example.com",
        dedupe_key: `booking_confirmed:${bookingId}`,
      },
    ]);
    // A duplicate delivery of the job (retry after a crash, a second enqueue) sends nothing more.
    const again = await sendBookingNotification({
      db: db(),
      transport: createOutboxTransport(),
      mailFrom: "test@maitre.local",
      bookingId,
      kind: "booking_confirmed",
    });
    expect(again.outcome).toBe("already_sent");
    expect(await notificationsOf(db().kysely, bookingId)).toHaveLength(1);
    expect(await tablesOf(db().kysely, bookingId)).toEqual(tables);
  });

  it("inline and job run at once: one assigns, the other exits already_assigned", async () => {
    const venue = await setupEveningScenario(db());
    // Called directly, both at the same instant: the booking lock serialises them.
    const direct = await queueBooking(venue, 2, "18:00");
    const results = await Promise.all([
      assignBooking(pipeline.deps, { bookingId: direct.bookingId, trigger: "inline" }),
      assignBooking(pipeline.deps, { bookingId: direct.bookingId, trigger: "job" }),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["already_assigned", "assigned"]);
    expectOneAssignment(await historyOf(db().kysely, direct.bookingId));

    // Through the real queue: the job is woken while the inline run starts; either may win.
    await startWorkers();
    const raced = await queueBooking(venue, 2, "18:00", { withJob: true });
    pipeline.queue.wake("booking.assign");
    const inline = await assignBooking(pipeline.deps, { bookingId: raced.bookingId, trigger: "inline" }).catch(
      (error: unknown) => ({ outcome: `threw ${(error as Error).message}` }),
    );
    const [job] = await waitFor(async () => {
      const jobs = await jobsFor(db(), "booking.assign", raced.bookingId);
      return jobs[0]?.state === "completed" ? jobs : null;
    });
    const jobOutcome = (job?.output as TAssignResult | undefined)?.outcome;
    expect([inline.outcome, jobOutcome].sort()).toEqual(["already_assigned", "assigned"]);
    expect(await bookingState(db().kysely, raced.bookingId)).toMatchObject({ status: "confirmed" });
    expectOneAssignment(await historyOf(db().kysely, raced.bookingId));
    expect(await tablesOf(db().kysely, raced.bookingId)).toHaveLength(1);
    // Two parties of two at 18:00, two different tables.
    expect(await tablesOf(db().kysely, raced.bookingId)).not.toEqual(await tablesOf(db().kysely, direct.bookingId));
  });

  it("a client sending one booking 10 times at once (same Idempotency-Key) gets one booking, assigned once", async () => {
    const venue = await setupEveningScenario(db());
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        createAndAssignBooking(pipeline.deps, {
          restaurantId: venue.restaurantId,
          actor: { type: "api_key", id: "test-client" },
          partySize: 2,
          startsAt: "2027-03-05T20:15",
          guestName: "Impatient Guest",
          guestEmail: "impatient@example.com",
          source: "online",
          idempotencyKey: "retry-storm-0001",
          deadlineMs: 10_000,
        }),
      ),
    );
    const ids = new Set(results.map((r) => r.body.bookingId));
    expect(ids.size).toBe(1);
    const [bookingId] = [...ids] as [string];
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(results.filter((r) => r.assignment?.outcome === "assigned")).toHaveLength(1);
    const { count } = await db()
      .kysely.selectFrom("bookings")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("restaurant_id", "=", venue.restaurantId)
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(1);
    expect(await bookingState(db().kysely, bookingId)).toMatchObject({ status: "confirmed" });
    expectOneAssignment(await historyOf(db().kysely, bookingId));
    expect(await jobsFor(db(), "booking.notify", bookingId)).toHaveLength(1);
    expect(await overlappingAllocations(db().kysely)).toEqual([]);
  });

  it("sends a party no table set can seat to manual_review with NO_PLAN and the planner's diagnostics", async () => {
    const venue = await setupEveningScenario(db(), {
      tables: [
        { label: "A", capacity: 2, mergeable: false },
        { label: "B", capacity: 2, mergeable: false },
      ],
      adjacency: [],
    });
    const created = await createAndAssign(venue, { party: 6, at: "19:00", email: "big@example.com" });
    const { bookingId } = created.body;
    expect(created.assignment).toMatchObject({ outcome: "manual_review", reasonCode: "NO_PLAN", attempts: 1 });
    expect(await bookingState(db().kysely, bookingId)).toMatchObject({
      status: "manual_review",
      review_reason: "NO_PLAN",
      assignment_failures: 1,
    });
    expect(await tablesOf(db().kysely, bookingId)).toEqual([]);
    const last = (await historyOf(db().kysely, bookingId)).at(-1);
    expect(last).toMatchObject({
      from_status: "assignment_in_progress",
      to_status: "manual_review",
      event: "ASSIGNMENT_FAILED",
      reason: "NO_PLAN",
    });
    expect(last?.metadata).toMatchObject({ failureKind: "deterministic" });
    const [attempt, ...more] = await attemptsOf(db(), bookingId);
    expect(more).toEqual([]);
    expect(attempt).toMatchObject({ trigger: "inline", outcome: "no_plan", reason_code: "NO_PLAN", table_ids: [] });
    const stats = attempt?.planner_stats as { rejected?: Record<string, number>; candidates?: number };
    expect(stats.candidates).toBe(0);
    // The diagnostics say why each table was refused (capacity), which the review queue shows.
    expect(Object.values(stats.rejected ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await jobsFor(db(), "booking.notify", bookingId)).toEqual([]);
  });

  it("re-plans on fresh occupancy when another booking takes the planned table before the commit", async () => {
    const venue = await setupEveningScenario(db(), {
      tables: ["A", "B", "C"].map((label) => ({ label, capacity: 2, mergeable: false })),
      adjacency: [],
    });
    const ours = await queueBooking(venue, 2, "19:00");
    const rivals = [await queueBooking(venue, 2, "19:00")];
    const stolen: string[][] = [];
    // Between our plan and our commit a rival is committed (by staff) onto exactly the tables we planned.
    const interleaved = withRivalCommitBeforeCommit(db(), async (commitNumber) => {
      const rival = rivals[commitNumber - 1];
      if (!rival) return;
      const booking = await loadForPlan(db(), ours.bookingId);
      const plan = await planBookingTables({ db: db().kysely, booking, asOf: new Date() });
      const tableIds = plan.plans[0]?.tableIds ?? [];
      await commitAssignment({
        db: db(),
        restaurantId: venue.restaurantId,
        bookingId: rival.bookingId,
        tableIds,
        actor: host,
      });
      stolen.push([...tableIds]);
    });

    const result = await assignBooking(
      { ...pipeline.deps, db: interleaved.db },
      { bookingId: ours.bookingId, trigger: "job" },
    );

    expect(result).toMatchObject({ outcome: "assigned", status: "confirmed", attempts: 2 });
    expect(stolen).toHaveLength(1);
    const ourTables = await tablesOf(db().kysely, ours.bookingId);
    expect(ourTables).toHaveLength(1);
    expect(stolen[0]).not.toContain(ourTables[0]);
    expect((await attemptsOf(db(), ours.bookingId)).map((a) => [a.outcome, a.reason_code, a.table_ids])).toEqual([
      ["conflict", "TABLE_CONFLICT", stolen[0]],
      ["assigned", null, ourTables],
    ]);
    expect(await overlappingAllocations(db().kysely)).toEqual([]);
  });

  it("re-plans when staff deactivate the planned table between plan and commit (stale venue, not a failure)", async () => {
    const venue = await setupEveningScenario(db(), {
      tables: ["A", "B"].map((label) => ({ label, capacity: 2, mergeable: false })),
      adjacency: [],
    });
    const ours = await queueBooking(venue, 2, "21:00");
    const deactivated: string[] = [];
    const interleaved = withRivalCommitBeforeCommit(db(), async (commitNumber) => {
      if (commitNumber !== 1) return;
      const booking = await loadForPlan(db(), ours.bookingId);
      const plan = await planBookingTables({ db: db().kysely, booking, asOf: new Date() });
      const tableIds = plan.plans[0]?.tableIds ?? [];
      await db().kysely.updateTable("tables").set({ active: false }).where("id", "in", tableIds).execute();
      deactivated.push(...tableIds);
    });
    const result = await assignBooking(
      { ...pipeline.deps, db: interleaved.db },
      { bookingId: ours.bookingId, trigger: "job" },
    );
    expect(result).toMatchObject({ outcome: "assigned", status: "confirmed", attempts: 2 });
    const ourTables = await tablesOf(db().kysely, ours.bookingId);
    expect(ourTables).toHaveLength(1);
    expect(deactivated).toHaveLength(1);
    expect(ourTables).not.toContain(deactivated[0]);
    expect((await attemptsOf(db(), ours.bookingId)).map((a) => [a.outcome, a.reason_code])).toEqual([
      ["conflict", "TABLE_UNAVAILABLE"],
      ["assigned", null],
    ]);
  });

  it("gives up re-planning after three lost races (transient: back to the queue), then the job settles it", async () => {
    const venue = await setupEveningScenario(db(), {
      tables: ["A", "B", "C"].map((label) => ({ label, capacity: 2, mergeable: false })),
      adjacency: [],
    });
    const ours = await queueBooking(venue, 2, "20:00");
    const rivals = [
      await queueBooking(venue, 2, "20:00"),
      await queueBooking(venue, 2, "20:00"),
      await queueBooking(venue, 2, "20:00"),
    ];
    const interleaved = withRivalCommitBeforeCommit(db(), async (commitNumber) => {
      const rival = rivals[commitNumber - 1];
      if (!rival) return;
      const booking = await loadForPlan(db(), ours.bookingId);
      const plan = await planBookingTables({ db: db().kysely, booking, asOf: new Date() });
      await commitAssignment({
        db: db(),
        restaurantId: venue.restaurantId,
        bookingId: rival.bookingId,
        tableIds: plan.plans[0]?.tableIds ?? [],
        actor: host,
      });
    });
    // The only job is the one the failure queues, delayed by the retry backoff: nothing races this run.
    const result = await assignBooking(
      { ...pipeline.deps, db: interleaved.db },
      { bookingId: ours.bookingId, trigger: "inline" },
    );
    expect(result).toMatchObject({ outcome: "retry_scheduled", reasonCode: "CONFLICT_RETRIES_EXHAUSTED", attempts: 3 });
    const after = await bookingState(db().kysely, ours.bookingId);
    expect(after.assignment_failures).toBe(1);
    expect((await attemptsOf(db(), ours.bookingId)).map((a) => a.outcome)).toEqual([
      "conflict",
      "conflict",
      "conflict",
    ]);

    // Every table is now taken at 20:00: the retried job finds no plan and hands the booking to review.
    await startWorkers();
    const settled = await waitUntilSettled(db().kysely, { bookingIds: [ours.bookingId], timeoutMs: 20_000 });
    expect(settled).toEqual({ manual_review: 1 });
    expect(await bookingState(db().kysely, ours.bookingId)).toMatchObject({ review_reason: "NO_PLAN" });
    expect(await overlappingAllocations(db().kysely)).toEqual([]);
  });

  it("races twelve parties for four tables: four confirmed, eight in review, never a table twice", async () => {
    const venue = await setupEveningScenario(db(), {
      tables: ["A", "B", "C", "D"].map((label) => ({ label, capacity: 4, mergeable: false })),
      adjacency: [],
    });
    await startWorkers();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        createAndAssign(venue, { party: 4, at: "19:30", email: `g${i}@example.com` }),
      ),
    );
    const ids = results.map((r) => r.body.bookingId);
    const counts = await waitUntilSettled(db().kysely, { bookingIds: ids, timeoutMs: 25_000 });
    expect(counts).toEqual({ confirmed: 4, manual_review: 8 });
    const reviewed = await db()
      .kysely.selectFrom("bookings")
      .select("review_reason")
      .where("id", "in", ids)
      .where("status", "=", "manual_review")
      .execute();
    expect(new Set(reviewed.map((r) => r.review_reason))).toEqual(new Set(["NO_PLAN"]));
    const used = (await Promise.all(ids.map((id) => tablesOf(db().kysely, id)))).flat();
    expect(used.sort()).toEqual(Object.values(venue.tables).sort());
    expect(await overlappingAllocations(db().kysely)).toEqual([]);
  });
});

async function attemptsOf(db: Db, bookingId: string) {
  return db.kysely
    .selectFrom("assignment_attempts")
    .select(["trigger", "attempt", "outcome", "reason_code", "table_ids", "planner_stats"])
    .where("booking_id", "=", bookingId)
    .orderBy("created_at")
    .orderBy("attempt")
    .execute();
}

function expectOneAssignment(history: { event: string }[]): void {
  const events = history.map((h) => h.event);
  expect(events.filter((e) => e === "START_ASSIGNMENT")).toHaveLength(1);
  expect(events.filter((e) => e === "ASSIGNMENT_SUCCEEDED")).toHaveLength(1);
  expect(events.at(-1)).toBe("CONFIRM");
}

async function loadForPlan(db: Db, bookingId: string) {
  const { loadAssignableBooking } = await import("./load-assignable-booking");
  const booking = await loadAssignableBooking(db.kysely, bookingId);
  if (!booking) throw new Error(`booking ${bookingId} vanished`);
  return booking;
}

/**
 * The same database, with a hook that runs just before each transaction: in assignBooking the START_ASSIGNMENT
 * claim is one statement outside any transaction, and every transaction is a commit after a fresh plan — so the
 * hook lands exactly in the window between plan and commit where a real concurrent commit can land.
 */
function withRivalCommitBeforeCommit(db: Db, beforeCommit: (commitNumber: number) => Promise<void>): { db: Db } {
  let transactions = 0;
  return {
    db: {
      ...db,
      async transaction(fn) {
        transactions += 1;
        await beforeCommit(transactions);
        return db.transaction(fn);
      },
    },
  };
}
