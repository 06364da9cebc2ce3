import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  callRoute,
  failedChecks,
  setupManualFlow,
  type TManualFlow,
} from "@/app/api/staff/manual/manual-flow-test-kit";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { countRows } from "@/server/assignment/testing/assignment-test-kit";
import type { TCreatedBooking } from "@/server/booking/create-booking";
import type { TTestStaff } from "@/server/testing/staff-test-kit";
import type { TestDb } from "@/server/testing/test-db";
import { describeEachBackend } from "@/server/testing/test-db";
import { GET as CONTEXT } from "../context/route";
import { POST } from "./route";

/**
 * POST /api/staff/manual/hold on PGlite and PostgreSQL: the hold or the failing checks (409 conflict / 422
 * policy), a manager's override (a host's refused), STALE_CONTEXT, auth, concurrency, and nothing written on a
 * refusal.
 */
async function writes(db: TestDb) {
  return {
    holds: await countRows(db.kysely, "holds"),
    allocations: await countRows(db.kysely, "allocations"),
    history: await countRows(db.kysely, "booking_state_history"),
  };
}

describeEachBackend("POST /api/staff/manual/hold", ({ db }) => {
  let flow: TManualFlow;
  const hold = (body: Record<string, unknown>, staff = flow.host) =>
    callRoute(POST, "/api/staff/manual/hold", { staff, body });
  const book = (party: number, at = "19:00", date = flow.nextDate()) => flow.venue.book({ party, at, date });

  beforeAll(async () => {
    flow = await setupManualFlow(db());
  });
  afterAll(async () => {
    await flow.uninstall();
  });

  it("holds good tables: 201 with the hold, every check, and the TTL asked for", async () => {
    const booking = await book(4);
    const { status, body } = await hold({
      bookingId: booking.bookingId,
      tableIds: [flow.table("A")],
      holdTtlSeconds: 60,
    });
    expect(status).toBe(201);
    const held = body.hold as { id: string; expiresAt: string; tableIds: string[] };
    expect(held.tableIds).toEqual([flow.table("A")]);
    expect(failedChecks(body)).toEqual([]);
    expect(body.overridden).toEqual([]);
    const row = await db()
      .kysely.selectFrom("holds")
      .select([sql<number>`extract(epoch from expires_at - created_at)::int`.as("ttl"), "created_by", "source"])
      .where("id", "=", held.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ ttl: 60, created_by: `staff:${flow.host.id}`, source: "manual" });
    // The context now shows the table held for this booking.
    const context = await callRoute(CONTEXT, `/api/staff/manual/context?bookingId=${booking.bookingId}`, {
      method: "GET",
      staff: flow.host,
    });
    expect(context.body.contextVersion).toBe(body.contextVersion);
    expect((context.body.activeHold as { id: string }).id).toBe(held.id);
  });

  it("refuses a policy failure with 422 SELECTION_INVALID carrying the checks; nothing written", async () => {
    const booking = await book(6);
    const before = await writes(db());
    const { status, body, contentType } = await hold({
      bookingId: booking.bookingId,
      tableIds: [flow.table("B"), flow.table("T1")],
    });
    expect(status).toBe(422);
    expect(contentType).toContain("application/problem+json");
    expect(body.code).toBe("SELECTION_INVALID");
    expect(body.hint).toBeTruthy();
    expect(failedChecks(body)).toEqual(["zone"]);
    expect(await writes(db())).toEqual(before);
  });

  it("refuses a conflict with 409 TABLE_CONFLICT carrying the checks, even with a manager's override", async () => {
    const date = flow.nextDate();
    const seated = await book(4, "19:00", date);
    await commitAssignment({
      db: db(),
      restaurantId: flow.venue.restaurantId,
      bookingId: seated.bookingId,
      tableIds: [flow.table("A")],
      actor: { type: "staff", id: flow.host.id, role: "host" },
    });
    const booking = await book(4, "20:00", date);
    const before = await writes(db());
    const plain = await hold({ bookingId: booking.bookingId, tableIds: [flow.table("A")] });
    expect(plain.status).toBe(409);
    expect(plain.body.code).toBe("TABLE_CONFLICT");
    expect(failedChecks(plain.body)).toEqual(["conflicts"]);
    const overridden = await hold(
      { bookingId: booking.bookingId, tableIds: [flow.table("A")], override: { reason: "VIP, they will squeeze" } },
      flow.manager,
    );
    expect(overridden.status).toBe(409);
    expect(overridden.body.code).toBe("TABLE_CONFLICT");
    expect(overridden.body.hint).toContain("never waives a conflict");
    expect(await writes(db())).toEqual(before);
  });

  it("lets a manager override policy checks with a reason: the hold records who, why and which checks", async () => {
    const booking = await book(2);
    const { status, body } = await hold(
      {
        bookingId: booking.bookingId,
        tableIds: [flow.table("H")],
        override: { reason: "Birthday, wants the big table" },
      },
      flow.manager,
    );
    expect(status).toBe(201);
    expect(body.overridden).toEqual(["overage"]);
    const { rows } = await sql<{ override: Record<string, unknown> }>`select override from holds
      where id = ${(body.hold as { id: string }).id}`.execute(db().kysely);
    expect(rows[0]?.override).toMatchObject({
      reason: "Birthday, wants the big table",
      checks: ["overage"],
      waive: ["capacity"],
      by: flow.manager.id,
      role: "manager",
    });
  });

  it("refuses a host's override with 403 OVERRIDE_NOT_ALLOWED and writes nothing", async () => {
    const booking = await book(2);
    const before = await writes(db());
    const { status, body } = await hold({
      bookingId: booking.bookingId,
      tableIds: [flow.table("H")],
      override: { reason: "I think it is fine" },
    });
    expect(status).toBe(403);
    expect(body.code).toBe("OVERRIDE_NOT_ALLOWED");
    expect(body.hint).toBeTruthy();
    expect(await writes(db())).toEqual(before);
  });

  it("answers 409 STALE_CONTEXT with the current version; nothing written", async () => {
    const date = flow.nextDate();
    const booking = await book(4, "19:00", date);
    const context = await callRoute(CONTEXT, `/api/staff/manual/context?bookingId=${booking.bookingId}`, {
      method: "GET",
      staff: flow.host,
    });
    const other = await book(4, "19:00", date);
    expect((await hold({ bookingId: other.bookingId, tableIds: [flow.table("C")] })).status).toBe(201);
    const before = await writes(db());
    const stale = await hold({
      bookingId: booking.bookingId,
      tableIds: [flow.table("A")],
      contextVersion: context.body.contextVersion,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("STALE_CONTEXT");
    expect(stale.body.contextVersion).not.toBe(context.body.contextVersion);
    expect(await writes(db())).toEqual(before);
  });

  it("gives exactly one hold when 10 members of staff hold one table for 10 bookings at once", async () => {
    const date = flow.nextDate();
    const bookings: TCreatedBooking[] = [];
    const staff: TTestStaff[] = [];
    for (let i = 0; i < 10; i++) {
      bookings.push(await book(4, "19:00", date));
      staff.push(await flow.staff(i % 2 === 0 ? "host" : "manager"));
    }
    const answers = await Promise.all(
      bookings.map((b, i) => hold({ bookingId: b.bookingId, tableIds: [flow.table("G")] }, staff[i])),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body.code).toBe("TABLE_CONFLICT");
      expect(failedChecks(refused.body)).toEqual(["holds"]);
    }
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from allocations
      where table_id = ${flow.table("G")} and kind = 'hold'`.execute(db().kysely);
    expect(rows[0]?.n).toBe(1);
  });

  it("refuses without a session (401), cross-site (403), another restaurant's booking (404), bad TTL (400)", async () => {
    const booking = await book(2);
    const body = { bookingId: booking.bookingId, tableIds: [flow.table("A")] };
    const before = await writes(db());
    expect((await callRoute(POST, "/api/staff/manual/hold", { body })).status).toBe(401);
    const crossSite = await callRoute(POST, "/api/staff/manual/hold", {
      staff: flow.host,
      body,
      origin: "https://evil.example",
    });
    expect(crossSite.status).toBe(403);
    expect((await hold(body, flow.foreignHost)).status).toBe(404);
    expect((await hold({ ...body, tableIds: [flow.other.tables.A] })).body.code).toBe("SELECTION_INVALID");
    expect((await hold({ ...body, holdTtlSeconds: 10 })).status).toBe(400);
    expect((await hold({ ...body, holdTtlSeconds: 601 })).status).toBe(400);
    expect(await writes(db())).toEqual(before);
  });
});
