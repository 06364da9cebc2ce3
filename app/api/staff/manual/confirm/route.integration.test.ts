import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  callRoute,
  failedChecks,
  newKey,
  setupManualFlow,
  type TManualFlow,
} from "@/app/api/staff/manual/manual-flow-test-kit";
import { countRows, historyOf } from "@/server/assignment/testing/assignment-test-kit";
import { transitionBooking } from "@/server/booking/transition-booking";
import { expireHold } from "@/server/testing/factories";
import { jobsFor } from "@/server/testing/pipeline-test-kit";
import type { TTestStaff } from "@/server/testing/staff-test-kit";
import type { TestDb } from "@/server/testing/test-db";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST as AUTO_CONFIRM } from "../../auto/confirm/route";
import { GET as CONTEXT } from "../context/route";
import { POST as HOLD } from "../hold/route";
import { POST as VALIDATE } from "../validate/route";
import { POST } from "./route";

/**
 * POST /api/staff/manual/confirm and POST /api/staff/auto/confirm (one handler) on PGlite and PostgreSQL: the whole
 * manual flow, idempotency, expired holds, the override in history, two confirmers, auth; nothing written on refusal.
 */
async function writes(db: TestDb) {
  return {
    holds: await countRows(db.kysely, "holds"),
    allocations: await countRows(db.kysely, "allocations"),
    history: await countRows(db.kysely, "booking_state_history"),
    keys: Number(
      (await sql<{ n: number }>`select count(*)::int as n from idempotency_keys`.execute(db.kysely)).rows[0]?.n,
    ),
  };
}

describeEachBackend("POST /api/staff/manual/confirm", ({ db }) => {
  let flow: TManualFlow;
  const book = (party: number, at = "19:00", date = flow.nextDate()) => flow.venue.book({ party, at, date });
  // `key: null` sends no Idempotency-Key header.
  const confirm = (
    body: Record<string, unknown>,
    { staff = flow.host, key }: { staff?: TTestStaff; key?: string | null } = {},
  ) =>
    callRoute(POST, "/api/staff/manual/confirm", {
      staff,
      body,
      idempotencyKey: key === null ? undefined : (key ?? newKey()),
    });
  const holdTables = async (bookingId: string, labels: string[], staff: TTestStaff = flow.host, extra = {}) => {
    const held = await callRoute(HOLD, "/api/staff/manual/hold", {
      staff,
      body: { bookingId, tableIds: labels.map(flow.table), ...extra },
    });
    expect(held.status).toBe(201);
    return (held.body.hold as { id: string }).id;
  };

  beforeAll(async () => {
    flow = await setupManualFlow(db());
  });
  afterAll(async () => {
    await flow.uninstall();
  });

  it("runs context → validate → hold → confirm: 201 with the booking, a replay 200 with the same body", async () => {
    const booking = await book(6);
    const context = await callRoute(CONTEXT, `/api/staff/manual/context?bookingId=${booking.bookingId}`, {
      method: "GET",
      staff: flow.host,
    });
    expect(context.status).toBe(200);
    const tableIds = [flow.table("A"), flow.table("B")];
    const validated = await callRoute(VALIDATE, "/api/staff/manual/validate", {
      staff: flow.host,
      body: { bookingId: booking.bookingId, tableIds, contextVersion: context.body.contextVersion },
    });
    expect(validated.body.ok).toBe(true);
    const held = await callRoute(HOLD, "/api/staff/manual/hold", {
      staff: flow.host,
      body: { bookingId: booking.bookingId, tableIds, contextVersion: validated.body.contextVersion },
    });
    expect(held.status).toBe(201);
    const holdId = (held.body.hold as { id: string }).id;
    const key = newKey();
    const first = await confirm({ bookingId: booking.bookingId, holdId }, { key });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: booking.bookingId,
      reference: booking.reference,
      status: "confirmed",
      partySize: 6,
      tables: [
        { id: flow.table("A"), name: "A" },
        { id: flow.table("B"), name: "B" },
      ],
    });
    expect(first.body).toEqual(
      expect.objectContaining({
        version: expect.any(Number),
        startsAt: expect.any(String),
        endsAt: expect.any(String),
      }),
    );
    const history = await historyOf(db().kysely, booking.bookingId);
    expect(history.slice(-2).map((h) => [h.event, h.to_status, h.actor_id])).toEqual([
      ["MANUAL_ASSIGN", "assigned", flow.host.id],
      ["CONFIRM", "confirmed", flow.host.id],
    ]);
    expect(await jobsFor(db(), "booking.notify", booking.bookingId)).toHaveLength(1);
    const before = await writes(db());
    const replay = await confirm({ bookingId: booking.bookingId, holdId }, { key });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    const reused = await confirm({ bookingId: booking.bookingId, holdId: flow.table("C") }, { key });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await writes(db())).toEqual(before);
  });

  it("records a manager's override in the booking's history (MANUAL_ASSIGN metadata)", async () => {
    const booking = await book(6);
    const holdId = await holdTables(booking.bookingId, ["A", "C"], flow.manager, {
      override: { reason: "Regulars, they like the window" },
    });
    const confirmed = await confirm({ bookingId: booking.bookingId, holdId }, { staff: flow.manager });
    expect(confirmed.status).toBe(201);
    const assign = (await historyOf(db().kysely, booking.bookingId)).find((h) => h.event === "MANUAL_ASSIGN");
    expect(assign?.metadata).toMatchObject({
      holdId,
      override: {
        reason: "Regulars, they like the window",
        checks: ["adjacency"],
        by: flow.manager.id,
        role: "manager",
      },
    });
  });

  it("gives one assignment when two members of staff confirm the same hold: 201, then 410 reason confirmed", async () => {
    const booking = await book(4);
    const holdId = await holdTables(booking.bookingId, ["G"]);
    const other = await flow.staff("host");
    const answers = await Promise.all([
      confirm({ bookingId: booking.bookingId, holdId }),
      confirm({ bookingId: booking.bookingId, holdId }, { staff: other }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 410]);
    const refused = answers.find((a) => a.status === 410);
    expect(refused?.body).toMatchObject({ code: "HOLD_EXPIRED", reason: "confirmed", holdId });
    expect(refused?.body.hint).toContain("already sits at the held tables");
    const assigns = (await historyOf(db().kysely, booking.bookingId)).filter((h) => h.event === "MANUAL_ASSIGN");
    expect(assigns).toHaveLength(1);
    expect(await jobsFor(db(), "booking.notify", booking.bookingId)).toHaveLength(1);
  });

  it("serves POST /api/staff/auto/confirm with the same use case and answers", async () => {
    const booking = await book(4);
    const holdId = await holdTables(booking.bookingId, ["A"]);
    const key = newKey();
    const first = await callRoute(AUTO_CONFIRM, "/api/staff/auto/confirm", {
      staff: flow.host,
      body: { bookingId: booking.bookingId, holdId },
      idempotencyKey: key,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: booking.bookingId, status: "confirmed", tables: [{ name: "A" }] });
    // The same key on the manual route is the same request of the same member of staff: a replay.
    const replay = await confirm({ bookingId: booking.bookingId, holdId }, { key });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
  });

  it("answers 410 HOLD_EXPIRED for an expired hold and leaves the booking as it was", async () => {
    const booking = await book(4);
    const holdId = await holdTables(booking.bookingId, ["B"]);
    await expireHold(db().kysely, holdId);
    const before = await writes(db());
    const { status, body } = await confirm({ bookingId: booking.bookingId, holdId });
    expect(status).toBe(410);
    expect(body).toMatchObject({ code: "HOLD_EXPIRED", reason: "expired", holdId });
    expect(body.hint).toBeTruthy();
    expect(await writes(db())).toEqual(before);
  });

  it("answers 409 STALE_VERSION with the booking as it is now when it changed after the hold", async () => {
    const booking = await book(4);
    const holdId = await holdTables(booking.bookingId, ["H"], flow.manager, { override: { reason: "Big coats" } });
    await transitionBooking({
      db: db(),
      bookingId: booking.bookingId,
      event: { type: "REQUEST_REVIEW", reason: "guest called" },
      actor: { type: "staff", id: flow.host.id, role: "host" },
    });
    const before = await writes(db());
    const { status, body } = await confirm({ bookingId: booking.bookingId, holdId });
    expect(status).toBe(409);
    expect(body.code).toBe("STALE_VERSION");
    expect(body.current).toMatchObject({ id: booking.bookingId, status: "manual_review", tables: [] });
    expect(body.hint).toContain("hold the tables again");
    expect(await writes(db())).toEqual(before);
  });

  it("refuses: no key (400), no session (401), cross-site (403), another restaurant's booking or hold (404)", async () => {
    const booking = await book(4);
    const holdId = await holdTables(booking.bookingId, ["C"]);
    const body = { bookingId: booking.bookingId, holdId };
    const before = await writes(db());
    const noKey = await confirm(body, { key: null });
    expect(noKey.status).toBe(400);
    expect(noKey.body.hint).toContain("Idempotency-Key");
    expect((await callRoute(POST, "/api/staff/manual/confirm", { body, idempotencyKey: newKey() })).status).toBe(401);
    const crossSite = await callRoute(POST, "/api/staff/manual/confirm", {
      staff: flow.host,
      body,
      idempotencyKey: newKey(),
      origin: "https://evil.example",
    });
    expect(crossSite.status).toBe(403);
    expect((await confirm(body, { staff: flow.foreignHost })).status).toBe(404);
    // A hold of another restaurant named with our booking, and a hold that does not exist: the same 404.
    const foreignBooking = await flow.other.book({ party: 2, at: "19:00", date: flow.nextDate() });
    const otherHost = await flow.staff("host", "other");
    const foreignHold = await callRoute(HOLD, "/api/staff/manual/hold", {
      staff: otherHost,
      body: { bookingId: foreignBooking.bookingId, tableIds: [flow.other.tables.A] },
    });
    const foreignHoldId = (foreignHold.body.hold as { id: string }).id;
    const afterForeign = await writes(db());
    const foreign = await confirm({ bookingId: booking.bookingId, holdId: foreignHoldId });
    const missing = await confirm({ bookingId: booking.bookingId, holdId: "00000000-0000-4000-8000-000000000000" });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(foreign.body.code).toBe("NOT_FOUND");
    expect(failedChecks(foreign.body)).toEqual([]);
    expect(await writes(db())).toEqual(afterForeign);
    expect(afterForeign.holds).toBe(before.holds + 1);
  });
});
