import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { createHold } from "@/server/assignment/create-hold";
import {
  bookingState,
  coordinator,
  expectDomainError,
  historyOf,
  host,
  manager,
  raceBehindLock,
  splitSettled,
  tablesOf,
} from "@/server/assignment/testing/assignment-test-kit";
import { isDomainError } from "@/server/errors/domain-error";
import type { TJobRequest } from "@/server/infra/queue/job-definition";
import { type EveningScenario, seedRestaurant, setupEveningScenario } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { callTransitionBooking, findBookingForUpdate } from "./booking-repository";
import type { TBookingSeen } from "./load-booking-for-transition";
import type { TBookingActor, TBookingEvent } from "./machine";
import { transitionBooking } from "./transition-booking";

const MINUTE = 60_000;

describeEachBackend("transitionBooking", ({ db, kind }) => {
  let venue: EveningScenario;
  let day = 0;
  const t = (label: string) => venue.tables[label] as string;
  const book = (party = 2) => venue.book({ party, at: "19:00", date: `2027-07-${String(++day).padStart(2, "0")}` });
  const send = (
    bookingId: string,
    event: TBookingEvent,
    extra: { actor?: TBookingActor; now?: Date; expectedVersion?: number; enqueue?: (job: TJobRequest) => void } = {},
  ) =>
    transitionBooking({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId,
      event,
      actor: extra.actor ?? host,
      now: extra.now,
      expectedVersion: extra.expectedVersion,
      enqueue: async (_tx, job) => extra.enqueue?.(job),
    });
  /** START_ASSIGNMENT by the coordinator on the booking as `seen` (no locking read; the CAS is the fence). */
  const claimOnSeen = (bookingId: string, seen: TBookingSeen) =>
    transitionBooking({ db: db(), bookingId, event: { type: "START_ASSIGNMENT" }, actor: coordinator, seen });
  const placeAndConfirm = async (label: string) => {
    const booking = await book();
    await commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: booking.bookingId,
      tableIds: [t(label)],
      actor: host,
    });
    await send(booking.bookingId, { type: "CONFIRM" });
    return booking;
  };

  beforeAll(async () => {
    venue = await setupEveningScenario(db());
  });

  it("writes exactly one history row per change with actor, event, from, to, version and reason", async () => {
    const booking = await book();
    await send(booking.bookingId, { type: "START_ASSIGNMENT" }, { actor: coordinator });
    const failed = await send(
      booking.bookingId,
      { type: "ASSIGNMENT_FAILED", kind: "transient", reason: "no_plan" },
      { actor: coordinator },
    );
    expect(failed).toMatchObject({
      fromStatus: "assignment_in_progress",
      status: "assignment_pending",
      stateVersion: 4,
      assignmentFailures: 1,
    });
    expect(failed.effects).toEqual(["requestAssignment"]);
    const history = await historyOf(db().kysely, booking.bookingId);
    expect(history.map(({ metadata: _m, ...row }) => row)).toEqual([
      {
        from_status: null,
        to_status: "created",
        event: "CREATE",
        actor_type: "system",
        actor_id: "test-seed",
        version: 0,
        reason: null,
      },
      {
        from_status: "created",
        to_status: "capacity_verified",
        event: "CAPACITY_VERIFIED",
        actor_type: "system",
        actor_id: "test-seed",
        version: 1,
        reason: null,
      },
      {
        from_status: "capacity_verified",
        to_status: "assignment_pending",
        event: "QUEUE_ASSIGNMENT",
        actor_type: "system",
        actor_id: "test-seed",
        version: 2,
        reason: null,
      },
      {
        from_status: "assignment_pending",
        to_status: "assignment_in_progress",
        event: "START_ASSIGNMENT",
        actor_type: "coordinator",
        actor_id: "worker-1",
        version: 3,
        reason: null,
      },
      {
        from_status: "assignment_in_progress",
        to_status: "assignment_pending",
        event: "ASSIGNMENT_FAILED",
        actor_type: "coordinator",
        actor_id: "worker-1",
        version: 4,
        reason: "no_plan",
      },
    ]);
    expect(history[4]?.metadata).toMatchObject({ failureKind: "transient" });
  });

  it("sends exhausted retries to manual review; only a manager may requeue it, which resets the count", async () => {
    const booking = await book();
    await db()
      .kysely.updateTable("bookings")
      .set({ assignment_failures: 4 })
      .where("id", "=", booking.bookingId)
      .execute();
    await send(booking.bookingId, { type: "START_ASSIGNMENT" }, { actor: coordinator });
    const review = await send(
      booking.bookingId,
      { type: "ASSIGNMENT_FAILED", kind: "transient", reason: "lock_busy" },
      { actor: coordinator },
    );
    expect(review).toMatchObject({ status: "manual_review", assignmentFailures: 5 });
    expect(await bookingState(db().kysely, booking.bookingId)).toMatchObject({ review_reason: "lock_busy" });
    const refused = await expectDomainError(
      send(booking.bookingId, { type: "QUEUE_ASSIGNMENT" }, { actor: host }),
      "INVALID_TRANSITION",
    );
    expect(refused.meta).toMatchObject({ status: "manual_review", allowedEvents: ["MANUAL_ASSIGN"] });
    const requeued = await send(booking.bookingId, { type: "QUEUE_ASSIGNMENT" }, { actor: manager });
    expect(requeued).toMatchObject({ status: "assignment_pending", assignmentFailures: 0 });
    expect(await bookingState(db().kysely, booking.bookingId)).toMatchObject({ review_reason: null });
  });

  it("refuses an event the machine does not allow now, naming the state and what is allowed", async () => {
    const booking = await book();
    const before = await bookingState(db().kysely, booking.bookingId);
    const error = await expectDomainError(send(booking.bookingId, { type: "CHECK_IN" }), "INVALID_TRANSITION");
    expect(error.message).toContain("assignment_pending");
    expect(error.hint).toContain("START_ASSIGNMENT");
    expect(await bookingState(db().kysely, booking.bookingId)).toEqual(before);
    await expectDomainError(send(booking.bookingId, { type: "MANUAL_ASSIGN" }), "INVALID_TRANSITION");
  });

  it("is compare-and-set: a stale expected version is STALE_VERSION with the current version", async () => {
    const booking = await book();
    const error = await expectDomainError(
      send(booking.bookingId, { type: "CANCEL" }, { expectedVersion: 1 }),
      "STALE_VERSION",
    );
    expect(error.meta).toMatchObject({ currentVersion: 2, expectedVersion: 1 });
    const sqlError = await expectDomainError(
      db().transaction((tx) =>
        callTransitionBooking(tx, {
          bookingId: booking.bookingId,
          expectedVersion: 7,
          to: "cancelled",
          event: "CANCEL",
          actor: host,
        }),
      ),
      "STALE_VERSION",
    );
    expect(sqlError.meta).toMatchObject({ currentVersion: 2 });
    expect((sqlError.cause as { code?: string }).code).toBe("MTSTL");
  });

  it("acts on a booking the caller saw without re-reading it; if it moved since, STALE_VERSION and nothing written", async () => {
    const booking = await book();
    const seen = await db().transaction((tx) => findBookingForUpdate(tx, booking.bookingId));
    if (!seen) throw new Error("booking vanished");
    // Someone else moves it after our read: our later write on what we saw must lose, whatever it was.
    await send(booking.bookingId, { type: "START_ASSIGNMENT" }, { actor: coordinator });
    const before = await bookingState(db().kysely, booking.bookingId);
    const error = await expectDomainError(claimOnSeen(booking.bookingId, seen), "STALE_VERSION");
    expect(error.meta).toMatchObject({ currentVersion: 3, expectedVersion: 2 });
    expect(await bookingState(db().kysely, booking.bookingId)).toEqual(before);

    // Fresh: the claim goes through on what we saw (one statement, no transaction around it).
    const other = await book();
    const fresh = await db().transaction((tx) => findBookingForUpdate(tx, other.bookingId));
    if (!fresh) throw new Error("booking vanished");
    const claimed = await claimOnSeen(other.bookingId, fresh);
    expect(claimed).toMatchObject({
      fromStatus: "assignment_pending",
      status: "assignment_in_progress",
      stateVersion: 3,
    });
  });

  it("applies events that follow each other in one call: a version and history row per step, jobs per step", async () => {
    const booking = await book();
    const jobs: TJobRequest[] = [];
    const result = await transitionBooking({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: booking.bookingId,
      event: { type: "START_ASSIGNMENT" },
      followedBy: [{ type: "ASSIGNMENT_FAILED", kind: "transient", reason: "LOCK_BUSY" }],
      actor: coordinator,
      enqueue: async (_tx, job) => {
        jobs.push(job);
      },
    });
    expect(result).toMatchObject({ fromStatus: "assignment_pending", status: "assignment_pending", stateVersion: 4 });
    const history = (await historyOf(db().kysely, booking.bookingId)).slice(-2);
    expect(history.map((h) => [h.from_status, h.to_status, h.event, h.version, h.reason])).toEqual([
      ["assignment_pending", "assignment_in_progress", "START_ASSIGNMENT", 3, null],
      ["assignment_in_progress", "assignment_pending", "ASSIGNMENT_FAILED", 4, "LOCK_BUSY"],
    ]);
    // The retry's job belongs to the version the failure produced.
    expect(jobs.map((j) => [j.name, (j.payload as { stateVersion: number }).stateVersion])).toEqual([
      ["booking.assign", 4],
    ]);

    // A chain the machine refuses part-way writes nothing at all.
    const before = await bookingState(db().kysely, booking.bookingId);
    await expectDomainError(
      transitionBooking({
        db: db(),
        bookingId: booking.bookingId,
        event: { type: "START_ASSIGNMENT" },
        followedBy: [{ type: "CHECK_IN" }],
        actor: coordinator,
      }),
      "INVALID_TRANSITION",
    );
    expect(await bookingState(db().kysely, booking.bookingId)).toEqual(before);
  });

  it("hides other restaurants' bookings", async () => {
    const booking = await book();
    const other = await seedRestaurant(db().kysely);
    await expectDomainError(
      transitionBooking({
        db: db(),
        restaurantId: other.id,
        bookingId: booking.bookingId,
        event: { type: "CANCEL" },
        actor: host,
      }),
      "NOT_FOUND",
    );
  });

  it("cancelling frees tables and holds and notifies the guest through the outbox", async () => {
    const booking = await placeAndConfirm("A");
    const jobs: TJobRequest[] = [];
    const result = await send(booking.bookingId, { type: "CANCEL" }, { enqueue: (job) => jobs.push(job) });
    expect(result).toMatchObject({ status: "cancelled", tableIds: [] });
    expect(jobs).toEqual([
      expect.objectContaining({
        name: "booking.notify",
        payload: expect.objectContaining({ kind: "booking_cancelled" }),
      }),
    ]);
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([]);
  });

  it("rolls the transition back when enqueueing its job fails (outbox is atomic)", async () => {
    const booking = await book();
    const before = await bookingState(db().kysely, booking.bookingId);
    await expect(
      transitionBooking({
        db: db(),
        bookingId: booking.bookingId,
        event: { type: "CANCEL" },
        actor: host,
        enqueue: async () => {
          throw new Error("queue down");
        },
      }),
    ).rejects.toThrow("queue down");
    expect(await bookingState(db().kysely, booking.bookingId)).toEqual(before);
  });

  it("guards no-show by time and its undo by role and window; an undone no-show keeps its table", async () => {
    const booking = await placeAndConfirm("B");
    const start = Date.parse(booking.startsAt);
    await expectDomainError(
      send(booking.bookingId, { type: "MARK_NO_SHOW" }, { now: new Date(start - MINUTE) }),
      "INVALID_TRANSITION",
    );
    await send(booking.bookingId, { type: "MARK_NO_SHOW" }, { now: new Date(start + 15 * MINUTE) });
    await expectDomainError(
      send(booking.bookingId, { type: "UNDO_NO_SHOW" }, { now: new Date(start + 30 * MINUTE) }),
      "INVALID_TRANSITION",
    );
    const undone = await send(
      booking.bookingId,
      { type: "UNDO_NO_SHOW" },
      { actor: manager, now: new Date(start + 130 * MINUTE) },
    );
    expect(undone).toMatchObject({ status: "confirmed", tableIds: [t("B")] });
    await send(booking.bookingId, { type: "MARK_NO_SHOW" }, { now: new Date(start + 140 * MINUTE) });
    await expectDomainError(
      send(booking.bookingId, { type: "UNDO_NO_SHOW" }, { actor: manager, now: new Date(start + 261 * MINUTE) }),
      "INVALID_TRANSITION",
    );
  });

  it("checks in no earlier than the lead time, then completes", async () => {
    const booking = await placeAndConfirm("C");
    const start = Date.parse(booking.startsAt);
    await expectDomainError(
      send(booking.bookingId, { type: "CHECK_IN" }, { now: new Date(start - 61 * MINUTE) }),
      "INVALID_TRANSITION",
    );
    const seated = await send(booking.bookingId, { type: "CHECK_IN" }, { now: new Date(start - 60 * MINUTE) });
    expect(seated.status).toBe("checked_in");
    expect((await send(booking.bookingId, { type: "COMPLETE" })).status).toBe("completed");
  });

  it("deletes the booking's holds when it is cancelled", async () => {
    const booking = await book();
    await createHold({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: booking.bookingId,
      tableIds: [t("D")],
      actor: host,
    });
    await send(booking.bookingId, { type: "CANCEL" });
    expect(
      await db().kysely.selectFrom("holds").where("booking_id", "=", booking.bookingId).select("id").execute(),
    ).toEqual([]);
  });

  describe("race", () => {
    /**
     * 20 racers on one booking, released together from behind its row lock on PostgreSQL (all 20 wait on it
     * first); PGlite runs them one after another. Returns the settled outcomes.
     */
    const raceTwentyOn = async (bookingId: string, racer: () => Promise<unknown>) => {
      const race = () => Promise.allSettled(Array.from({ length: 20 }, racer));
      const { result, maxWaiting } =
        kind === "postgres"
          ? await raceBehindLock(db(), {
              lock: (tx) => sql`select id from bookings where id = ${bookingId} for update`.execute(tx),
              waiting: 20,
              race,
            })
          : { result: await race(), maxWaiting: 0 };
      if (kind === "postgres") expect(maxWaiting).toBe(20);
      return splitSettled(result);
    };

    it("20 concurrent transitions with the same expected version: exactly one wins", async () => {
      const booking = await book();
      const { fulfilled, rejected } = await raceTwentyOn(booking.bookingId, () =>
        send(booking.bookingId, { type: "START_ASSIGNMENT" }, { actor: coordinator, expectedVersion: 2 }),
      );
      expect(fulfilled).toHaveLength(1);
      expect(rejected.every((e) => isDomainError(e, "STALE_VERSION"))).toBe(true);
      expect(await bookingState(db().kysely, booking.bookingId)).toMatchObject({
        status: "assignment_in_progress",
        state_version: 3,
      });
      expect(
        (await historyOf(db().kysely, booking.bookingId)).filter((h) => h.event === "START_ASSIGNMENT"),
      ).toHaveLength(1);
    });

    it("20 concurrent claims from one seen snapshot (no locking read): the compare-and-set lets one through", async () => {
      const booking = await book();
      const seen = await db().transaction((tx) => findBookingForUpdate(tx, booking.bookingId));
      if (!seen) throw new Error("booking vanished");
      const { fulfilled, rejected } = await raceTwentyOn(booking.bookingId, () => claimOnSeen(booking.bookingId, seen));
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(19);
      expect(rejected.every((e) => isDomainError(e, "STALE_VERSION"))).toBe(true);
      expect(await bookingState(db().kysely, booking.bookingId)).toMatchObject({
        status: "assignment_in_progress",
        state_version: 3,
      });
    });

    it("20 concurrent raw transition_booking calls with one expected version: the SQL CAS lets one through", async () => {
      const booking = await book();
      const { fulfilled, rejected } = await raceTwentyOn(booking.bookingId, () =>
        db().transaction((tx) =>
          callTransitionBooking(tx, {
            bookingId: booking.bookingId,
            expectedVersion: 2,
            to: "assignment_in_progress",
            event: "START_ASSIGNMENT",
            actor: coordinator,
          }),
        ),
      );
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(19);
      expect(rejected.every((e) => isDomainError(e, "STALE_VERSION"))).toBe(true);
      expect((await historyOf(db().kysely, booking.bookingId)).filter((h) => h.version === 3)).toHaveLength(1);
    });
  });
});
