import { describe, expect, it } from "vitest";
import type { TOpsAvailabilityResponse, TTimelineTable } from "@/server/availability/ops-availability-schema";
import {
  flowBars,
  layoutTimeline,
  METRICS,
  neighbourBlock,
  slotAt,
  surnameOf,
  tablesForMove,
  trayReason,
  visibleWindow,
  xOf,
} from "./timeline-layout";
import { applyMove } from "./timeline-move-model";

const T = (hhmm: string) => `2027-06-11T${hhmm}:00.000Z`;
const ms = (hhmm: string) => Date.parse(T(hhmm));
const zone = (id: string, name: string) => ({ id: `00000000-0000-4000-8000-00000000000${id}`, name });
const id = (n: number) => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, "0")}`;

function table(n: number, z: ReturnType<typeof zone>, segments: TTimelineTable["segments"] = [], capacity = 4) {
  return {
    id: id(n),
    name: `T${n}`,
    zone: z,
    capacity,
    minParty: 1,
    mergeable: true,
    active: true,
    layout: { x: 0, y: 0, width: 1, height: 1, rotation: 0, shape: "rect" as const },
    segments,
  } satisfies TTimelineTable;
}

const main = zone("1", "Main");
const terrace = zone("2", "Terrace");
const booking = (bookingId: string, start: string, end: string, tableIds: string[], guestName = "Ava Okafor") => ({
  kind: "booking" as const,
  start: T(start),
  end: T(end),
  bookingId,
  guestName,
  partySize: 4,
  status: "confirmed" as const,
  tableIds,
});
const B1 = "10000000-0000-4000-8000-000000000001";
const B2 = "10000000-0000-4000-8000-000000000002";
const B3 = "10000000-0000-4000-8000-000000000003";

const day = {
  timezone: "UTC",
  window: { start: T("17:00"), end: T("23:00") },
  periods: [
    { id: id(90), name: "Lunch", start: T("12:00"), lastSeatingAt: T("14:00"), end: T("15:00") },
    { id: id(91), name: "Dinner", start: T("18:00"), lastSeatingAt: T("21:30"), end: T("23:00") },
  ],
  timeline: [
    table(1, main, [booking(B1, "19:00", "21:00", [id(1), id(2)])]),
    table(2, main, [booking(B1, "19:00", "21:00", [id(1), id(2)])]),
    table(3, main, [booking(B2, "18:00", "19:30", [id(3), id(4)], "Li")]),
    table(4, terrace, [booking(B2, "18:00", "19:30", [id(3), id(4)], "Li")]),
    table(5, terrace, [booking(B3, "16:00", "18:00", [id(5)], "Early Bird")]),
  ],
} satisfies Pick<TOpsAvailabilityResponse, "timeline" | "periods" | "timezone" | "window">;

describe("visibleWindow", () => {
  it("is the whole window for all, the period for a service, whole 15-minute slots", () => {
    expect(visibleWindow(day, "all")).toEqual({ start: ms("17:00"), end: ms("23:00") });
    expect(visibleWindow(day, "Dinner")).toEqual({ start: ms("18:00"), end: ms("23:00") });
    const odd = { ...day, periods: [{ ...day.periods[1], start: T("18:05"), end: T("23:59") }] };
    expect(visibleWindow(odd as typeof day, "Dinner")).toEqual({
      start: ms("18:00"),
      end: Date.parse("2027-06-12T00:00:00.000Z"),
    });
    expect(visibleWindow({ ...day, window: null }, "all")).toBeNull();
  });
});

describe("layoutTimeline", () => {
  const window = { start: ms("17:00"), end: ms("23:00") };
  const layout = layoutTimeline(day, window, METRICS.comfortable, ms("19:15"));
  const { rowHeight, zoneHeight, slotWidth } = METRICS.comfortable;

  it("groups tables under zone headers with seats in use now", () => {
    expect(layout.rows.map((r) => (r.kind === "zone" ? `#${r.name}` : r.table.name))).toEqual([
      "#Main",
      "T1",
      "T2",
      "T3",
      "#Terrace",
      "T4",
      "T5",
    ]);
    const mainHeader = layout.rows[0];
    expect(mainHeader?.kind === "zone" && mainHeader.seatsInUseNow).toBe(12);
    expect(layout.rowsHeight).toBe(2 * zoneHeight + 5 * rowHeight);
    expect(layout.gridWidth).toBe(24 * slotWidth);
  });

  it("counts a seated party past its end (not marked left) as seats still in use", () => {
    const seated = { ...booking(B3, "16:00", "18:00", [id(5)], "Early Bird"), status: "checked_in" as const };
    const left = { ...seated, status: "completed" as const };
    const terraceInUse = (segment: typeof seated | typeof left) => {
      const withParty = { ...day, timeline: [...day.timeline.slice(0, 4), table(5, terrace, [segment])] };
      const header = layoutTimeline(withParty, window, METRICS.comfortable, ms("18:40")).rows.find(
        (r) => r.kind === "zone" && r.name === "Terrace",
      );
      return header?.kind === "zone" ? header.seatsInUseNow : null;
    };
    // T4 holds Li's party at 18:40; T5's party was due out at 18:00 and is still seated.
    expect(terraceInUse(seated)).toBe(8);
    expect(terraceInUse(left)).toBe(4);
  });

  it("draws a merged booking on adjacent rows as one block spanning them", () => {
    const merged = layout.blocks.filter((b) => b.bookingId === B1);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      x: xOf(ms("19:00"), window, slotWidth) + 1,
      y: zoneHeight + 3,
      height: 2 * rowHeight - 6,
      tableNames: ["T1", "T2"],
      linked: false,
    });
  });

  it("links the pieces of a merged booking split by a zone header", () => {
    const split = layout.blocks.filter((b) => b.bookingId === B2);
    expect(split).toHaveLength(2);
    expect(split.every((b) => b.linked && b.tableNames.join("+") === "T3+T4")).toBe(true);
  });

  it("clips a booking that starts before the window", () => {
    const early = layout.blocks.find((b) => b.bookingId === B3);
    expect(early).toMatchObject({ x: 1, clippedStart: true, clippedEnd: false });
    expect(early?.width).toBe(4 * slotWidth - 2);
  });

  it("shades the closed hours and labels local whole hours", () => {
    expect(layout.closed).toEqual([{ x: 0, width: 4 * slotWidth }]);
    expect(layout.hours.map((h) => h.label)).toEqual(["17:00", "18:00", "19:00", "20:00", "21:00", "22:00"]);
  });

  it("moves keyboard focus along a row and to the nearest block above or below", () => {
    const [first, second, third] = layout.blocks;
    expect(neighbourBlock(layout.blocks, null, "first")).toBe(first);
    expect(neighbourBlock(layout.blocks, first?.key ?? "", "right")).toBe(first);
    expect(neighbourBlock(layout.blocks, first?.key ?? "", "down")).toBe(second);
    expect(neighbourBlock(layout.blocks, second?.key ?? "", "up")).toBe(first);
    expect(neighbourBlock(layout.blocks, third?.key ?? "", "last")?.key).toBe(layout.blocks.at(-1)?.key);
  });
});

describe("helpers", () => {
  it("snaps a pixel to its slot and names the surname", () => {
    const window = { start: ms("18:00"), end: ms("20:00") };
    expect(slotAt(31, window, 30)).toBe(ms("18:15"));
    expect(slotAt(9999, window, 30)).toBe(ms("19:45"));
    expect(surnameOf("Ava  Okafor ")).toBe("Okafor");
    expect(surnameOf(undefined)).toBe("Guest");
  });

  it("says why a booking is in the tray", () => {
    const label = (b: Parameters<typeof trayReason>[0]) => trayReason(b).label;
    expect(label({ status: "manual_review", held: false, reviewReason: "NO_PLAN" })).toBe("No table fits");
    expect(label({ status: "manual_review", held: false })).toBe("No table fits");
    expect(label({ status: "manual_review", held: false, reviewReason: "ASSIGNMENT_ERROR" })).toBe("Needs review");
    expect(label({ status: "manual_review", held: false, reviewReason: "VIP wants the window" })).toBe(
      "Sent to review",
    );
    expect(trayReason({ status: "manual_review", held: false }).tone).toBe("review");
    expect(label({ status: "assignment_pending", held: true })).toBe("Held");
    expect(label({ status: "assignment_pending", held: false })).toBe("No table yet");
  });

  it("lists the tables free over a booking's time", () => {
    const options = tablesForMove(day, { bookingId: B3, partySize: 4, start: ms("19:00"), end: ms("20:00") });
    const byName = Object.fromEntries(options.map((o) => [o.table.name, o]));
    expect(byName.T1).toMatchObject({ free: false, note: "taken by Okafor 19:00–21:00" });
    expect(byName.T3).toMatchObject({ free: false });
    expect(byName.T5).toMatchObject({ free: true, current: true, fits: true });
  });

  it("flags cover-flow slots over the pacing cap", () => {
    const cells = [
      { slotStart: T("18:00"), time: "18:00", seatsInUse: 0, seats: 10, share: 0, coversStarting: 6, pacingCap: 4 },
      { slotStart: T("18:15"), time: "18:15", seatsInUse: 0, seats: 10, share: 0, coversStarting: 2, pacingCap: 4 },
      { slotStart: T("23:00"), time: "23:00", seatsInUse: 0, seats: 10, share: 0, coversStarting: 2 },
    ];
    const flow = flowBars(cells, { start: ms("18:00"), end: ms("23:00") }, 30);
    expect(flow.max).toBe(6);
    expect(flow.bars.map((b) => [b.x, b.over])).toEqual([
      [0, true],
      [30, false],
    ]);
  });

  it("moves a booking in the optimistic picture", () => {
    const full = {
      ...day,
      unassigned: [],
      heatmap: { zones: [], total: { cells: [] } },
    } as unknown as TOpsAvailabilityResponse;
    const moved = applyMove(
      full,
      {
        bookingId: B3,
        guestName: "Early Bird",
        partySize: 4,
        status: "confirmed",
        start: ms("16:00"),
        end: ms("18:00"),
        tableIds: [id(5)],
      },
      [id(4)],
    );
    const on = (n: number) => moved.timeline.find((t) => t.id === id(n))?.segments.filter((s) => s.kind === "booking");
    expect(on(5)).toHaveLength(0);
    expect(on(4)?.map((s) => s.bookingId)).toEqual([B3, B2]);
  });
});
