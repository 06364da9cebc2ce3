import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { transitionBooking } from "@/server/booking/transition-booking";
import { COMMIT_LATENCY_REASON } from "@/server/insights/get-insights";
import {
  type EveningScenario,
  SEED_ACTOR,
  seedTables,
  seedZone,
  setupEveningScenario,
} from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { GET } from "./route";

const DAY1 = "2027-04-14";
const DAY2 = "2027-04-15";

/**
 * Insights through the real handler on both backends, on a constructed two-day range (Europe/London, BST) whose
 * numbers are worked out by hand: Main (2-, 4-, 6-top = 12 seats) and Terrace (an 8-top); dinner every day,
 * seatings 17:00–21:30, closing 23:30, 15-minute slots capped at 10 covers.
 *
 * Day 1: A (2) 19:00 on the 4-top; B (3) 19:00 on the 6-top; C (2) 19:10 cancelled; D (4) 20:00 on the 8-top,
 * then a no-show; E (2) 20:00 sent to review (NO_PLAN). Day 2: F (2) 19:00 on the 2-top. Day 3 (outside): G.
 */
describeEachBackend("/api/ops/insights", ({ db }) => {
  let uninstall: (() => Promise<void>) | undefined;
  let venue: EveningScenario;
  let manager: TTestStaff;
  let host: TTestStaff;
  let stranger: TTestStaff;

  const get = (staff: TTestStaff, params: Record<string, string>) =>
    GET(staffRequest(`/api/ops/insights?${new URLSearchParams(params)}`, { staff }));

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db(), {
      date: DAY1,
      tables: [
        { label: "T2", capacity: 2 },
        { label: "T4", capacity: 4 },
        { label: "T6", capacity: 6 },
      ],
      adjacency: [],
      servicePeriod: { pacingCoversPerSlot: 10 },
    });
    const terrace = await seedZone(db().kysely, { restaurantId: venue.restaurantId, name: "Terrace" });
    const t8 = await seedTables(db().kysely, {
      restaurantId: venue.restaurantId,
      zoneId: terrace.id,
      tables: [{ label: "T8", capacity: 8 }],
    });
    const tables = { ...venue.tables, ...t8 };
    const seat = (bookingId: string, label: string) =>
      commitAssignment({
        db: db(),
        restaurantId: venue.restaurantId,
        bookingId,
        tableIds: [tables[label] as string],
        actor: SEED_ACTOR,
      });
    const a = await venue.book({ party: 2, at: "19:00" });
    const b = await venue.book({ party: 3, at: "19:00" });
    const c = await venue.book({ party: 2, at: "19:10" });
    const d = await venue.book({ party: 4, at: "20:00" });
    const e = await venue.book({ party: 2, at: "20:00" });
    const f = await venue.book({ party: 2, at: "19:00", date: DAY2 });
    await venue.book({ party: 6, at: "19:00", date: "2027-04-16" });
    await seat(a.bookingId, "T4");
    await seat(b.bookingId, "T6");
    await seat(d.bookingId, "T8");
    await seat(f.bookingId, "T2");
    await transitionBooking({ db: db(), bookingId: c.bookingId, event: { type: "CANCEL" }, actor: SEED_ACTOR });
    await transitionBooking({
      db: db(),
      bookingId: d.bookingId,
      event: { type: "MARK_NO_SHOW" },
      actor: SEED_ACTOR,
      now: new Date("2027-04-14T19:30:00Z"),
    });
    await transitionBooking({
      db: db(),
      bookingId: e.bookingId,
      event: { type: "REQUEST_REVIEW", reason: "NO_PLAN" },
      actor: SEED_ACTOR,
    });
    // The attempts, with known timings (whatever the seeding recorded is replaced).
    await db().kysely.deleteFrom("assignment_attempts").where("restaurant_id", "=", venue.restaurantId).execute();
    const attempt = (bookingId: string, outcome: "assigned" | "no_plan", durationMs: number, plannerMs?: number) => ({
      restaurant_id: venue.restaurantId,
      booking_id: bookingId,
      trigger: "inline" as const,
      outcome,
      duration_ms: durationMs,
      planner_stats: JSON.stringify(plannerMs === undefined ? {} : { plannerMs }),
    });
    await db()
      .kysely.insertInto("assignment_attempts")
      .values([
        attempt(a.bookingId, "assigned", 10, 4),
        attempt(b.bookingId, "assigned", 20, 6),
        attempt(e.bookingId, "no_plan", 30, 8),
        attempt(f.bookingId, "assigned", 12),
      ])
      .execute();

    const other = await setupEveningScenario(db());
    manager = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "manager"]] });
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
    stranger = await seedStaffMember(db().kysely, { secret, memberships: [[other.restaurantId, "owner"]] });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  describe("a manager's two days", () => {
    let body: Awaited<ReturnType<typeof fetchBody>>;
    const fetchBody = async () => {
      const response = await get(manager, { restaurantId: venue.restaurantId, from: DAY1, to: DAY2 });
      expect(response.status).toBe(200);
      return response.json();
    };
    beforeAll(async () => {
      body = await fetchBody();
    });

    it("answers the range in the restaurant's zone with its seats and slot size", () => {
      expect(body).toMatchObject({
        restaurantId: venue.restaurantId,
        timezone: "Europe/London",
        from: DAY1,
        to: DAY2,
        days: 2,
        slotMinutes: 15,
        totalSeats: 20,
      });
    });

    it("counts covers per local slot (not cancelled) against the pacing cap", () => {
      const slots = body.coversBySlot as Array<Record<string, unknown>>;
      expect(slots.map((s) => s.time)).toEqual(
        Array.from({ length: 19 }, (_, i) => {
          const minute = 17 * 60 + i * 15;
          return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
        }),
      );
      expect(slots.find((s) => s.time === "19:00")).toEqual({
        time: "19:00",
        totalCovers: 7,
        averageCovers: 3.5,
        peakCovers: 5,
        peakDate: DAY1,
        cap: 10,
        peakShareOfCap: 0.5,
      });
      expect(slots.find((s) => s.time === "20:00")).toEqual({
        time: "20:00",
        totalCovers: 6,
        averageCovers: 3,
        peakCovers: 6,
        peakDate: DAY1,
        cap: 10,
        peakShareOfCap: 0.6,
      });
      expect(slots.find((s) => s.time === "17:00")).toMatchObject({ totalCovers: 0, peakCovers: 0, peakDate: null });
      expect(slots.reduce((sum, s) => sum + (s.totalCovers as number), 0)).toBe(13);
    });

    it("measures seat-minutes used against seat-minutes open by zone and local hour", () => {
      const cells = body.utilisation as Array<Record<string, unknown>>;
      const cell = (zone: string, hour: number) => cells.find((c) => c.zone === zone && c.hour === hour);
      expect(cells).toHaveLength(14); // 17:00–23:00 for two zones
      expect(cell("Main", 19)).toMatchObject({ usedSeatMinutes: 720, availableSeatMinutes: 1440, utilisation: 0.5 });
      expect(cell("Main", 20)).toMatchObject({ usedSeatMinutes: 630, availableSeatMinutes: 1440, utilisation: 0.4375 });
      expect(cell("Main", 23)).toMatchObject({ usedSeatMinutes: 0, availableSeatMinutes: 720, utilisation: 0 });
      expect(cell("Terrace", 20)).toMatchObject({ usedSeatMinutes: 480, availableSeatMinutes: 960, utilisation: 0.5 });
      expect(cell("Terrace", 21)).toMatchObject({ usedSeatMinutes: 480, availableSeatMinutes: 960, utilisation: 0.5 });
      expect(cell("Terrace", 19)).toMatchObject({ usedSeatMinutes: 0, utilisation: 0 });
    });

    it("counts attempt outcomes and review reasons per day", () => {
      expect(body.outcomesByDay).toEqual([
        { date: DAY1, outcomes: { assigned: 2, no_plan: 1 } },
        { date: DAY2, outcomes: { assigned: 1 } },
      ]);
      expect(body.reviewsByDay).toEqual([
        { date: DAY1, reasons: { NO_PLAN: 1 } },
        { date: DAY2, reasons: {} },
      ]);
    });

    it("sums seats wasted, no-shows and cancellations per day", () => {
      expect(body.wasteByDay).toEqual([
        { date: DAY1, assignedBookings: 3, seatsAssigned: 18, covers: 9, seatsWasted: 9 },
        { date: DAY2, assignedBookings: 1, seatsAssigned: 2, covers: 2, seatsWasted: 0 },
      ]);
      expect(body.attendanceByDay).toEqual([
        {
          date: DAY1,
          bookings: 4,
          covers: 11,
          noShows: 1,
          noShowCovers: 4,
          cancellations: 1,
          cancelledCovers: 2,
        },
        { date: DAY2, bookings: 1, covers: 2, noShows: 0, noShowCovers: 0, cancellations: 0, cancelledCovers: 0 },
      ]);
    });

    it("gives planner and decision latency percentiles, and says commit latency is not stored", () => {
      expect(body.latency).toEqual({
        planner: [{ date: DAY1, attempts: 3, p50Ms: 6, p95Ms: 7.8 }],
        decision: [
          { date: DAY1, attempts: 3, p50Ms: 20, p95Ms: 29 },
          { date: DAY2, attempts: 1, p50Ms: 12, p95Ms: 12 },
        ],
        commit: null,
        commitReason: COMMIT_LATENCY_REASON,
      });
    });
  });

  it("refuses a host (403) and hides another restaurant (404)", async () => {
    const forHost = await get(host, { restaurantId: venue.restaurantId, from: DAY1, to: DAY2 });
    expect(forHost.status).toBe(403);
    const forStranger = await get(stranger, { restaurantId: venue.restaurantId, from: DAY1, to: DAY2 });
    expect(forStranger.status).toBe(404);
  });

  it("refuses a range over 92 days, or backwards, saying why", async () => {
    const tooLong = await get(manager, { restaurantId: venue.restaurantId, from: "2027-01-01", to: "2027-04-03" });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toContain("the range is 93 days; choose at most 92 days");
    const ok = await get(manager, { restaurantId: venue.restaurantId, from: "2027-01-01", to: "2027-04-02" });
    expect(ok.status).toBe(200);
    const backwards = await get(manager, { restaurantId: venue.restaurantId, from: DAY2, to: DAY1 });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(await backwards.json())).toContain("must be on or after from");
  });
});
