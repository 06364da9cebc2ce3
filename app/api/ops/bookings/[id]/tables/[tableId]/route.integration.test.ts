import { afterAll, beforeAll, expect, it } from "vitest";
import { historyOf, tablesOf } from "@/server/assignment/testing/assignment-test-kit";
import { seedPlacedBooking, startBookingIn, writeFingerprint } from "@/server/coordinator/testing/ops-booking-test-kit";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { jobsFor } from "@/server/testing/pipeline-test-kit";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST as TRANSITION } from "../../transitions/route";
import { DELETE } from "./route";

/**
 * DELETE /api/ops/bookings/{id}/tables/{tableId} through the real handler on both backends: taking one table off a
 * merged booking keeps it on the rest when they still seat the party, else sends it back to assignment; a table
 * that is not the booking's, and anything of another restaurant, is 404; refusals write nothing.
 */
describeEachBackend("DELETE /api/ops/bookings/{id}/tables/{tableId}", ({ db }) => {
  let venue: EveningScenario;
  let other: EveningScenario;
  let host: TTestStaff;
  let stranger: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db());
    other = await setupEveningScenario(db());
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
    stranger = await seedStaffMember(db().kysely, { secret, memberships: [[other.restaurantId, "owner"]] });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const unassign = (
    bookingId: string,
    tableId: string,
    {
      staff = host as TTestStaff | null,
      origin,
      query = "",
    }: { staff?: TTestStaff | null; origin?: string | null; query?: string } = {},
  ) =>
    DELETE(
      staffRequest(`/api/ops/bookings/${bookingId}/tables/${tableId}${query}`, { method: "DELETE", staff, origin }),
      routeParams({ id: bookingId, tableId }),
    );
  const table = (label: string) => venue.tables[label] as string;

  it("one table off a merged booking whose other table still seats the party: still assigned, on the rest", async () => {
    const booking = await seedPlacedBooking(db(), { venue, tables: ["A", "B"], party: 4 });
    const response = await unassign(booking.id, table("B"), { query: `?expectedVersion=${booking.version}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: booking.id,
      status: "assigned",
      version: booking.version + 1,
      tables: [{ id: table("A"), name: "A" }],
      allowedEvents: ["cancel"],
    });
    expect(await tablesOf(db().kysely, booking.id)).toEqual([table("A")]);
    expect((await historyOf(db().kysely, booking.id)).at(-1)).toMatchObject({
      event: "TABLES_CHANGED",
      actor_type: "staff",
      actor_id: host.id,
    });
  });

  it("one table off a merged booking the rest cannot seat: every table freed, back to automatic assignment", async () => {
    const booking = await seedPlacedBooking(db(), { venue, tables: ["A", "B"], party: 6 });
    const response = await unassign(booking.id, table("A"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "assignment_pending", tables: [] });
    expect(await tablesOf(db().kysely, booking.id)).toEqual([]);
    expect(await jobsFor(db(), "booking.assign", booking.id)).not.toHaveLength(0);
  });

  it("a table that is not on the booking (or another restaurant's) is 404 naming the booking's tables", async () => {
    const booking = await seedPlacedBooking(db(), { venue, tables: ["C", "D"], party: 6 });
    const before = await writeFingerprint(db().kysely);
    for (const tableId of [table("A"), other.tables.C as string, "00000000-0000-4000-8000-000000000000", "nope"]) {
      const response = await unassign(booking.id, tableId);
      expect(response.status, tableId).toBe(404);
      const problem = await response.json();
      expect(problem.code).toBe("NOT_FOUND");
      expect(problem.hint).toBe("Its tables now are C, D: reload the booking and pick one of those");
    }
    expect(await writeFingerprint(db().kysely)).toEqual(before);
  });

  it("a moved version is 409 STALE_VERSION with the booking as it is now; nothing written", async () => {
    const booking = await seedPlacedBooking(db(), { venue, tables: ["A", "B"], party: 6 });
    const before = await writeFingerprint(db().kysely);
    const response = await unassign(booking.id, table("B"), { query: `?expectedVersion=${booking.version + 3}` });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      code: "STALE_VERSION",
      current: { id: booking.id, version: booking.version, status: "assigned" },
    });
    expect((await unassign(booking.id, table("B"), { query: "?expectedVersion=x" })).status).toBe(400);
    expect(await writeFingerprint(db().kysely)).toEqual(before);
  });

  it("a seated party keeps its tables: 409 INVALID_TRANSITION", async () => {
    const booking = await seedPlacedBooking(db(), { venue, tables: ["A", "B"], party: 6 });
    await startBookingIn(db().kysely, booking.id, 0);
    const checkIn = await TRANSITION(
      staffRequest(`/api/ops/bookings/${booking.id}/transitions`, {
        method: "POST",
        staff: host,
        body: { event: "check_in", expectedVersion: booking.version },
      }),
      routeParams({ id: booking.id }),
    );
    expect(checkIn.status).toBe(200);
    const before = await writeFingerprint(db().kysely);
    const response = await unassign(booking.id, table("B"));
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "INVALID_TRANSITION" });
    expect(await writeFingerprint(db().kysely)).toEqual(before);
  });

  it("auth: 401 without a session, 404 for another restaurant's booking, cross-origin refused", async () => {
    const booking = await seedPlacedBooking(db(), { venue, tables: ["A", "B"], party: 6 });
    const before = await writeFingerprint(db().kysely);
    expect((await unassign(booking.id, table("B"), { staff: null })).status).toBe(401);
    expect((await unassign(booking.id, table("B"), { staff: stranger })).status).toBe(404);
    expect((await unassign(booking.id, table("B"), { origin: "https://evil.example" })).status).toBe(403);
    expect(await writeFingerprint(db().kysely)).toEqual(before);
    expect(await tablesOf(db().kysely, booking.id)).toHaveLength(2);
  });
});
