import { afterAll, beforeAll, expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { transitionBooking } from "@/server/booking/transition-booking";
import {
  type EveningScenario,
  SEED_ACTOR,
  seedBooking,
  seedTables,
  seedZone,
  setupEveningScenario,
} from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST } from "./route";

/**
 * POST /api/staff/auto/quote through the real handler, on PGlite and PostgreSQL: the best plan held (and a re-quote
 * replacing it), real distinct alternates, staff's constraints, nothing fitting → the reason and next times that
 * really are bookable, the hold TTL bounds, and auth (401, 404 for another restaurant's booking, zone or table).
 */
type TPlan = { tableIds: string[]; tables: { id: string; name: string }[]; seats: number; zone: { id: string } | null };
type TQuote = {
  hold: { id: string; expiresAt: string; tableIds: string[] } | null;
  plan: TPlan | null;
  alternates: TPlan[];
  diagnostics: { rejected: Record<string, number>; candidates: number };
  nextTimes: string[];
  reason: { code: string; message: string } | null;
};

describeEachBackend("POST /api/staff/auto/quote", ({ db }) => {
  let venue: EveningScenario;
  let other: EveningScenario;
  let host: TTestStaff;
  let terraceId = "";
  let terraceTables: Record<string, string> = {};
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db());
    other = await setupEveningScenario(db());
    terraceId = (await seedZone(db().kysely, { restaurantId: venue.restaurantId, name: "Terrace" })).id;
    terraceTables = await seedTables(db().kysely, {
      restaurantId: venue.restaurantId,
      zoneId: terraceId,
      tables: [{ label: "T1", capacity: 2 }],
    });
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const quote = (
    body: unknown,
    { staff = host as TTestStaff | null, origin }: { staff?: TTestStaff | null; origin?: string } = {},
  ) => POST(staffRequest("/api/staff/auto/quote", { method: "POST", staff, body, ...(origin ? { origin } : {}) }));
  const quoted = async (body: unknown): Promise<TQuote> => {
    const response = await quote(body);
    expect(response.status).toBe(200);
    return (await response.json()) as TQuote;
  };
  const holdRows = async (bookingId?: string) => {
    let query = db().kysely.selectFrom("holds").select(["id", "source", "table_ids"]);
    if (bookingId) query = query.where("booking_id", "=", bookingId);
    return query.execute();
  };
  const key = (plan: TPlan) => [...plan.tableIds].sort().join("+");

  it("holds the best plan, with real and distinct alternates, and a re-quote replaces the hold", async () => {
    const booking = await venue.book({ party: 2, at: "19:00" });
    const first = await quoted({ bookingId: booking.bookingId });
    expect(first.hold).not.toBeNull();
    expect(first.reason).toBeNull();
    expect(first.nextTimes).toEqual([]);
    expect(first.plan?.tableIds).toEqual(first.hold?.tableIds);
    expect(first.plan?.tables.map((t) => t.name).every((name) => name.length > 0)).toBe(true);
    expect(first.alternates.length).toBe(3);
    const keys = [first.plan as TPlan, ...first.alternates].map(key);
    expect(new Set(keys).size).toBe(4);
    const known = new Set([...Object.values(venue.tables), ...Object.values(terraceTables)]);
    for (const plan of first.alternates) {
      expect(plan.seats).toBeGreaterThanOrEqual(2);
      for (const table of plan.tables) expect(known.has(table.id)).toBe(true);
    }
    expect(first.diagnostics.candidates).toBeGreaterThanOrEqual(4);
    const rows = await holdRows(booking.bookingId);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.source).toBe("auto_quote");
    expect([...(rows[0]?.table_ids ?? [])].sort()).toEqual([...(first.hold?.tableIds ?? [])].sort());

    // The hold keeps the tables: another booking's commit onto them is refused while it lasts.
    const rival = await venue.book({ party: 2, at: "19:00" });
    await expect(
      commitAssignment({
        db: db(),
        restaurantId: venue.restaurantId,
        bookingId: rival.bookingId,
        tableIds: first.hold?.tableIds ?? [],
        actor: SEED_ACTOR,
      }),
    ).rejects.toMatchObject({ code: "TABLE_CONFLICT" });

    const second = await quoted({ bookingId: booking.bookingId });
    const after = await holdRows(booking.bookingId);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(second.hold?.id);
    expect(second.hold?.id).not.toBe(first.hold?.id);
  });

  it("keeps to zoneId, leaves out avoidTableIds and caps merges at maxTables", async () => {
    // 17:00: the 2-top T1 is not held by the earlier test's 19:00 quote.
    const booking = await venue.book({ party: 2, at: "17:00" });
    const inTerrace = await quoted({ bookingId: booking.bookingId, zoneId: terraceId });
    expect(inTerrace.reason).toBeNull();
    expect(inTerrace.plan?.tableIds).toEqual([terraceTables.T1]);
    expect(inTerrace.plan?.zone?.id).toBe(terraceId);
    expect(inTerrace.alternates).toEqual([]);

    const best = (await quoted({ bookingId: booking.bookingId })).plan as TPlan;
    const avoided = await quoted({ bookingId: booking.bookingId, avoidTableIds: best.tableIds });
    for (const plan of [avoided.plan as TPlan, ...avoided.alternates]) {
      for (const id of plan.tableIds) expect(best.tableIds).not.toContain(id);
    }

    const eight = await venue.book({ party: 8, at: "17:00" });
    const merged = await quoted({ bookingId: eight.bookingId });
    expect(merged.plan?.tableIds.length).toBe(2);
    const single = await quoted({ bookingId: eight.bookingId, maxTables: 1 });
    expect(single.hold).toBeNull();
    expect(single.reason?.code).toBe("NO_PLAN");
    expect(single.diagnostics.rejected.not_mergeable).toBeGreaterThan(0);
    // The earlier quote's hold stays: a quote that finds nothing does not touch it.
    expect(await holdRows(eight.bookingId)).toHaveLength(1);
  });

  it("when nothing fits: no hold, the reason in words and code, and next times that really are bookable", async () => {
    const date = "2027-03-12";
    for (const label of ["A", "B", "C", "D", "T1"]) {
      const party = await venue.book({ party: 2, at: "18:30", date });
      const tableId = (venue.tables[label] ?? terraceTables[label]) as string;
      await commitAssignment({
        db: db(),
        restaurantId: venue.restaurantId,
        bookingId: party.bookingId,
        tableIds: [tableId],
        actor: SEED_ACTOR,
      });
    }
    const late = await venue.book({ party: 2, at: "19:00", date });
    const holdsBefore = (await holdRows()).length;
    const none = await quoted({ bookingId: late.bookingId });
    expect(none.hold).toBeNull();
    expect(none.plan).toBeNull();
    expect(none.reason?.code).toBe("NO_PLAN");
    expect(none.reason?.message).toMatch(/party of 2.*taken/);
    expect(none.diagnostics.rejected.busy).toBeGreaterThan(0);
    expect(none.nextTimes.length).toBeGreaterThan(0);
    expect(none.nextTimes.length).toBeLessThanOrEqual(4);
    expect((await holdRows()).length).toBe(holdsBefore);
    for (const time of none.nextTimes) expect(time.slice(0, 10)).toBe(date);

    const at = none.nextTimes[0] as string;
    const retry = await seedBooking(db(), { restaurantId: venue.restaurantId, partySize: 2, startsAt: at });
    const fits = await quoted({ bookingId: retry.bookingId });
    expect(fits.hold).not.toBeNull();
  });

  it("takes a hold TTL from 30 to 600 seconds: 29 and 601 are refused and write nothing", async () => {
    const booking = await venue.book({ party: 2, at: "20:00" });
    const before = (await holdRows()).length;
    for (const holdTtlSeconds of [29, 601, 30.5]) {
      const response = await quote({ bookingId: booking.bookingId, holdTtlSeconds });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await holdRows()).length).toBe(before);
    const started = Date.now();
    const short = await quoted({ bookingId: booking.bookingId, holdTtlSeconds: 30 });
    const ttl = (new Date(short.hold?.expiresAt as string).getTime() - started) / 1000;
    expect(ttl).toBeGreaterThan(25);
    expect(ttl).toBeLessThan(35);
  });

  it("refuses without a session (401), across origins (403), another restaurant's booking, zone or table (404), a closed booking (409)", async () => {
    const booking = await venue.book({ party: 2, at: "20:30" });
    const foreign = await other.book({ party: 2, at: "19:00" });
    const before = (await holdRows()).length;
    expect((await quote({ bookingId: booking.bookingId }, { staff: null })).status).toBe(401);
    expect((await quote({ bookingId: booking.bookingId }, { origin: "https://evil.example" })).status).toBe(403);
    const missing = await quote({ bookingId: foreign.bookingId });
    expect(missing.status).toBe(404);
    const unknown = await quote({ bookingId: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.status).toBe(404);
    const { requestId: _a, instance: _i, ...a } = (await missing.json()) as Record<string, unknown>;
    expect(a.code).toBe("NOT_FOUND");
    expect((await quote({ bookingId: booking.bookingId, zoneId: other.zoneId })).status).toBe(404);
    expect((await quote({ bookingId: booking.bookingId, avoidTableIds: [other.tables.A] })).status).toBe(404);
    expect((await quote({ bookingId: "not-a-uuid" })).status).toBe(400);
    const cancelled = await venue.book({ party: 2, at: "21:00" });
    await transitionBooking({ db: db(), bookingId: cancelled.bookingId, event: { type: "CANCEL" }, actor: SEED_ACTOR });
    const closed = await quote({ bookingId: cancelled.bookingId });
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { code: string }).code).toBe("INVALID_TRANSITION");
    expect((await holdRows()).length).toBe(before);
  });
});
