import { afterAll, beforeAll, expect, it } from "vitest";
import { callRoute, setupManualFlow, type TManualFlow } from "@/app/api/staff/manual/manual-flow-test-kit";
import { countRows, tablesOf } from "@/server/assignment/testing/assignment-test-kit";
import type { TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST as HOLD } from "../route";
import { DELETE } from "./route";

/** DELETE /api/staff/manual/hold/{holdId} on PGlite and PostgreSQL: frees the tables; foreign or missing: 404. */
describeEachBackend("DELETE /api/staff/manual/hold/{holdId}", ({ db }) => {
  let flow: TManualFlow;
  const release = (holdId: string, staff: TTestStaff | null = flow.host, origin?: string) =>
    callRoute(DELETE, `/api/staff/manual/hold/${holdId}`, {
      method: "DELETE",
      staff,
      params: { holdId },
      ...(origin ? { origin } : {}),
    });
  const holdFor = async (staff: TTestStaff = flow.host) => {
    const booking = await flow.venue.book({ party: 4, at: "19:00", date: flow.nextDate() });
    const held = await callRoute(HOLD, "/api/staff/manual/hold", {
      staff,
      body: { bookingId: booking.bookingId, tableIds: [flow.table("A")] },
    });
    return { bookingId: booking.bookingId, holdId: (held.body.hold as { id: string }).id };
  };

  beforeAll(async () => {
    flow = await setupManualFlow(db());
  });
  afterAll(async () => {
    await flow.uninstall();
  });

  it("releases a hold (any member of staff of the restaurant): 200, tables free; again: 404", async () => {
    const { bookingId, holdId } = await holdFor(flow.manager);
    const { status, body } = await release(holdId);
    expect(status).toBe(200);
    expect(body).toEqual({ holdId, bookingId, released: true });
    expect(await tablesOf(db().kysely, bookingId, "hold")).toEqual([]);
    const again = await release(holdId);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe("NOT_FOUND");
  });

  it("answers 404 for another restaurant's hold, one that never existed and a malformed id; writes nothing", async () => {
    const { holdId } = await holdFor();
    const before = await countRows(db().kysely, "holds");
    const foreign = await release(holdId, flow.foreignHost);
    const missing = await release("00000000-0000-4000-8000-000000000000", flow.foreignHost);
    expect([foreign.status, missing.status, (await release("nope")).status]).toEqual([404, 404, 404]);
    // The same body but for the id itself (in detail, holdId and instance).
    const masked = (body: Record<string, unknown>) => ({ ...body, detail: 0, requestId: 0, holdId: 0, instance: 0 });
    expect(masked(foreign.body)).toEqual(masked(missing.body));
    expect(await countRows(db().kysely, "holds")).toBe(before);
  });

  it("refuses without a session (401) and from another site (403), keeping the hold", async () => {
    const { holdId } = await holdFor();
    expect((await release(holdId, null)).status).toBe(401);
    expect((await release(holdId, flow.host, "https://evil.example")).status).toBe(403);
    expect(await countRows(db().kysely, "holds")).toBeGreaterThan(0);
    expect((await release(holdId)).status).toBe(200);
  });
});
