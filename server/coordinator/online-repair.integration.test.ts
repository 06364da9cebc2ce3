import { afterAll, beforeAll, expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { bookingState, historyOf, manager, tablesOf } from "@/server/assignment/testing/assignment-test-kit";
import { transitionBooking } from "@/server/booking/transition-booking";
import type { Db } from "@/server/infra/db/open-db";
import { getMetricsRegistry } from "@/server/infra/telemetry/metrics";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import {
  createTestPipeline,
  drainConnections,
  jobsFor,
  overlappingAllocations,
  type TPipeline,
} from "@/server/testing/pipeline-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { assignBooking } from "./assign-booking";
import type { TCoordinatorDeps } from "./coordinator-deps";
import { listReviewQueue } from "./list-review-queue";

/**
 * Issue #14, online repair, on both backends. The evening: a two-top S and a four-top L (no merges). A party of two
 * sits on L (staff's pick); a party of four then finds no plan — until the two move to S. Races are injected
 * through the coordinator's test seam between the repair's plan and its commit.
 */
describeEachBackend("online repair", ({ db }) => {
  let pipeline: TPipeline;

  beforeAll(async () => {
    pipeline = await createTestPipeline({ db: db(), url: db().url });
  });

  afterAll(async () => {
    await pipeline?.close();
    await drainConnections(db());
  });

  /** S (2 seats) and L (4 seats); `onL`: a party of `party` placed on L by staff at 19:00. */
  const evening = async ({ party = 2 }: { party?: number } = {}) => {
    const venue = await setupEveningScenario(db(), {
      tables: [
        { label: "S", capacity: 2 },
        { label: "L", capacity: 4 },
      ],
    });
    const onL = await venue.book({ party, at: "19:00", guestName: "Sat On L" });
    await commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: onL.bookingId,
      tableIds: [venue.tables.L as string],
      actor: manager,
    });
    const before = await bookingState(db().kysely, onL.bookingId);
    return { venue, onL, before };
  };

  const assign = (bookingId: string, deps: TCoordinatorDeps = pipeline.deps) =>
    assignBooking(deps, { bookingId, trigger: "job" });

  it("seats a booking that fits only after one move, with exactly that move, a history row and no email", async () => {
    const { venue, onL, before } = await evening();
    const notifyJobsBefore = (await jobsFor(db(), "booking.notify", onL.bookingId)).length;
    const repairsBefore = await repairCounter("seated");
    const newcomer = await venue.book({ party: 4, at: "19:00", guestName: "Party Of Four" });

    const result = await assign(newcomer.bookingId);

    expect(result).toMatchObject({ outcome: "assigned", tableIds: [venue.tables.L] });
    expect(await tablesOf(db().kysely, newcomer.bookingId)).toEqual([venue.tables.L]);
    expect(await tablesOf(db().kysely, onL.bookingId)).toEqual([venue.tables.S]);
    const moved = await bookingState(db().kysely, onL.bookingId);
    expect(moved.status).toBe(before.status);
    expect(moved.state_version).toBe(before.state_version + 1);
    const last = (await historyOf(db().kysely, onL.bookingId)).at(-1);
    expect(last).toMatchObject({
      event: "TABLES_CHANGED",
      actor_type: "optimizer",
      from_status: before.status,
      to_status: before.status,
      reason: `moved from L to S to seat booking ${newcomer.reference}`,
    });
    expect(last?.metadata).toMatchObject({ repairFor: newcomer.bookingId, tableIds: [venue.tables.S] });
    // Tables are internal: the moved guest is told nothing.
    expect((await jobsFor(db(), "booking.notify", onL.bookingId)).length).toBe(notifyJobsBefore);
    const attempts = await attemptsOf(db(), newcomer.bookingId);
    expect(attempts).toEqual([
      expect.objectContaining({ outcome: "assigned", reason_code: null, table_ids: [venue.tables.L] }),
    ]);
    expect(attempts[0]?.planner_stats).toMatchObject({
      repair: { found: true, moves: [{ reference: onL.reference, from: "L", to: "S" }] },
    });
    expect(await repairCounter("seated")).toBe(repairsBefore + 1);
    expect(await overlappingAllocations(db().kysely)).toEqual([]);
  });

  it("sends a booking no bounded repair can seat to review, saying what the repair tried", async () => {
    const { venue, onL, before } = await evening({ party: 4 });
    const newcomer = await venue.book({ party: 4, at: "19:00" });

    const result = await assign(newcomer.bookingId);

    expect(result).toMatchObject({ outcome: "manual_review", reasonCode: "NO_PLAN" });
    expect(await bookingState(db().kysely, newcomer.bookingId)).toMatchObject({
      status: "manual_review",
      review_reason: "NO_PLAN",
    });
    expect(await tablesOf(db().kysely, onL.bookingId)).toEqual([venue.tables.L]);
    expect(await bookingState(db().kysely, onL.bookingId)).toEqual(before);
    const [attempt] = await attemptsOf(db(), newcomer.bookingId);
    expect(attempt).toMatchObject({ outcome: "no_plan", reason_code: "NO_PLAN" });
    expect(attempt?.planner_stats).toMatchObject({
      repair: { enabled: true, found: false, reason: "move_budget", movable: 1 },
    });
    const queue = await listReviewQueue(db().kysely, {
      restaurantId: venue.restaurantId,
      timezone: venue.timezone,
      date: "2027-03-05",
    });
    expect(queue.items.find((i) => i.booking.id === newcomer.bookingId)?.reason.message).toMatch(
      /Online repair could not seat it by moving any of the 1 movable booking around it/,
    );
    const review = (await historyOf(db().kysely, newcomer.bookingId)).at(-1);
    expect(review?.metadata).toMatchObject({ repair: { found: false, reason: "move_budget" } });
  });

  it("loses cleanly when a concurrent booking takes the moved-to table between plan and commit", async () => {
    const { venue, onL, before } = await evening();
    const rival = await venue.book({ party: 2, at: "19:30", guestName: "Rival" });
    const newcomer = await venue.book({ party: 4, at: "19:00" });
    const lostBefore = await repairCounter("lost");
    const deps: TCoordinatorDeps = {
      ...pipeline.deps,
      onRepairPlanned: async () => {
        await commitAssignment({
          db: db(),
          restaurantId: venue.restaurantId,
          bookingId: rival.bookingId,
          tableIds: [venue.tables.S as string],
          actor: manager,
        });
      },
    };

    const result = await assign(newcomer.bookingId, deps);

    expect(result).toMatchObject({ outcome: "manual_review", reasonCode: "NO_PLAN" });
    // Nothing of the repair was written: the booking it meant to move is where it was, at the same version.
    expect(await tablesOf(db().kysely, onL.bookingId)).toEqual([venue.tables.L]);
    expect(await bookingState(db().kysely, onL.bookingId)).toEqual(before);
    expect((await historyOf(db().kysely, onL.bookingId)).some((h) => h.actor_type === "optimizer")).toBe(false);
    expect(await tablesOf(db().kysely, newcomer.bookingId)).toEqual([]);
    expect(await tablesOf(db().kysely, rival.bookingId)).toEqual([venue.tables.S]);
    const attempts = await attemptsOf(db(), newcomer.bookingId);
    expect(attempts.map((a) => [a.outcome, a.reason_code])).toEqual([
      ["conflict", "REPAIR_LOST"],
      ["no_plan", "NO_PLAN"],
    ]);
    expect(attempts[1]?.planner_stats).toMatchObject({ repair: { found: true, lost: "TABLE_CONFLICT" } });
    expect(await repairCounter("lost")).toBe(lostBefore + 1);
    expect(await overlappingAllocations(db().kysely)).toEqual([]);
  });

  it("loses cleanly when the booking to move changes between plan and commit (its version is the fence)", async () => {
    const { venue, onL, before } = await evening();
    const newcomer = await venue.book({ party: 4, at: "19:00" });
    const deps: TCoordinatorDeps = {
      ...pipeline.deps,
      onRepairPlanned: async () => {
        await transitionBooking({
          db: db(),
          bookingId: onL.bookingId,
          event: { type: "CONFIRM" },
          expectedVersion: before.state_version,
          actor: manager,
        });
      },
    };

    const result = await assign(newcomer.bookingId, deps);

    expect(result).toMatchObject({ outcome: "manual_review", reasonCode: "NO_PLAN" });
    expect(await tablesOf(db().kysely, onL.bookingId)).toEqual([venue.tables.L]);
    expect(await bookingState(db().kysely, onL.bookingId)).toMatchObject({
      status: "confirmed",
      state_version: before.state_version + 1,
    });
    expect(await tablesOf(db().kysely, newcomer.bookingId)).toEqual([]);
    const [lost] = await attemptsOf(db(), newcomer.bookingId);
    expect(lost).toMatchObject({ outcome: "conflict", reason_code: "REPAIR_LOST" });
    expect(lost?.planner_stats).toMatchObject({ repair: { lost: "STALE_VERSION" } });
  });

  it("does not repair when the restaurant switched it off", async () => {
    const { venue, onL, before } = await evening();
    await db()
      .kysely.updateTable("restaurants")
      .set({ online_repair_enabled: false })
      .where("id", "=", venue.restaurantId)
      .execute();
    const newcomer = await venue.book({ party: 4, at: "19:00" });

    const result = await assign(newcomer.bookingId);

    expect(result).toMatchObject({ outcome: "manual_review", reasonCode: "NO_PLAN" });
    expect(await tablesOf(db().kysely, onL.bookingId)).toEqual([venue.tables.L]);
    expect(await bookingState(db().kysely, onL.bookingId)).toEqual(before);
    const [attempt] = await attemptsOf(db(), newcomer.bookingId);
    expect(attempt?.planner_stats).toMatchObject({ repair: { enabled: false } });
  });

  it("never moves a booking inside the freeze window", async () => {
    const { venue, onL, before } = await evening();
    const newcomer = await venue.book({ party: 4, at: "19:00" });
    // "Now" is ten minutes before the party on L sits down: it is the host's, not the repair's.
    const deps: TCoordinatorDeps = { ...pipeline.deps, now: () => new Date(Date.parse(startOf(venue)) - 10 * 60_000) };

    const result = await assign(newcomer.bookingId, deps);

    expect(result).toMatchObject({ outcome: "manual_review", reasonCode: "NO_PLAN" });
    expect(await bookingState(db().kysely, onL.bookingId)).toEqual(before);
    const [attempt] = await attemptsOf(db(), newcomer.bookingId);
    expect(attempt?.planner_stats).toMatchObject({ repair: { found: false, movable: 0 } });
  });
});

function startOf(venue: EveningScenario): string {
  // 19:00 in Europe/London on 2027-03-05 (GMT, no DST yet).
  void venue;
  return "2027-03-05T19:00:00Z";
}

async function attemptsOf(db: Db, bookingId: string) {
  return db.kysely
    .selectFrom("assignment_attempts")
    .select(["trigger", "attempt", "outcome", "reason_code", "table_ids", "planner_stats"])
    .where("booking_id", "=", bookingId)
    .orderBy("created_at")
    .orderBy("attempt")
    .execute();
}

async function repairCounter(outcome: string): Promise<number> {
  const metric = await getMetricsRegistry().getSingleMetric("maitre_online_repairs_total")?.get();
  return metric?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}
