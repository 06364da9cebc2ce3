import { afterAll, beforeAll, expect, it } from "vitest";
import { createHold } from "@/server/assignment/create-hold";
import { transitionBooking } from "@/server/booking/transition-booking";
import { type EveningScenario, SEED_ACTOR, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { sendToReview } from "./review-test-kit";
import { GET } from "./route";

/**
 * GET /api/ops/review through the real handler, on PGlite and PostgreSQL: every booking of the restaurant-day in
 * manual review (past days too), by start, with its reason in words and at most 3 suggested plans that ignore
 * holds about to lapse; hosts may read it; 401 without a session, 404 for another restaurant, 400 for a bad date.
 */
type TItem = {
  booking: {
    id: string;
    reference: string;
    status: string;
    version: number;
    startsAt: string;
    endsAt: string;
    partySize: number;
    guestName: string;
    tables: { id: string; name: string }[];
  };
  reason: { code: string | null; message: string };
  suggestions: { tableIds: string[]; tables: { id: string; name: string }[]; seats: number; spareSeats: number }[];
};
type TQueue = { restaurantId: string; date: string; items: TItem[]; lastResolvedAt: string | null };

describeEachBackend("GET /api/ops/review", ({ db }) => {
  let venue: EveningScenario;
  let small: EveningScenario;
  let host: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db());
    small = await setupEveningScenario(db(), { tables: [{ label: "S", capacity: 4 }] });
    host = await seedStaffMember(db().kysely, {
      secret,
      memberships: [
        [venue.restaurantId, "host"],
        [small.restaurantId, "host"],
      ],
    });
    const review = async (
      name: string,
      { party, at, date }: { party: number; at: string; date?: string },
      reason: string,
      rejected?: Record<string, number>,
    ) => {
      const booking = await venue.book({ party, at, guestName: `Guest ${name}`, ...(date ? { date } : {}) });
      ids[name] = booking.bookingId;
      await sendToReview(db(), {
        restaurantId: venue.restaurantId,
        bookingId: booking.bookingId,
        reason,
        ...(rejected ? { rejected } : {}),
      });
    };
    await review("late", { party: 2, at: "19:00" }, "NO_PLAN", { busy: 4, overage: 1 });
    await review("vip", { party: 4, at: "18:00" }, "VIP asks for the window table");
    await review("tomorrow", { party: 2, at: "19:00", date: "2027-03-06" }, "NO_PLAN");
    await review("past", { party: 2, at: "19:00", date: "2026-11-20" }, "CONFLICT_RETRIES_EXHAUSTED");
    ids.waiting = (await venue.book({ party: 2, at: "19:30" })).bookingId;
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const list = (query: string, staff: TTestStaff | null = host) =>
    GET(staffRequest(`/api/ops/review?${query}`, { staff }));
  const queue = async (restaurantId: string, date: string): Promise<TQueue> => {
    const response = await list(`restaurantId=${restaurantId}&date=${date}`);
    expect(response.status).toBe(200);
    return (await response.json()) as TQueue;
  };

  it("lists every review booking of the day by start, with the booking contract, reason and up to 3 plans", async () => {
    const day = await queue(venue.restaurantId, "2027-03-05");
    expect(day.items.map((item) => item.booking.id)).toEqual([ids.vip, ids.late]);
    const [vip, late] = day.items as [TItem, TItem];
    expect(vip.booking).toMatchObject({ status: "manual_review", partySize: 4, guestName: "Guest vip", tables: [] });
    expect(typeof vip.booking.reference).toBe("string");
    expect(vip.booking.version).toBeGreaterThan(1);
    expect(new Date(vip.booking.endsAt).getTime()).toBeGreaterThan(new Date(vip.booking.startsAt).getTime());
    expect(vip.reason).toEqual({
      code: "REQUESTED",
      message: "Sent to review by staff: VIP asks for the window table",
    });
    expect(late.reason.code).toBe("NO_PLAN");
    expect(late.reason.message).toMatch(/party of 2.*4 taken .*1 too large/);
    for (const item of day.items) {
      expect(item.suggestions).toHaveLength(3);
      const keys = item.suggestions.map((plan) => plan.tableIds.join("+"));
      expect(new Set(keys).size).toBe(3);
      for (const plan of item.suggestions) {
        expect(plan.seats).toBeGreaterThanOrEqual(item.booking.partySize);
        expect(plan.spareSeats).toBe(plan.seats - item.booking.partySize);
        expect(plan.tables.map((t) => t.id)).toEqual(plan.tableIds);
        for (const table of plan.tables) expect(venue.tables[table.name]).toBe(table.id);
      }
    }
  });

  it("includes past days' review bookings, with suggestions too", async () => {
    const past = await queue(venue.restaurantId, "2026-11-20");
    expect(past.items.map((item) => item.booking.id)).toEqual([ids.past]);
    expect(past.items[0]?.reason.code).toBe("CONFLICT_RETRIES_EXHAUSTED");
    expect(past.items[0]?.reason.message).toMatch(/losing its tables/);
    expect(past.items[0]?.suggestions.length).toBeGreaterThan(0);
    expect((await queue(venue.restaurantId, "2027-03-07")).items).toEqual([]);
  });

  it("says when a booking of the day last left review (null while none has)", async () => {
    const date = "2027-03-08";
    expect((await queue(venue.restaurantId, date)).lastResolvedAt).toBeNull();
    const booking = await venue.book({ party: 2, at: "19:00", guestName: "Guest resolved", date });
    await sendToReview(db(), { restaurantId: venue.restaurantId, bookingId: booking.bookingId, reason: "NO_PLAN" });
    const waiting = await queue(venue.restaurantId, date);
    expect(waiting.items).toHaveLength(1);
    expect(waiting.lastResolvedAt).toBeNull();
    const before = Date.now();
    await transitionBooking({
      db: db(),
      bookingId: booking.bookingId,
      event: { type: "CANCEL" },
      actor: SEED_ACTOR,
      reason: "guest called",
    });
    const resolved = await queue(venue.restaurantId, date);
    expect(resolved.items).toEqual([]);
    expect(Date.parse(resolved.lastResolvedAt ?? "")).toBeGreaterThanOrEqual(before - 1000);
    // Another day's resolution does not count.
    expect((await queue(venue.restaurantId, "2027-03-09")).lastResolvedAt).toBeNull();
  });

  it("suggests a table held for another booking only when that hold lapses within a minute", async () => {
    const stuck = await small.book({ party: 2, at: "19:00" });
    await sendToReview(db(), { restaurantId: small.restaurantId, bookingId: stuck.bookingId, reason: "NO_PLAN" });
    const rival = await small.book({ party: 2, at: "19:00" });
    const hold = (ttlSeconds: number) =>
      createHold({
        db: db(),
        restaurantId: small.restaurantId,
        bookingId: rival.bookingId,
        tableIds: [small.tables.S as string],
        actor: SEED_ACTOR,
        ttlSeconds,
      });
    await hold(30);
    const lapsing = await queue(small.restaurantId, "2027-03-05");
    expect(lapsing.items[0]?.suggestions.map((plan) => plan.tableIds)).toEqual([[small.tables.S]]);
    await hold(300);
    const held = await queue(small.restaurantId, "2027-03-05");
    expect(held.items[0]?.suggestions).toEqual([]);
  });

  it("answers 401 without a session, 404 for another restaurant and 400 for a bad date", async () => {
    expect((await list(`restaurantId=${venue.restaurantId}&date=2027-03-05`, null)).status).toBe(401);
    const other = await setupEveningScenario(db());
    const foreign = await list(`restaurantId=${other.restaurantId}&date=2027-03-05`);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { code: string }).code).toBe("NOT_FOUND");
    for (const date of ["2027-02-30", "05/03/2027", ""]) {
      expect((await list(`restaurantId=${venue.restaurantId}&date=${date}`)).status).toBe(400);
    }
    expect((await list("date=2027-03-05")).status).toBe(400);
  });
});
