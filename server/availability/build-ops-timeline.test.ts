import { describe, expect, it } from "vitest";
import { buildOpsTimeline } from "./build-ops-timeline";
import type { TOpsAllocation, TOpsBooking, TOpsFloor } from "./load-ops-floor";
import type { TTimelineTable } from "./ops-availability-schema";

const at = (hhmm: string, date = "2026-06-12") => Date.parse(`${date}T${hhmm}:00Z`);
const iso = (hhmm: string, date = "2026-06-12") => new Date(at(hhmm, date)).toISOString();
const ids = {
  main: "00000000-0000-4000-8000-00000000000a",
  terrace: "00000000-0000-4000-8000-00000000000b",
  t1: "00000000-0000-4000-8000-000000000001",
  t2: "00000000-0000-4000-8000-000000000002",
  t10: "00000000-0000-4000-8000-000000000010",
  p1: "00000000-0000-4000-8000-000000000020",
  p2: "00000000-0000-4000-8000-000000000021",
  hold: "00000000-0000-4000-8000-0000000000f1",
};
const NOW = at("18:00");
const window = { start: at("17:00"), end: at("23:30") };
const day = { start: at("00:00"), end: at("00:00", "2026-06-13") };

const booking = (id: string, start: string, end: string, extra: Partial<TOpsBooking> = {}): TOpsBooking => ({
  id,
  reference: `REF-${id}`,
  guestName: `Guest ${id}`,
  partySize: 2,
  status: "confirmed",
  start: at(start),
  end: at(end),
  ...extra,
});
const assignment = (tableId: string, bookingId: string, start: string, end: string): TOpsAllocation => ({
  tableId,
  bookingId,
  holdId: null,
  kind: "assignment",
  start: at(start),
  end: at(end),
  expiresAt: null,
});

const TABLE_DEFAULTS = {
  minParty: 1,
  mergeable: true,
  layout: { x: 0, y: 0, width: 1, height: 1, rotation: 0, shape: "rect" as const },
};

function floor(overrides: Partial<TOpsFloor> = {}): TOpsFloor {
  return {
    zones: [
      { id: ids.terrace, name: "Terrace" },
      { id: ids.main, name: "Main" },
    ],
    tables: [
      { id: ids.t10, name: "T10", zoneId: ids.main, capacity: 4, active: true, ...TABLE_DEFAULTS },
      { id: ids.p1, name: "P1", zoneId: ids.terrace, capacity: 6, active: false, ...TABLE_DEFAULTS },
      { id: ids.t2, name: "T2", zoneId: ids.main, capacity: 4, active: true, ...TABLE_DEFAULTS },
      { id: ids.t1, name: "T1", zoneId: ids.main, capacity: 2, active: true, ...TABLE_DEFAULTS },
      { id: ids.p2, name: "P2", zoneId: ids.terrace, capacity: 4, active: false, ...TABLE_DEFAULTS },
    ],
    adjacency: [],
    closesAt: {},
    bookings: [
      booking("b1", "18:00", "19:30"),
      booking("b2", "19:30", "21:45", { partySize: 7, status: "checked_in" }),
      booking("b3", "19:00", "20:30", { status: "assignment_pending" }),
      booking("b4", "20:00", "21:30", { status: "manual_review", partySize: 9 }),
      booking("b5", "19:00", "20:30", { status: "completed" }),
      booking("b6", "19:00", "20:30", { status: "manual_review" }),
      booking("b7", "20:00", "21:30", { status: "confirmed" }),
    ],
    allocations: [
      assignment(ids.t2, "b1", "18:00", "19:30"),
      assignment(ids.t2, "b2", "19:30", "21:45"),
      assignment(ids.t10, "b2", "19:30", "21:45"),
      {
        tableId: ids.t1,
        bookingId: "b3",
        holdId: ids.hold,
        kind: "hold",
        start: at("19:00"),
        end: at("20:30"),
        expiresAt: NOW + 90_000,
      },
      // A hold whose TTL ran out (not swept yet) blocks nothing and is not shown.
      {
        tableId: ids.t10,
        bookingId: "b6",
        holdId: null,
        kind: "hold",
        start: at("17:00"),
        end: at("18:30"),
        expiresAt: NOW - 1,
      },
      // A booking still on a table that was taken out of service afterwards.
      assignment(ids.p2, "b7", "20:00", "21:30"),
    ],
    ...overrides,
  };
}

const rowOf = (timeline: TTimelineTable[], id: string) => timeline.find((t) => t.id === id) as TTimelineTable;
const shape = (row: TTimelineTable) => row.segments.map((s) => [s.kind, s.start.slice(11, 16), s.end.slice(11, 16)]);

describe("buildOpsTimeline", () => {
  const { timeline, unassigned } = buildOpsTimeline({ floor: floor(), window, day, now: NOW });

  it("orders tables by zone display order, then by name with numbers in numeric order", () => {
    expect(timeline.map((t) => t.name)).toEqual(["P1", "P2", "T1", "T2", "T10"]);
    expect(rowOf(timeline, ids.t2)).toMatchObject({
      zone: { id: ids.main, name: "Main" },
      capacity: 4,
      active: true,
      ...TABLE_DEFAULTS,
    });
  });

  it("tiles the window exactly on every table", () => {
    for (const row of timeline) {
      expect(row.segments[0]?.start).toBe(iso("17:00"));
      expect(row.segments.at(-1)?.end).toBe(iso("23:30"));
      row.segments.forEach((segment, i) => {
        expect(Date.parse(segment.start)).toBeLessThan(Date.parse(segment.end));
        if (i > 0) expect(segment.start).toBe(row.segments[i - 1]?.end);
      });
    }
  });

  it("shows assignments back to back, and a merge on each of its tables with the same booking", () => {
    expect(shape(rowOf(timeline, ids.t2))).toEqual([
      ["free", "17:00", "18:00"],
      ["booking", "18:00", "19:30"],
      ["booking", "19:30", "21:45"],
      ["free", "21:45", "23:30"],
    ]);
    const merged = [rowOf(timeline, ids.t2).segments[2], rowOf(timeline, ids.t10).segments[1]];
    for (const segment of merged) {
      expect(segment).toEqual({
        kind: "booking",
        start: iso("19:30"),
        end: iso("21:45"),
        bookingId: "b2",
        reference: "REF-b2",
        guestName: "Guest b2",
        partySize: 7,
        status: "checked_in",
        tableIds: [ids.t2, ids.t10].sort(),
      });
    }
  });

  it("shows a live hold with its id and expiry, and not an expired one", () => {
    expect(shape(rowOf(timeline, ids.t1))).toEqual([
      ["free", "17:00", "19:00"],
      ["hold", "19:00", "20:30"],
      ["free", "20:30", "23:30"],
    ]);
    expect(rowOf(timeline, ids.t1).segments[1]).toMatchObject({
      bookingId: "b3",
      holdId: ids.hold,
      expiresAt: new Date(NOW + 90_000).toISOString(),
      tableIds: [ids.t1],
      status: "assignment_pending",
    });
    expect(shape(rowOf(timeline, ids.t10))[0]).toEqual(["free", "17:00", "19:30"]);
  });

  it("marks an inactive table out of service, except where a booking still sits on it", () => {
    expect(shape(rowOf(timeline, ids.p1))).toEqual([["out_of_service", "17:00", "23:30"]]);
    expect(shape(rowOf(timeline, ids.p2))).toEqual([
      ["out_of_service", "17:00", "20:00"],
      ["booking", "20:00", "21:30"],
      ["out_of_service", "21:30", "23:30"],
    ]);
  });

  it("puts the day's bookings without tables that still need them in the tray, in start order", () => {
    expect(unassigned.map((b) => b.bookingId)).toEqual(["b3", "b6", "b4"]);
    expect(unassigned[2]).toEqual({
      bookingId: "b4",
      reference: "REF-b4",
      guestName: "Guest b4",
      partySize: 9,
      status: "manual_review",
      startsAt: iso("20:00"),
      endsAt: iso("21:30"),
      held: false,
    });
    expect(unassigned[0]).toMatchObject({ bookingId: "b3", held: true });
    // b6's only hold expired: not held any more.
    expect(unassigned[1]).toMatchObject({ bookingId: "b6", held: false });
  });

  it("clips to the window, and cuts an overlapping allocation where the previous one ends", () => {
    const odd = floor({
      allocations: [
        assignment(ids.t1, "b1", "16:00", "18:00"),
        assignment(ids.t1, "b5", "17:30", "19:00"),
        assignment(ids.t1, "b2", "23:00", "23:59"),
      ],
    });
    const row = rowOf(buildOpsTimeline({ floor: odd, window, day, now: NOW }).timeline, ids.t1);
    expect(shape(row)).toEqual([
      ["booking", "17:00", "18:00"],
      ["booking", "18:00", "19:00"],
      ["free", "19:00", "23:00"],
      ["booking", "23:00", "23:30"],
    ]);
  });

  it("has no segments on a day with nothing to show", () => {
    const empty = buildOpsTimeline({ floor: floor({ bookings: [], allocations: [] }), window: null, day, now: NOW });
    expect(empty.timeline.every((row) => row.segments.length === 0)).toBe(true);
    expect(empty.unassigned).toEqual([]);
  });
});
