import { afterAll, beforeAll, expect, it } from "vitest";
import {
  callRoute,
  failedChecks,
  setupManualFlow,
  type TManualFlow,
} from "@/app/api/staff/manual/manual-flow-test-kit";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { countRows } from "@/server/assignment/testing/assignment-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { GET } from "../context/route";
import { POST as HOLD } from "../hold/route";
import { POST } from "./route";

/**
 * POST /api/staff/manual/validate on PGlite and PostgreSQL: 200 whatever the verdict with every check, each check
 * failing on its own, STALE_CONTEXT, auth; and it never writes.
 */
describeEachBackend("POST /api/staff/manual/validate", ({ db }) => {
  let flow: TManualFlow;
  const validate = (body: Record<string, unknown>, staff = flow.host) =>
    callRoute(POST, "/api/staff/manual/validate", { staff, body });

  beforeAll(async () => {
    flow = await setupManualFlow(db());
  });
  afterAll(async () => {
    await flow.uninstall();
  });

  const book = (party: number, at = "19:00", date = flow.nextDate()) => flow.venue.book({ party, at, date });

  it("answers 200 with every check passing for a good choice, and the context's version", async () => {
    const booking = await book(4);
    const context = await callRoute(GET, `/api/staff/manual/context?bookingId=${booking.bookingId}`, {
      method: "GET",
      staff: flow.host,
    });
    const { status, body } = await validate({
      bookingId: booking.bookingId,
      tableIds: [flow.table("A")],
      contextVersion: context.body.contextVersion,
    });
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.contextVersion).toBe(context.body.contextVersion);
    const checks = body.checks as { name: string; pass: boolean; code: string | null; hint: string | null }[];
    expect(checks.map((c) => c.name)).toEqual([
      "booking_state",
      "tables_found",
      "tables_active",
      "table_count",
      "mergeable",
      "zone",
      "adjacency",
      "capacity",
      "overage",
      "conflicts",
      "holds",
      "service_window",
    ]);
    expect(checks.every((c) => c.pass && c.code === null && c.hint === null)).toBe(true);
  });

  it.each([
    { failing: "capacity", party: 6, tables: ["A"], code: "CAPACITY" },
    { failing: "overage", party: 2, tables: ["H"], code: "CAPACITY" },
    { failing: "zone", party: 6, tables: ["B", "T1"], code: "CROSS_ZONE" },
    { failing: "adjacency", party: 6, tables: ["A", "C"], code: "NOT_CONNECTED" },
    { failing: "mergeable", party: 5, tables: ["C", "D"], code: "NOT_MERGEABLE" },
    { failing: "tables_active", party: 5, tables: ["F"], code: "TABLE_UNAVAILABLE" },
  ])("answers 200 with only $failing failing ($code) and a hint", async ({ failing, party, tables, code }) => {
    const booking = await book(party);
    const { status, body } = await validate({ bookingId: booking.bookingId, tableIds: tables.map(flow.table) });
    expect(status).toBe(200);
    expect(body.ok).toBe(false);
    expect(failedChecks(body)).toEqual([failing]);
    const check = (body.checks as { name: string; code: string; hint: string; message: string }[]).find(
      (c) => c.name === failing,
    );
    expect(check?.code).toBe(code);
    expect(check?.hint).toBeTruthy();
    expect(check?.message).toBeTruthy();
  });

  it("tells a table taken by another booking (conflicts) from one another booking holds (holds)", async () => {
    const date = flow.nextDate();
    const seated = await book(4, "19:00", date);
    await commitAssignment({
      db: db(),
      restaurantId: flow.venue.restaurantId,
      bookingId: seated.bookingId,
      tableIds: [flow.table("A")],
      actor: { type: "staff", id: flow.host.id, role: "host" },
    });
    const holder = await book(4, "19:00", date);
    const held = await callRoute(HOLD, "/api/staff/manual/hold", {
      staff: flow.host,
      body: { bookingId: holder.bookingId, tableIds: [flow.table("B")] },
    });
    expect(held.status).toBe(201);
    const booking = await book(4, "19:30", date);
    const onA = await validate({ bookingId: booking.bookingId, tableIds: [flow.table("A")] });
    expect(failedChecks(onA.body)).toEqual(["conflicts"]);
    expect(JSON.stringify(onA.body.checks)).toContain(seated.reference);
    const onB = await validate({ bookingId: booking.bookingId, tableIds: [flow.table("B")] });
    expect(failedChecks(onB.body)).toEqual(["holds"]);
    expect(JSON.stringify(onB.body.checks)).toContain(holder.reference);
  });

  it("fails service_window for a booking outside the restaurant's seatings (hours changed since)", async () => {
    const booking = await flow.other.book({ party: 2, at: "21:00", date: flow.nextDate() });
    await db()
      .kysely.updateTable("service_periods")
      .set({ last_seating_at: "20:00" })
      .where("restaurant_id", "=", flow.other.restaurantId)
      .execute();
    const otherHost = await flow.staff("host", "other");
    const { status, body } = await validate(
      { bookingId: booking.bookingId, tableIds: [flow.other.tables.A as string] },
      otherHost,
    );
    expect(status).toBe(200);
    expect(failedChecks(body)).toEqual(["service_window"]);
    const check = (body.checks as { name: string; code: string; hint: string }[]).at(-1);
    expect(check).toMatchObject({ code: "OUTSIDE_SERVICE", overridable: true });
    expect(check?.hint).toContain("17:00–20:00");
  });

  it("answers 409 STALE_CONTEXT with the current contextVersion when the tables changed since", async () => {
    const date = flow.nextDate();
    const booking = await book(4, "19:00", date);
    const before = await callRoute(GET, `/api/staff/manual/context?bookingId=${booking.bookingId}`, {
      method: "GET",
      staff: flow.host,
    });
    const neighbour = await book(4, "19:00", date);
    await callRoute(HOLD, "/api/staff/manual/hold", {
      staff: flow.manager,
      body: { bookingId: neighbour.bookingId, tableIds: [flow.table("C")] },
    });
    const { status, body, contentType } = await validate({
      bookingId: booking.bookingId,
      tableIds: [flow.table("A")],
      contextVersion: before.body.contextVersion,
    });
    expect(status).toBe(409);
    expect(contentType).toContain("application/problem+json");
    expect(body.code).toBe("STALE_CONTEXT");
    expect(body.hint).toBeTruthy();
    expect(body.contextVersion).toEqual(expect.stringMatching(/^cv1\./));
    expect(body.contextVersion).not.toBe(before.body.contextVersion);
    const retried = await validate({
      bookingId: booking.bookingId,
      tableIds: [flow.table("A")],
      contextVersion: body.contextVersion,
    });
    expect(retried.status).toBe(200);
  });

  it("writes nothing, whatever the verdict", async () => {
    const booking = await book(6);
    const counts = async () =>
      Promise.all(
        (["holds", "allocations", "booking_state_history"] as const).map((table) => countRows(db().kysely, table)),
      );
    const before = await counts();
    await validate({ bookingId: booking.bookingId, tableIds: [flow.table("A"), flow.table("C")] });
    await validate({ bookingId: booking.bookingId, tableIds: [flow.table("A"), flow.table("B")] });
    expect(await counts()).toEqual(before);
  });

  it("refuses without a session (401), another restaurant's booking (404, as a missing one), bad input (400)", async () => {
    const booking = await book(2);
    const body = { bookingId: booking.bookingId, tableIds: [flow.table("A")] };
    expect((await callRoute(POST, "/api/staff/manual/validate", { body })).status).toBe(401);
    const foreign = await validate(body, flow.foreignHost);
    const missing = await validate({ ...body, bookingId: "00000000-0000-4000-8000-000000000000" }, flow.foreignHost);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect({ ...foreign.body, requestId: 0, detail: 0, bookingId: 0 }).toEqual({
      ...missing.body,
      requestId: 0,
      detail: 0,
      bookingId: 0,
    });
    expect((await validate({ bookingId: booking.bookingId, tableIds: [] })).status).toBe(400);
    const crossSite = await callRoute(POST, "/api/staff/manual/validate", {
      staff: flow.host,
      body,
      origin: "https://evil.example",
    });
    expect(crossSite.status).toBe(403);
  });
});
