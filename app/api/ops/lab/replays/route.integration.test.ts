import { afterAll, beforeAll, expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { transitionBooking } from "@/server/booking/transition-booking";
import type { TRuntime } from "@/server/runtime/get-runtime";
import { type EveningScenario, SEED_ACTOR, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend, type TestDb } from "@/server/testing/test-db";
import { POST } from "./route";

const DATE = "2027-04-14";
const NEXT = "2027-04-15";

/**
 * A recorded day first come, first served got wrong: a 2-top and a 4-top, not adjacent; a couple that asked first
 * was put on the 4-top, so a party of four that asked later went to review. Replayed through the planner (best fit
 * first), the couple takes the 2-top and the four sit at the 4-top; the exact optimum seats both too.
 */
async function recordedDay(db: TestDb) {
  const venue = await setupEveningScenario(db, {
    date: DATE,
    tables: [
      { label: "T2", capacity: 2 },
      { label: "T4", capacity: 4 },
    ],
    adjacency: [],
  });
  const couple = await venue.book({ party: 2, at: "19:00", guestName: "Couple" });
  await commitAssignment({
    db,
    restaurantId: venue.restaurantId,
    bookingId: couple.bookingId,
    tableIds: [venue.tables.T4 as string],
    actor: SEED_ACTOR,
  });
  const four = await venue.book({ party: 4, at: "19:00", guestName: "Four" });
  await transitionBooking({
    db,
    bookingId: four.bookingId,
    event: { type: "REQUEST_REVIEW", reason: "NO_PLAN" },
    actor: SEED_ACTOR,
  });
  return venue;
}

describeEachBackend("POST /api/ops/lab/replays", ({ db }) => {
  let runtime: TRuntime;
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ runtime, uninstall } = await installTestRuntime({ db: db() }));
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const staffOf = (venue: EveningScenario, role: "host" | "manager" | "owner") =>
    seedStaffMember(db().kysely, {
      secret: runtime.env.SESSION_SECRET,
      memberships: [[venue.restaurantId, role]],
      name: `A ${role}`,
    });
  const replay = (staff: TTestStaff, body: unknown) =>
    POST(staffRequest("/api/ops/lab/replays", { method: "POST", staff, body }));
  /** Everything a replay could touch, counted. */
  const snapshot = async (restaurantId: string) => {
    const k = db().kysely;
    const count = async (table: "bookings" | "allocations" | "booking_state_history" | "optimizer_runs") =>
      Number(
        (
          await k
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const restaurant = await k
      .selectFrom("restaurants")
      .select(["venue_version", "rules_version", "planner_config", "updated_at"])
      .where("id", "=", restaurantId)
      .executeTakeFirstOrThrow();
    const bookings = await k
      .selectFrom("bookings")
      .select(["id", "status", "state_version"])
      .where("restaurant_id", "=", restaurantId)
      .orderBy("id")
      .execute();
    return {
      bookings: await count("bookings"),
      allocations: await count("allocations"),
      history: await count("booking_state_history"),
      optimizerRuns: await count("optimizer_runs"),
      restaurant: { ...restaurant, updated_at: String(restaurant.updated_at) },
      states: bookings,
    };
  };

  it("compares the replays with what happened and the exact optimum, and writes nothing", async () => {
    const venue = await recordedDay(db());
    const manager = await staffOf(venue, "manager");
    const before = await snapshot(venue.restaurantId);
    const candidate = {
      policy: { maxTablesPerPlan: 1, maxOverage: 0, requireAdjacency: true, allowCrossZone: false },
      weights: { optimalFit: 0, compactness: 0, zonePreference: 0, loadBalance: 0, futureFit: 0 },
    };
    const res = await replay(manager, { restaurantId: venue.restaurantId, from: DATE, to: NEXT, config: candidate });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(await snapshot(venue.restaurantId)).toEqual(before);

    expect(body.days.map((d: { date: string }) => d.date)).toEqual([DATE, NEXT]);
    const [day, empty] = body.days;
    // What happened: the couple on the 4-top (2 seats wasted), the four in review.
    expect(day.actual).toEqual({
      bookings: 2,
      seatedBookings: 1,
      seatedCovers: 2,
      manualReviews: 1,
      wastedSeats: 2,
      mergedTables: 0,
    });
    expect(day.optimum).toMatchObject({
      bookings: 2,
      seatedCovers: 6,
      wastedSeats: 0,
      manualReviews: 0,
      optimal: true,
    });
    expect(day.optimum.gap).toBe(0);
    // The planner's best fit seats the couple on the 2-top: everyone seated, as the optimum.
    expect(day.current).toMatchObject({ bookings: 2, seatedCovers: 6, manualReviews: 0, wastedSeats: 0 });
    expect(day.current.latency.p95Ms).toBeGreaterThanOrEqual(day.current.latency.p50Ms);
    for (const run of [day.actual, day.current, day.candidate]) {
      expect(run.seatedCovers).toBeLessThanOrEqual(day.optimum.seatedCovers);
      expect(run.seatedBookings + run.manualReviews).toBe(run.bookings);
    }
    // The candidate (no spare seats allowed) can only put the couple on the 2-top.
    expect(day.candidate).toMatchObject({ seatedCovers: 6, wastedSeats: 0, mergedTables: 0 });
    expect(empty.actual.bookings).toBe(0);
    expect(empty.current.seatedCovers).toBe(0);
    expect(body.total.current.seatedCovers).toBe(6);
    expect(body.total.actual.seatedCovers).toBe(2);
    expect(body.total.optimum.seatedCovers).toBe(6);
    expect(body.candidateConfig.policy.maxOverage).toBe(0);
    // The candidate's omitted weights take the planner's defaults.
    expect(body.candidateConfig.weights.timeFit).toBe(5);
    expect(body.venueVersion).toBe(Number(before.restaurant.venue_version));
  });

  it("replays only the current configuration when no candidate is given", async () => {
    const venue = await recordedDay(db());
    const owner = await staffOf(venue, "owner");
    const res = await replay(owner, { restaurantId: venue.restaurantId, from: DATE, to: DATE });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.candidateConfig).toBeNull();
    expect(body.days[0].candidate).toBeNull();
    expect(body.total.candidate).toBeNull();
    expect(body.currentConfig.policy.maxTablesPerPlan).toEqual(expect.any(Number));
  });

  it("refuses a host (403), another restaurant (404) and a bad range or config (400) with nothing run", async () => {
    const venue = await recordedDay(db());
    const other = await recordedDay(db());
    const host = await staffOf(venue, "host");
    const manager = await staffOf(venue, "manager");

    const forbidden = await replay(host, { restaurantId: venue.restaurantId, from: DATE, to: DATE });
    expect(forbidden.status).toBe(403);
    const foreign = await replay(manager, { restaurantId: other.restaurantId, from: DATE, to: DATE });
    expect(foreign.status).toBe(404);

    const reversed = await replay(manager, { restaurantId: venue.restaurantId, from: NEXT, to: DATE });
    expect(reversed.status).toBe(400);
    expect((await reversed.json()).errors).toEqual([expect.objectContaining({ path: "to" })]);
    const tooLong = await replay(manager, { restaurantId: venue.restaurantId, from: "2027-01-01", to: "2027-03-01" });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).detail).toMatch(/at most 31/);
    const notDate = await replay(manager, { restaurantId: venue.restaurantId, from: "yesterday", to: DATE });
    expect(notDate.status).toBe(400);
    const badConfig = await replay(manager, {
      restaurantId: venue.restaurantId,
      from: DATE,
      to: DATE,
      config: { policy: { maxTablesPerPlan: 9 }, weights: {} },
    });
    expect(badConfig.status).toBe(400);
    expect(JSON.stringify(await badConfig.json())).toMatch(/maxTablesPerPlan/);
  });
});
