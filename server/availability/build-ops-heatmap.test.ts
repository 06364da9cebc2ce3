import { describe, expect, it } from "vitest";
import type { TBookingRules } from "@/server/booking/load-booking-rules";
import { buildOpsHeatmap } from "./build-ops-heatmap";
import type { TOpsFloor } from "./load-ops-floor";
import { listDayPeriods, opsDayRange, opsDayWindow, type TDayPeriod } from "./resolve-ops-day";

const at = (hhmm: string) => Date.parse(`2026-06-12T${hhmm}:00Z`);
const Z = { main: "00000000-0000-4000-8000-00000000000a", bar: "00000000-0000-4000-8000-00000000000b" };

const TABLE_DEFAULTS = {
  minParty: 1,
  mergeable: true,
  layout: { x: 0, y: 0, width: 1, height: 1, rotation: 0, shape: "rect" as const },
};

const floor: TOpsFloor = {
  zones: [
    { id: Z.main, name: "Main" },
    { id: Z.bar, name: "Bar" },
  ],
  tables: [
    { id: "t1", name: "T1", zoneId: Z.main, capacity: 4, active: true, ...TABLE_DEFAULTS },
    { id: "t2", name: "T2", zoneId: Z.main, capacity: 4, active: true, ...TABLE_DEFAULTS },
    { id: "t3", name: "T3", zoneId: Z.main, capacity: 6, active: false, ...TABLE_DEFAULTS },
    { id: "b1", name: "B1", zoneId: Z.bar, capacity: 2, active: true, ...TABLE_DEFAULTS },
  ],
  adjacency: [],
  closesAt: {},
  bookings: [
    {
      id: "k1",
      reference: "K1",
      guestName: "A",
      partySize: 3,
      status: "confirmed",
      start: at("18:00"),
      end: at("18:40"),
    },
    {
      id: "k2",
      reference: "K2",
      guestName: "B",
      partySize: 4,
      status: "confirmed",
      start: at("18:40"),
      end: at("19:00"),
    },
    {
      id: "k3",
      reference: "K3",
      guestName: "C",
      partySize: 7,
      status: "checked_in",
      start: at("18:10"),
      end: at("18:45"),
    },
    {
      id: "k4",
      reference: "K4",
      guestName: "D",
      partySize: 2,
      status: "no_show",
      start: at("18:00"),
      end: at("18:30"),
    },
  ],
  allocations: [
    {
      tableId: "t1",
      bookingId: "k1",
      holdId: null,
      kind: "assignment",
      start: at("18:00"),
      end: at("18:40"),
      expiresAt: null,
    },
    {
      tableId: "t1",
      bookingId: "k2",
      holdId: null,
      kind: "assignment",
      start: at("18:40"),
      end: at("19:00"),
      expiresAt: null,
    },
    {
      tableId: "t2",
      bookingId: "k3",
      holdId: null,
      kind: "assignment",
      start: at("18:10"),
      end: at("18:45"),
      expiresAt: null,
    },
    {
      tableId: "b1",
      bookingId: "k3",
      holdId: null,
      kind: "assignment",
      start: at("18:10"),
      end: at("18:45"),
      expiresAt: null,
    },
    {
      tableId: "b1",
      bookingId: "k9",
      holdId: "h",
      kind: "hold",
      start: at("18:45"),
      end: at("19:00"),
      expiresAt: at("23:00"),
    },
  ],
};
const periods: TDayPeriod[] = [
  {
    id: "p",
    name: "Dinner",
    start: at("18:00"),
    lastSeating: at("18:30"),
    end: at("19:00"),
    pacingCap: 12,
    onlinePacingCap: 6,
  },
];

describe("buildOpsHeatmap", () => {
  const heatmap = buildOpsHeatmap({
    floor,
    window: { start: at("18:00"), end: at("19:00") },
    timezone: "UTC",
    periods,
    startCovers: [
      { start: at("18:00"), covers: 5, online: 2 },
      { start: at("18:10"), covers: 7, online: 0 },
      { start: at("18:40"), covers: 4, online: 4 },
    ],
  });
  const [main, bar] = heatmap.zones;

  it("has a row per zone and a total, each with one cell per 15 minutes", () => {
    expect(heatmap.zones.map((z) => z.zone.name)).toEqual(["Main", "Bar"]);
    for (const row of [main, bar, heatmap.total]) {
      expect(row?.cells.map((c) => c.time)).toEqual(["18:00", "18:15", "18:30", "18:45"]);
    }
    expect(heatmap.total.cells[1]?.slotStart).toBe(new Date(at("18:15")).toISOString());
  });

  it("counts seats of active tables in use during any part of a slot, once per table", () => {
    // Main: T1 (4) busy throughout (k1 then k2 back to back), T2 (4) 18:10–18:45; T3 inactive: not a seat.
    expect(main?.cells.map((c) => [c.seatsInUse, c.seats, c.share])).toEqual([
      [8, 8, 1],
      [8, 8, 1],
      [8, 8, 1],
      [4, 8, 0.5],
    ]);
    // Bar: B1 (2) with k3 18:10–18:45; the hold after it is not a seat in use.
    expect(bar?.cells.map((c) => c.seatsInUse)).toEqual([2, 2, 2, 0]);
    expect(heatmap.total.cells.map((c) => [c.seatsInUse, c.seats, c.share])).toEqual([
      [10, 10, 1],
      [10, 10, 1],
      [10, 10, 1],
      [4, 10, 0.4],
    ]);
  });

  it("counts covers starting per zone from seated bookings, and in the total as pacing counts them", () => {
    // k3 (7) is merged across Main and Bar: it starts in both zones. The no-show k4 counts nowhere.
    expect(main?.cells.map((c) => c.coversStarting)).toEqual([10, 0, 4, 0]);
    expect(bar?.cells.map((c) => c.coversStarting)).toEqual([7, 0, 0, 0]);
    expect(heatmap.total.cells.map((c) => [c.coversStarting, c.onlineCoversStarting])).toEqual([
      [12, 2],
      [0, 0],
      [4, 4],
      [0, 0],
    ]);
  });

  it("puts the caps of the period seating at the slot's start on the total row only", () => {
    expect(heatmap.total.cells.map((c) => [c.pacingCap, c.onlinePacingCap])).toEqual([
      [12, 6],
      [12, 6],
      [12, 6],
      [undefined, undefined],
    ]);
    expect(main?.cells.some((c) => "pacingCap" in c)).toBe(false);
  });

  it("is empty without a window", () => {
    const empty = buildOpsHeatmap({ floor, window: null, timezone: "UTC", periods, startCovers: [] });
    expect(empty.total.cells).toEqual([]);
    expect(empty.zones.every((z) => z.cells.length === 0)).toBe(true);
  });
});

/** A late service across the small hours, to see the DST change in the slots. */
const rulesIn = (timezone: string): TBookingRules => ({
  restaurantId: "r",
  timezone,
  slotMinutes: 15,
  maxPartySize: 12,
  autoConfirm: true,
  noShowUndoMinutes: 30,
  checkInLeadMinutes: 30,
  bookingHorizonDays: 90,
  bookingCutoffMinutes: 0,
  exceptions: [],
  venueVersion: 1,
  rulesVersion: 1,
  periods: [
    {
      id: "late",
      name: "Late",
      daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
      opensAt: "00:00:00",
      lastSeatingAt: "02:30:00",
      closesAt: "03:00:00",
      bufferMinutes: 0,
      pacingCoversPerSlot: 20,
      pacingOnlineCoversPerSlot: null,
      turnTimes: [{ maxPartySize: 12, turnMinutes: 60 }],
    },
  ],
});

const slotsOn = (timezone: string, date: string) => {
  const rules = rulesIn(timezone);
  const periods = listDayPeriods({ rules, closesAt: { late: "03:00:00" }, date });
  const { day } = opsDayRange({ date, timezone });
  const window = opsDayWindow({ periods, bookings: [], day });
  const heatmap = buildOpsHeatmap({
    floor: { ...floor, bookings: [], allocations: [] },
    window,
    timezone,
    periods,
    startCovers: [],
  });
  return { day, cells: heatmap.total.cells };
};

describe("heatmap slots on a DST change day", () => {
  it("has no 01:xx slots when the clocks spring forward (Europe/London 2026-03-29)", () => {
    const { day, cells } = slotsOn("Europe/London", "2026-03-29");
    expect(day.end - day.start).toBe(23 * 3_600_000);
    expect(cells.map((c) => c.time)).toEqual(["00:00", "00:15", "00:30", "00:45", "02:00", "02:15", "02:30", "02:45"]);
    expect(cells[4]?.slotStart).toBe("2026-03-29T01:00:00.000Z");
    expect(cells.at(-1)?.slotStart).toBe("2026-03-29T01:45:00.000Z");
    // Seating until 02:30 BST: the cap stops after it.
    expect(cells.map((c) => c.pacingCap ?? null)).toEqual([20, 20, 20, 20, 20, 20, 20, null]);
  });

  it("has the repeated hour twice when the clocks fall back (Europe/London 2026-10-25)", () => {
    const { day, cells } = slotsOn("Europe/London", "2026-10-25");
    expect(day.end - day.start).toBe(25 * 3_600_000);
    expect(cells.map((c) => c.time)).toEqual([
      "00:00",
      "00:15",
      "00:30",
      "00:45",
      "01:00",
      "01:15",
      "01:30",
      "01:45",
      "01:00",
      "01:15",
      "01:30",
      "01:45",
      "02:00",
      "02:15",
      "02:30",
      "02:45",
    ]);
    expect(cells[0]?.slotStart).toBe("2026-10-24T23:00:00.000Z");
    expect(cells.at(-1)?.slotStart).toBe("2026-10-25T02:45:00.000Z");
  });

  it("keeps the evening on the local clock across the change (America/New_York 2026-03-08)", () => {
    const date = "2026-03-08";
    const rules = { ...rulesIn("America/New_York") };
    rules.periods = [
      { ...(rules.periods[0] as TBookingRules["periods"][number]), opensAt: "18:00:00", lastSeatingAt: "21:00:00" },
    ];
    const [dinner] = listDayPeriods({ rules, closesAt: { late: "23:00:00" }, date });
    expect(new Date(dinner?.start ?? 0).toISOString()).toBe("2026-03-08T22:00:00.000Z");
    expect(new Date(dinner?.end ?? 0).toISOString()).toBe("2026-03-09T03:00:00.000Z");
  });
});
