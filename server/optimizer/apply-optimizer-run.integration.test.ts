import { expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { transitionBooking } from "@/server/booking/transition-booking";
import { isDomainError } from "@/server/errors/domain-error";
import { SEED_ACTOR, setupEveningScenario } from "@/server/testing/factories";
import { describeEachBackend, type TestDb } from "@/server/testing/test-db";
import { applyOptimizerRun } from "./apply-optimizer-run";
import { previewDay } from "./preview-day";

const DATE = "2027-03-05";
// Before the evening, so nothing is inside the freeze window.
const NOW = new Date("2027-03-05T09:00:00Z");

/**
 * A 2-top and a 4-top that are not adjacent. First come, first served put a couple on the 4-top, so a party of
 * four that asked later went to review. Re-planned: the couple moves to the 2-top and the four sit at the 4-top.
 */
async function fcfsEvening(db: TestDb) {
  const evening = await setupEveningScenario(db, {
    date: DATE,
    tables: [
      { label: "T2", capacity: 2 },
      { label: "T4", capacity: 4 },
    ],
    adjacency: [],
  });
  const couple = await evening.book({ party: 2, at: "19:00" });
  await commitAssignment({
    db,
    restaurantId: evening.restaurantId,
    bookingId: couple.bookingId,
    tableIds: [evening.tables.T4 as string],
    actor: SEED_ACTOR,
  });
  const four = await evening.book({ party: 4, at: "19:00" });
  await transitionBooking({
    db,
    bookingId: four.bookingId,
    event: { type: "REQUEST_REVIEW", reason: "NO_PLAN" },
    actor: SEED_ACTOR,
  });
  return { evening, couple, four };
}

async function tablesOf(db: TestDb, bookingId: string): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom("allocations")
    .select("table_id")
    .where("booking_id", "=", bookingId)
    .execute();
  return rows.map((r) => r.table_id).sort();
}

async function runStatus(db: TestDb, runId: string) {
  return db.kysely
    .selectFrom("optimizer_runs")
    .select(["status", "reason"])
    .where("id", "=", runId)
    .executeTakeFirstOrThrow();
}

describeEachBackend("optimizer preview and apply", ({ db }) => {
  it("previews a better day without changing it, then applies every move in one go with history rows", async () => {
    const { evening, couple, four } = await fcfsEvening(db());
    const preview = await previewDay({
      db: db(),
      restaurantId: evening.restaurantId,
      serviceDate: DATE,
      createdBy: "test",
      now: NOW,
    });
    expect(preview.baseline.seatedBookings).toBe(1);
    expect(preview.proposed.seatedBookings).toBe(2);
    expect(preview.moves.map((m) => [m.bookingId, m.change, m.toTableIds])).toEqual(
      expect.arrayContaining([
        [couple.bookingId, "moved", [evening.tables.T2]],
        [four.bookingId, "placed", [evening.tables.T4]],
      ]),
    );
    // A preview changes nothing.
    expect(await tablesOf(db(), couple.bookingId)).toEqual([evening.tables.T4]);
    expect(await tablesOf(db(), four.bookingId)).toEqual([]);

    const applied = await applyOptimizerRun({
      db: db(),
      restaurantId: evening.restaurantId,
      runId: preview.runId,
      now: NOW,
    });
    expect(applied).toMatchObject({ status: "applied", moved: 1, placed: 1 });
    expect(await tablesOf(db(), couple.bookingId)).toEqual([evening.tables.T2]);
    expect(await tablesOf(db(), four.bookingId)).toEqual([evening.tables.T4]);
    const history = await db()
      .kysely.selectFrom("booking_state_history")
      .select(["booking_id", "event", "from_status", "to_status", "actor_type", "actor_id"])
      .where("actor_type", "=", "optimizer")
      .where("booking_id", "in", [couple.bookingId, four.bookingId])
      .execute();
    expect(history).toHaveLength(2);
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          booking_id: couple.bookingId,
          event: "TABLES_CHANGED",
          to_status: "assigned",
          actor_id: preview.runId,
        }),
        expect.objectContaining({
          booking_id: four.bookingId,
          event: "MANUAL_ASSIGN",
          from_status: "manual_review",
          to_status: "assigned",
        }),
      ]),
    );
    expect(await runStatus(db(), preview.runId)).toMatchObject({ status: "applied" });
  });

  it("marks the run stale and changes nothing when a booking changed between preview and apply", async () => {
    const { evening, couple, four } = await fcfsEvening(db());
    const preview = await previewDay({
      db: db(),
      restaurantId: evening.restaurantId,
      serviceDate: DATE,
      createdBy: "test",
      now: NOW,
    });
    // Meanwhile the couple cancels: its version moves on, so the preview no longer describes the day.
    await transitionBooking({ db: db(), bookingId: couple.bookingId, event: { type: "CANCEL" }, actor: SEED_ACTOR });
    const error = await applyOptimizerRun({
      db: db(),
      restaurantId: evening.restaurantId,
      runId: preview.runId,
      now: NOW,
    }).catch((e: unknown) => e);
    expect(isDomainError(error, "OPTIMIZER_RUN_STALE")).toBe(true);
    expect(await runStatus(db(), preview.runId)).toMatchObject({ status: "stale" });
    expect(await tablesOf(db(), four.bookingId)).toEqual([]);
    const fourRow = await db()
      .kysely.selectFrom("bookings")
      .select("status")
      .where("id", "=", four.bookingId)
      .executeTakeFirstOrThrow();
    expect(fourRow.status).toBe("manual_review");
  });

  it("refuses a plan under the restaurant's threshold, with the reason", async () => {
    const evening = await setupEveningScenario(db(), {
      date: DATE,
      tables: [
        { label: "T2", capacity: 2 },
        { label: "T4", capacity: 4 },
      ],
      adjacency: [],
    });
    const couple = await evening.book({ party: 2, at: "19:00" });
    await commitAssignment({
      db: db(),
      restaurantId: evening.restaurantId,
      bookingId: couple.bookingId,
      tableIds: [evening.tables.T2 as string],
      actor: SEED_ACTOR,
    });
    const preview = await previewDay({
      db: db(),
      restaurantId: evening.restaurantId,
      serviceDate: DATE,
      createdBy: "test",
      now: NOW,
    });
    expect(preview.proposed.seatedBookings).toBe(preview.baseline.seatedBookings);
    const error = await applyOptimizerRun({
      db: db(),
      restaurantId: evening.restaurantId,
      runId: preview.runId,
      now: NOW,
    }).catch((e: unknown) => e);
    expect(isDomainError(error, "OPTIMIZER_BELOW_THRESHOLD")).toBe(true);
    expect((error as Error).message).toMatch(/requires at least 1 more booking/);
    expect(await runStatus(db(), preview.runId)).toMatchObject({ status: "rejected" });
    expect(await tablesOf(db(), couple.bookingId)).toEqual([evening.tables.T2]);
  });
});
