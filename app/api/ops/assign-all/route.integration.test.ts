import { afterAll, beforeAll, expect, it } from "vitest";
import { bookingState } from "@/server/assignment/testing/assignment-test-kit";
import { nextTestDate, seedPlacedBooking, writeFingerprint } from "@/server/coordinator/testing/ops-booking-test-kit";
import type { TRuntime } from "@/server/runtime/get-runtime";
import { startWorkers } from "@/server/runtime/start-workers";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { waitFor } from "@/server/testing/pipeline-test-kit";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { GET } from "./[runId]/route";
import { POST } from "./route";

/**
 * POST /api/ops/assign-all and GET /api/ops/assign-all/{runId} through the real handlers on both backends: the run
 * takes on exactly the restaurant-day's bookings waiting for tables, its job (pg-boss, started here with the
 * runtime's own startWorkers) places them earliest first, and the summary counts what became of them.
 */
describeEachBackend("POST /api/ops/assign-all + GET /api/ops/assign-all/{runId}", ({ db }) => {
  let runtime: TRuntime;
  let venue: EveningScenario;
  let other: EveningScenario;
  let host: TTestStaff;
  let stranger: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    ({ runtime, uninstall } = installed);
    const secret = runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db());
    other = await setupEveningScenario(db());
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
    stranger = await seedStaffMember(db().kysely, { secret, memberships: [[other.restaurantId, "owner"]] });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const start = (
    body: unknown,
    { staff = host as TTestStaff | null, origin }: { staff?: TTestStaff | null; origin?: string | null } = {},
  ) => POST(staffRequest("/api/ops/assign-all", { method: "POST", staff, body, origin }));
  const read = (runId: string, staff: TTestStaff | null = host) =>
    GET(staffRequest(`/api/ops/assign-all/${runId}`, { staff }), routeParams({ runId }));
  const summary = async (runId: string) => {
    const response = await read(runId);
    expect(response.status).toBe(200);
    return response.json();
  };

  it("assigns the day's waiting bookings through the queue, earliest first, and the summary adds up", async () => {
    const date = nextTestDate();
    // Five parties of four for four tables of four: the one made last at the latest time is left for review.
    const waiting = [];
    for (const at of ["19:00", "18:30", "19:00", "19:00", "19:00"]) {
      waiting.push(await venue.book({ party: 4, at, date }));
    }
    // Not taken on: another day's, another restaurant's, and a booking of the day that already has tables.
    const otherDay = await venue.book({ party: 2, at: "19:00", date: nextTestDate() });
    const otherVenue = await other.book({ party: 2, at: "19:00", date });
    const response = await start({ restaurantId: venue.restaurantId, date });
    expect(response.status).toBe(202);
    const { runId } = await response.json();
    expect(response.headers.get("location")).toBe(`/api/ops/assign-all/${runId}`);

    // Queued, not run: no worker is consuming yet.
    expect(await summary(runId)).toMatchObject({
      runId,
      restaurantId: venue.restaurantId,
      date,
      status: "running",
      total: 5,
      assigned: 0,
      review: 0,
      pending: 5,
    });
    const run = await db()
      .kysely.selectFrom("assign_all_runs")
      .select(["booking_ids", "created_by"])
      .where("id", "=", runId)
      .executeTakeFirstOrThrow();
    // 18:30 first, then the 19:00 bookings in the order they were made.
    const byTime = [waiting[1], waiting[0], waiting[2], waiting[3], waiting[4]].map((b) => b?.bookingId);
    expect(run).toEqual({ booking_ids: byTime, created_by: host.id });
    const { rows: jobs } = await db().query<{ state: string }>(
      "select state from pgboss.job where name = 'assign_all.run' and data->>'runId' = $1",
      [runId],
    );
    expect(jobs).toHaveLength(1);

    await startWorkers(runtime);
    runtime.queue.wake("assign_all.run");
    const done = await waitFor(
      async () => {
        const current = await summary(runId);
        return current.status === "done" ? current : null;
      },
      { timeoutMs: 20_000, what: "the assign-all run to finish" },
    );
    expect(done).toMatchObject({ total: 5, assigned: 4, review: 1, pending: 0, other: 0 });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
    expect(await bookingState(db().kysely, waiting[4]?.bookingId as string)).toMatchObject({
      status: "manual_review",
    });
    const attempts = await db()
      .kysely.selectFrom("assignment_attempts")
      .select("trigger")
      .where("booking_id", "in", byTime as string[])
      .execute();
    expect(new Set(attempts.map((a) => a.trigger))).toEqual(new Set(["bulk"]));
    for (const untouched of [otherDay, otherVenue]) {
      expect((await bookingState(db().kysely, untouched.bookingId)).status).toBe("assignment_pending");
    }
  });

  it("a day with nothing waiting is a run that is done at once", async () => {
    const date = nextTestDate();
    await seedPlacedBooking(db(), { venue, tables: ["A"], date });
    const response = await start({ restaurantId: venue.restaurantId, date });
    expect(response.status).toBe(202);
    const { runId } = await response.json();
    expect(await summary(runId)).toMatchObject({ status: "done", total: 0, assigned: 0, pending: 0 });
  });

  it("refusals: 401, 404 for another restaurant (start or read), cross-origin, bad input — nothing written", async () => {
    const date = nextTestDate();
    await venue.book({ party: 2, at: "19:00", date });
    const started = await start({ restaurantId: venue.restaurantId, date });
    const { runId } = await started.json();
    // The workers of the first test are running: let this run finish before counting writes.
    await waitFor(async () => (await summary(runId)).status === "done", { what: "the run to finish" });
    const before = await writeFingerprint(db().kysely);
    const body = { restaurantId: venue.restaurantId, date };
    expect((await start(body, { staff: null })).status).toBe(401);
    expect((await start(body, { staff: stranger })).status).toBe(404);
    expect((await start(body, { origin: "https://evil.example" })).status).toBe(403);
    for (const bad of [
      { restaurantId: venue.restaurantId },
      { ...body, date: "2027-02-30" },
      { ...body, restaurantId: "x" },
    ]) {
      expect((await start(bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect(await writeFingerprint(db().kysely)).toEqual(before);

    expect((await read(runId, null)).status).toBe(401);
    const foreign = await read(runId, stranger);
    const missing = await read("00000000-0000-4000-8000-000000000000");
    const notAnId = await read("run-1");
    expect([foreign.status, missing.status, notAnId.status]).toEqual([404, 404, 404]);
    const [foreignBody, missingBody] = [await foreign.json(), await missing.json()];
    expect(foreignBody).toMatchObject({ code: "NOT_FOUND", runId });
    expect(foreignBody.hint).toBe(missingBody.hint);
  });
});
