import { afterAll, beforeAll, expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { type EveningScenario, SEED_ACTOR, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { sendToReview } from "../../review-test-kit";
import { POST } from "./route";

/**
 * POST /api/ops/review/{bookingId}/accept through the real handler, on PGlite and PostgreSQL: a manager commits a
 * plan and gets the booking back with its tables and new version; a stale version is 409 with the booking as it is
 * now, taken tables 409 TABLE_CONFLICT, a booking no longer in review 409 INVALID_TRANSITION; hosts 403, other
 * restaurants' bookings and tables 404, no session 401, another origin 403 — and no refusal writes anything.
 */
type TBooking = {
  id: string;
  reference: string;
  status: string;
  version: number;
  startsAt: string;
  endsAt: string;
  partySize: number;
  tables: { id: string; name: string }[];
};

describeEachBackend("POST /api/ops/review/{bookingId}/accept", ({ db }) => {
  let venue: EveningScenario;
  let other: EveningScenario;
  let manager: TTestStaff;
  let host: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db());
    other = await setupEveningScenario(db());
    manager = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "manager"]] });
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const inReview = async (scenario: EveningScenario, at = "19:00") => {
    const booking = await scenario.book({ party: 2, at });
    const version = await sendToReview(db(), {
      restaurantId: scenario.restaurantId,
      bookingId: booking.bookingId,
      reason: "NO_PLAN",
    });
    return { id: booking.bookingId, version };
  };
  const accept = (
    bookingId: string,
    body: unknown,
    { staff = manager as TTestStaff | null, origin }: { staff?: TTestStaff | null; origin?: string } = {},
  ) =>
    POST(
      staffRequest(`/api/ops/review/${bookingId}/accept`, {
        method: "POST",
        staff,
        body,
        ...(origin ? { origin } : {}),
      }),
      routeParams({ bookingId }),
    );
  const snapshot = async () => {
    const [allocations, history, bookings] = await Promise.all([
      db().kysely.selectFrom("allocations").select(["booking_id", "table_id", "kind"]).orderBy("id").execute(),
      db().kysely.selectFrom("booking_state_history").select(["booking_id", "version"]).orderBy("id").execute(),
      db().kysely.selectFrom("bookings").select(["id", "status", "state_version"]).orderBy("id").execute(),
    ]);
    return { allocations, history, bookings };
  };

  it("commits the plan and answers the booking with its tables, status and new version", async () => {
    const booking = await inReview(venue);
    const response = await accept(booking.id, { planTableIds: [venue.tables.A], expectedVersion: booking.version });
    expect(response.status).toBe(200);
    const body = (await response.json()) as TBooking;
    expect(body).toMatchObject({ id: booking.id, partySize: 2, tables: [{ id: venue.tables.A, name: "A" }] });
    expect(["assigned", "confirmed"]).toContain(body.status);
    expect(body.version).toBeGreaterThan(booking.version);
    const rows = await db()
      .kysely.selectFrom("allocations")
      .select(["table_id", "kind"])
      .where("booking_id", "=", booking.id)
      .execute();
    expect(rows).toEqual([{ table_id: venue.tables.A, kind: "assignment" }]);
    const history = await db()
      .kysely.selectFrom("booking_state_history")
      .select(["event", "to_status"])
      .where("booking_id", "=", booking.id)
      .orderBy("version")
      .execute();
    expect(history.map((h) => h.event)).toContain("MANUAL_ASSIGN");

    // Accepted once: the booking left review, so a second accept (even at its new version) is refused.
    const again = await accept(booking.id, { planTableIds: [venue.tables.B], expectedVersion: body.version });
    expect(again.status).toBe(409);
    const problem = (await again.json()) as { code: string; status: string; hint: string };
    expect(problem.code).toBe("INVALID_TRANSITION");
    expect(problem.hint).toMatch(/review queue/);
  });

  it("answers 409 STALE_VERSION with the booking as it is now, and writes nothing", async () => {
    const booking = await inReview(venue, "17:00");
    const before = await snapshot();
    const response = await accept(booking.id, { planTableIds: [venue.tables.C], expectedVersion: booking.version - 1 });
    expect(response.status).toBe(409);
    const problem = (await response.json()) as { code: string; hint: string; current: TBooking };
    expect(problem.code).toBe("STALE_VERSION");
    expect(problem.current).toMatchObject({
      id: booking.id,
      status: "manual_review",
      version: booking.version,
      tables: [],
    });
    expect(problem.hint.length).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
  });

  it("answers 409 TABLE_CONFLICT when the tables were taken meanwhile, and writes nothing", async () => {
    const booking = await inReview(venue, "20:00");
    const rival = await venue.book({ party: 2, at: "20:00" });
    await commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: rival.bookingId,
      tableIds: [venue.tables.D as string],
      actor: SEED_ACTOR,
    });
    const before = await snapshot();
    const response = await accept(booking.id, { planTableIds: [venue.tables.D], expectedVersion: booking.version });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { code: string }).code).toBe("TABLE_CONFLICT");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a host (403), another restaurant's booking or table (404), no session (401), another origin (403)", async () => {
    const booking = await inReview(venue, "18:00");
    const foreign = await inReview(other, "18:00");
    const body = { planTableIds: [venue.tables.B], expectedVersion: booking.version };
    const before = await snapshot();
    const asHost = await accept(booking.id, body, { staff: host });
    expect(asHost.status).toBe(403);
    expect(((await asHost.json()) as { role: string }).role).toBe("manager");
    expect((await accept(foreign.id, { ...body, expectedVersion: foreign.version })).status).toBe(404);
    expect((await accept("00000000-0000-4000-8000-000000000000", body)).status).toBe(404);
    expect((await accept(booking.id, { ...body, planTableIds: [other.tables.B] })).status).toBe(404);
    expect((await accept(booking.id, body, { staff: null })).status).toBe(401);
    expect((await accept(booking.id, body, { origin: "https://evil.example" })).status).toBe(403);
    expect((await accept(booking.id, { planTableIds: [], expectedVersion: booking.version })).status).toBe(400);
    expect((await accept(booking.id, { planTableIds: [venue.tables.B] })).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});
