import { afterAll, beforeAll, expect, it } from "vitest";
import { callRoute, setupManualFlow, type TManualFlow } from "@/app/api/staff/manual/manual-flow-test-kit";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST as HOLD } from "../hold/route";
import { GET } from "./route";

type TContextTable = {
  id: string;
  name: string;
  state: string;
  thisBooking: string | null;
  assignedTo: { bookingId: string; reference: string; guestName: string }[];
  heldBy: { holdId: string; reference: string; staffName: string | null; expiresAt: string }[];
};

/** GET /api/staff/manual/context on PGlite and PostgreSQL: every table's state over the window, and the version. */
describeEachBackend("GET /api/staff/manual/context", ({ db }) => {
  let flow: TManualFlow;
  const read = (bookingId: string, staff = flow.host) =>
    callRoute(GET, `/api/staff/manual/context?bookingId=${bookingId}`, { method: "GET", staff });
  const byName = (body: Record<string, unknown>) =>
    Object.fromEntries((body.tables as TContextTable[]).map((t) => [t.name, t]));

  beforeAll(async () => {
    flow = await setupManualFlow(db());
  });
  afterAll(async () => {
    await flow.uninstall();
  });

  it("shows every table free, assigned (to whom), held (by whom, until when) or out of service", async () => {
    const date = flow.nextDate();
    const seated = await flow.venue.book({ party: 4, at: "19:00", date, guestName: "Ada Lovelace" });
    await commitAssignment({
      db: db(),
      restaurantId: flow.venue.restaurantId,
      bookingId: seated.bookingId,
      tableIds: [flow.table("A")],
      actor: { type: "staff", id: flow.host.id, role: "host" },
    });
    const holder = await flow.venue.book({ party: 4, at: "20:00", date });
    const held = await callRoute(HOLD, "/api/staff/manual/hold", {
      staff: flow.manager,
      body: { bookingId: holder.bookingId, tableIds: [flow.table("B")] },
    });
    const later = await flow.venue.book({ party: 2, at: "21:30", date });
    await commitAssignment({
      db: db(),
      restaurantId: flow.venue.restaurantId,
      bookingId: later.bookingId,
      tableIds: [flow.table("C")],
      actor: { type: "staff", id: flow.host.id, role: "host" },
    });
    const booking = await flow.venue.book({ party: 4, at: "19:30", date });
    const ownHold = await callRoute(HOLD, "/api/staff/manual/hold", {
      staff: flow.host,
      body: { bookingId: booking.bookingId, tableIds: [flow.table("G")] },
    });

    const { status, body } = await read(booking.bookingId);
    expect(status).toBe(200);
    const tables = byName(body);
    expect(Object.keys(tables).sort()).toEqual(["A", "B", "C", "D", "F", "G", "H", "T1"]);
    expect(tables.A).toMatchObject({ state: "assigned", thisBooking: null });
    expect(tables.A?.assignedTo).toEqual([
      expect.objectContaining({ bookingId: seated.bookingId, reference: seated.reference, guestName: "Ada Lovelace" }),
    ]);
    expect(tables.B).toMatchObject({ state: "held" });
    expect(tables.B?.heldBy).toEqual([
      expect.objectContaining({
        holdId: (held.body.hold as { id: string }).id,
        reference: holder.reference,
        staffName: flow.manager.name,
        expiresAt: (held.body.hold as { expiresAt: string }).expiresAt,
      }),
    ]);
    // C is taken only from 21:30, after this booking's window ends.
    expect(tables.C).toMatchObject({ state: "free", assignedTo: [], heldBy: [] });
    expect(tables.F).toMatchObject({ state: "out_of_service" });
    expect(tables.G).toMatchObject({ state: "free", thisBooking: "held" });
    expect(body.activeHold).toMatchObject({
      id: (ownHold.body.hold as { id: string }).id,
      tableIds: [flow.table("G")],
      createdBy: `staff:${flow.host.id}`,
      override: null,
    });
    expect(body.currentTables).toEqual([]);
    expect(body.booking).toMatchObject({ id: booking.bookingId, reference: booking.reference, tables: [] });
    expect(body.adjacency).toHaveLength(4);
    expect(body.contextVersion).toBe(ownHold.body.contextVersion);
  });

  it("keeps its contextVersion while nothing changes, and changes it when a table is switched off", async () => {
    const booking = await flow.venue.book({ party: 2, at: "19:00", date: flow.nextDate() });
    const first = await read(booking.bookingId);
    const again = await read(booking.bookingId);
    expect(again.body.contextVersion).toBe(first.body.contextVersion);
    await db().kysely.updateTable("tables").set({ active: false }).where("id", "=", flow.table("D")).execute();
    const after = await read(booking.bookingId);
    expect(after.body.contextVersion).not.toBe(first.body.contextVersion);
    expect(byName(after.body).D?.state).toBe("out_of_service");
    await db().kysely.updateTable("tables").set({ active: true }).where("id", "=", flow.table("D")).execute();
  });

  it("refuses without a session (401), another restaurant's booking (404), a malformed id (400)", async () => {
    const booking = await flow.venue.book({ party: 2, at: "19:00", date: flow.nextDate() });
    expect((await read(booking.bookingId, null as never)).status).toBe(401);
    const foreign = await read(booking.bookingId, flow.foreignHost);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe("NOT_FOUND");
    expect((await read("not-a-uuid")).status).toBe(400);
  });
});
