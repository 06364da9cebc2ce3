import { afterAll, beforeAll, expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { transitionBooking } from "@/server/booking/transition-booking";
import type { TRuntime } from "@/server/runtime/get-runtime";
import { startWorkers } from "@/server/runtime/start-workers";
import { type EveningScenario, SEED_ACTOR, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { waitFor } from "@/server/testing/pipeline-test-kit";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend, type TestDb } from "@/server/testing/test-db";
import { POST as APPLY } from "./[id]/apply/route";
import { GET as READ } from "./[id]/route";
import { GET as LIST, POST as START } from "./route";

const DATE = "2027-04-14";

/**
 * The optimizer over HTTP through the real handlers on both backends. Each test builds a day the optimizer
 * provably improves: a 2-top and a 4-top, not adjacent; first come, first served put a couple on the 4-top, so a
 * party of four that asked later went to review. Re-planned: the couple moves to the 2-top, the four sit at the
 * 4-top. `at` lists the sittings (non-overlapping), one such pair each.
 */
async function fcfsDay(db: TestDb, at: string[] = ["19:00"]) {
  const venue = await setupEveningScenario(db, {
    date: DATE,
    tables: [
      { label: "T2", capacity: 2 },
      { label: "T4", capacity: 4 },
    ],
    adjacency: [],
  });
  const pairs = [];
  for (const time of at) {
    const couple = await venue.book({ party: 2, at: time, guestName: `Couple ${time}` });
    await commitAssignment({
      db,
      restaurantId: venue.restaurantId,
      bookingId: couple.bookingId,
      tableIds: [venue.tables.T4 as string],
      actor: SEED_ACTOR,
    });
    const four = await venue.book({ party: 4, at: time, guestName: `Four ${time}` });
    await transitionBooking({
      db,
      bookingId: four.bookingId,
      event: { type: "REQUEST_REVIEW", reason: "NO_PLAN" },
      actor: SEED_ACTOR,
    });
    pairs.push({ couple, four });
  }
  return { venue, pairs };
}

describeEachBackend("/api/ops/optimizer/runs", ({ db }) => {
  let runtime: TRuntime;
  let uninstall: (() => Promise<void>) | undefined;
  const secret = () => runtime.env.SESSION_SECRET;

  beforeAll(async () => {
    // The runtime's own job consumers, as the embedded app runs them: runs are solved by the optimizer.run job.
    ({ runtime, uninstall } = await installTestRuntime({ db: db() }));
    await startWorkers(runtime);
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const staffOf = (venue: EveningScenario, role: "host" | "manager" | "owner") =>
    seedStaffMember(db().kysely, { secret: secret(), memberships: [[venue.restaurantId, role]], name: `A ${role}` });
  const start = (staff: TTestStaff, body: unknown) =>
    START(staffRequest("/api/ops/optimizer/runs", { method: "POST", staff, body }));
  const read = (staff: TTestStaff, id: string) =>
    READ(staffRequest(`/api/ops/optimizer/runs/${id}`, { staff }), routeParams({ id }));
  const list = (staff: TTestStaff, restaurantId: string) =>
    LIST(staffRequest(`/api/ops/optimizer/runs?${new URLSearchParams({ restaurantId, date: DATE })}`, { staff }));
  const apply = (staff: TTestStaff, id: string, body: unknown) =>
    APPLY(staffRequest(`/api/ops/optimizer/runs/${id}/apply`, { method: "POST", staff, body }), routeParams({ id }));
  const settled = (staff: TTestStaff, runId: string) => {
    runtime.queue.wake("optimizer.run");
    return waitFor(
      async () => {
        const body = await (await read(staff, runId)).json();
        return body.status === "queued" || body.status === "running" ? null : body;
      },
      { timeoutMs: 60_000, what: "the optimizer run to be solved" },
    );
  };
  const previewed = async (staff: TTestStaff, restaurantId: string) => {
    const started = await start(staff, { restaurantId, date: DATE });
    expect(started.status).toBe(202);
    const run = await settled(staff, (await started.json()).runId);
    expect(run.status).toBe("previewed");
    return run;
  };
  const tablesOf = async (bookingId: string) =>
    (await db().kysely.selectFrom("allocations").select("table_id").where("booking_id", "=", bookingId).execute()).map(
      (r) => r.table_id,
    );
  const statusOf = async (bookingId: string) =>
    (
      await db()
        .kysely.selectFrom("bookings")
        .select(["status", "state_version"])
        .where("id", "=", bookingId)
        .executeTakeFirstOrThrow()
    ).status;

  it("previews through the queue with progress on the ops stream, then applies every move with history rows", async () => {
    const { venue, pairs } = await fcfsDay(db());
    const [{ couple, four }] = pairs as [(typeof pairs)[number]];
    const manager = await staffOf(venue, "manager");
    const started = await start(manager, {
      restaurantId: venue.restaurantId,
      date: DATE,
      solver: "exact",
      timeLimitMs: 5_000,
    });
    expect(started.status).toBe(202);
    const { runId, version } = await started.json();
    expect(started.headers.get("location")).toBe(`/api/ops/optimizer/runs/${runId}`);
    expect(version).toBe(1);
    const run = await settled(manager, runId);
    expect(run).toMatchObject({
      runId,
      restaurantId: venue.restaurantId,
      date: DATE,
      solver: "exact",
      stale: false,
      staleBookings: [],
      belowThreshold: null,
      optimal: true,
      gap: 0,
      baseline: { bookingsSeated: 1, coversSeated: 2, seatsWasted: 2, merges: 0, moves: 0 },
      proposed: { bookingsSeated: 2, coversSeated: 6, seatsWasted: 0, merges: 0, moves: 2 },
    });
    expect(run.durationMs).toEqual(expect.any(Number));
    expect(run.moves).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: couple.bookingId,
          reference: couple.reference,
          guestName: "Couple 19:00",
          partySize: 2,
          change: "moved",
          fromTables: [{ id: venue.tables.T4, name: "T4" }],
          toTables: [{ id: venue.tables.T2, name: "T2" }],
        }),
        expect.objectContaining({
          id: four.bookingId,
          change: "placed",
          fromTables: [],
          toTables: [{ id: venue.tables.T4, name: "T4" }],
        }),
      ]),
    );
    // Progress went out on the ops stream: one `optimizer` event per status, at the run's local day.
    const events = await db()
      .kysely.selectFrom("ops_events")
      .select(["change", "version"])
      .where("kind", "=", "optimizer")
      .where("restaurant_id", "=", venue.restaurantId)
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.change)).toEqual(["queued", "running", "previewed"]);
    const listed = await (await list(manager, venue.restaurantId)).json();
    expect(listed.runs).toEqual([expect.objectContaining({ runId, status: "previewed", moveCount: 2, stale: false })]);

    const applied = await apply(manager, runId, { expectedRunVersion: run.version });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ status: "applied", moved: 1, placed: 1 });
    expect(await tablesOf(couple.bookingId)).toEqual([venue.tables.T2]);
    expect(await tablesOf(four.bookingId)).toEqual([venue.tables.T4]);
    const history = await db()
      .kysely.selectFrom("booking_state_history")
      .select(["booking_id", "event", "actor_type", "actor_id", "reason"])
      .where("actor_type", "=", "optimizer")
      .where("booking_id", "in", [couple.bookingId, four.bookingId])
      .execute();
    expect(history).toHaveLength(2);
    for (const row of history) {
      expect(row).toMatchObject({
        actor_id: runId,
        reason: `optimizer run applied by A manager (staff ${manager.id})`,
      });
    }
    expect(await (await read(manager, runId)).json()).toMatchObject({
      status: "applied",
      appliedMoveIds: expect.arrayContaining([couple.bookingId, four.bookingId]),
    });
    // Applied once: a second apply is refused.
    const again = await apply(manager, runId, { expectedRunVersion: run.version + 1 });
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe("OPTIMIZER_RUN_CLOSED");
  });

  it("a booking changed between preview and apply: the run reads stale, apply is 409 with it named, nothing moves", async () => {
    const { venue, pairs } = await fcfsDay(db());
    const [{ couple, four }] = pairs as [(typeof pairs)[number]];
    const manager = await staffOf(venue, "manager");
    const run = await previewed(manager, venue.restaurantId);
    // A version the caller did not see is refused before anything else.
    const wrongVersion = await apply(manager, run.runId, { expectedRunVersion: run.version + 5 });
    expect(wrongVersion.status).toBe(409);
    expect((await wrongVersion.json()).code).toBe("STALE");

    await transitionBooking({ db: db(), bookingId: couple.bookingId, event: { type: "CANCEL" }, actor: SEED_ACTOR });
    expect(await (await read(manager, run.runId)).json()).toMatchObject({
      stale: true,
      staleBookings: [{ bookingId: couple.bookingId, reference: couple.reference }],
    });
    const listed = await (await list(manager, venue.restaurantId)).json();
    expect(listed.runs).toEqual([expect.objectContaining({ runId: run.runId, status: "previewed", stale: true })]);
    const refused = await apply(manager, run.runId, { expectedRunVersion: run.version });
    expect(refused.status).toBe(409);
    const problem = await refused.json();
    expect(problem.code).toBe("OPTIMIZER_RUN_STALE");
    expect(problem.stale).toEqual([
      expect.objectContaining({ bookingId: couple.bookingId, reference: couple.reference }),
    ]);
    expect(await tablesOf(four.bookingId)).toEqual([]);
    expect(await statusOf(four.bookingId)).toBe("manual_review");
    expect(await (await read(manager, run.runId)).json()).toMatchObject({ status: "stale" });
  });

  it("applies a chosen subset as one fenced write, refusing a subset that needs a left-out move", async () => {
    const { venue, pairs } = await fcfsDay(db(), ["17:30", "20:00"]);
    const [early, late] = pairs as [(typeof pairs)[number], (typeof pairs)[number]];
    const manager = await staffOf(venue, "manager");
    const run = await previewed(manager, venue.restaurantId);
    expect(run.moves).toHaveLength(4);

    // The early four alone needs the early couple's 4-top.
    const alone = await apply(manager, run.runId, { expectedRunVersion: run.version, moveIds: [early.four.bookingId] });
    expect(alone.status).toBe(422);
    const dependent = await alone.json();
    expect(dependent.code).toBe("OPTIMIZER_MOVES_DEPENDENT");
    expect(dependent.needs).toEqual([
      expect.objectContaining({ moveId: early.four.bookingId, needsMoveId: early.couple.bookingId }),
    ]);
    expect(await tablesOf(early.couple.bookingId)).toEqual([venue.tables.T4]);

    const subset = [early.couple.bookingId, early.four.bookingId];
    const applied = await apply(manager, run.runId, { expectedRunVersion: run.version, moveIds: subset });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ moved: 1, placed: 1, appliedMoveIds: expect.arrayContaining(subset) });
    expect(await tablesOf(early.couple.bookingId)).toEqual([venue.tables.T2]);
    expect(await tablesOf(early.four.bookingId)).toEqual([venue.tables.T4]);
    // The moves left out did not happen.
    expect(await tablesOf(late.couple.bookingId)).toEqual([venue.tables.T4]);
    expect(await statusOf(late.four.bookingId)).toBe("manual_review");

    // The rest, planned again, then fenced: the late couple changes meanwhile, so applying its move is 409.
    const second = await previewed(manager, venue.restaurantId);
    expect(second.moves.map((m: { id: string }) => m.id).sort()).toEqual(
      [late.couple.bookingId, late.four.bookingId].sort(),
    );
    await transitionBooking({
      db: db(),
      bookingId: late.couple.bookingId,
      event: { type: "CONFIRM" },
      actor: SEED_ACTOR,
    });
    const fenced = await apply(manager, second.runId, {
      expectedRunVersion: second.version,
      moveIds: [late.couple.bookingId, late.four.bookingId],
    });
    expect(fenced.status).toBe(409);
    expect((await fenced.json()).stale).toEqual([expect.objectContaining({ bookingId: late.couple.bookingId })]);
    expect(await tablesOf(late.couple.bookingId)).toEqual([venue.tables.T4]);
    expect(await statusOf(late.four.bookingId)).toBe("manual_review");
  });

  it("a host gets 403 and another restaurant's staff 404, on every route", async () => {
    const { venue } = await fcfsDay(db());
    const other = await setupEveningScenario(db());
    const manager = await staffOf(venue, "manager");
    const host = await staffOf(venue, "host");
    const stranger = await staffOf(other, "owner");
    const run = await previewed(manager, venue.restaurantId);
    const body = { expectedRunVersion: run.version };
    for (const [staff, status] of [
      [host, 403],
      [stranger, 404],
    ] as const) {
      expect((await start(staff, { restaurantId: venue.restaurantId, date: DATE })).status).toBe(status);
      expect((await list(staff, venue.restaurantId)).status).toBe(status);
      expect((await read(staff, run.runId)).status).toBe(status);
      expect((await apply(staff, run.runId, body)).status).toBe(status);
    }
    // Nothing was applied by them.
    expect(await (await read(manager, run.runId)).json()).toMatchObject({ status: "previewed", version: run.version });
    expect((await start(manager, { restaurantId: venue.restaurantId, date: DATE, timeLimitMs: 10 })).status).toBe(400);
  });
});
