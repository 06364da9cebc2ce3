import { describe, expect, it } from "vitest";
import { buildOccupancy, isWindowFree, markBusyTables } from "./build-occupancy";
import { compileVenue } from "./compile-venue";
import { at, tablesOf } from "./testing/planner-scenario";

const venue = compileVenue({ venue: { tables: tablesOf(4, ["A", "B"]), adjacency: [] } });
const busyFlags = (
  occupancy: ReturnType<typeof buildOccupancy>,
  from: string,
  to: string,
  ignoreBookingId?: string,
) => [
  ...markBusyTables({
    venue,
    occupancy,
    start: at(from),
    end: at(to),
    ...(ignoreBookingId ? { ignoreBookingId } : {}),
  }),
];

describe("buildOccupancy / availability", () => {
  it("uses half-open windows: back-to-back at 13:04 is free, one minute of overlap is busy", () => {
    const occupancy = buildOccupancy({ venue, intervals: [{ tableId: "A", start: at("11:30"), end: at("13:04") }] });
    expect(busyFlags(occupancy, "13:04", "14:00")).toEqual([0, 0]);
    expect(busyFlags(occupancy, "10:00", "11:30")).toEqual([0, 0]);
    expect(busyFlags(occupancy, "13:03", "14:00")).toEqual([1, 0]);
    expect(busyFlags(occupancy, "11:29", "11:31")).toEqual([1, 0]);
  });

  it("is exact to the second: nothing is rounded to a 5-minute grid", () => {
    const occupancy = buildOccupancy({ venue, intervals: [{ tableId: "A", start: at("12:00"), end: at("13:02") }] });
    expect(busyFlags(occupancy, "13:02", "14:00")).toEqual([0, 0]);
    expect(busyFlags(occupancy, "13:01:59", "14:00")).toEqual([1, 0]);
  });

  it("merges overlapping and touching intervals into disjoint sorted ones", () => {
    const occupancy = buildOccupancy({
      venue,
      intervals: [
        { tableId: "A", start: at("19:00"), end: at("20:00") },
        { tableId: "A", start: at("17:00"), end: at("18:00") },
        { tableId: "A", start: at("18:00"), end: at("18:30") },
        { tableId: "A", start: at("19:30"), end: at("19:45") },
      ],
    });
    expect([...(occupancy.busy[0] ?? [])]).toEqual([at("17:00"), at("18:30"), at("19:00"), at("20:00")]);
    expect(busyFlags(occupancy, "18:30", "19:00")).toEqual([0, 0]);
    expect(busyFlags(occupancy, "18:30", "19:01")).toEqual([1, 0]);
  });

  it("ignores unknown tables, empty intervals and holds expired at `asOf`", () => {
    const occupancy = buildOccupancy({
      venue,
      asOf: at("18:00"),
      intervals: [
        { tableId: "Z", start: at("19:00"), end: at("20:00") },
        { tableId: "A", start: at("19:00"), end: at("19:00") },
        { tableId: "A", start: at("19:00"), end: at("20:00"), kind: "hold", expiresAt: at("18:00") },
        { tableId: "B", start: at("19:00"), end: at("20:00"), kind: "hold", expiresAt: at("18:02") },
      ],
    });
    expect(occupancy.ignored).toBe(3);
    expect(busyFlags(occupancy, "19:00", "20:00")).toEqual([0, 1]);
  });

  it("lets a booking being re-planned ignore its own allocations, and only those", () => {
    const occupancy = buildOccupancy({
      venue,
      intervals: [
        { tableId: "A", start: at("19:00"), end: at("20:00"), bookingId: "own" },
        { tableId: "B", start: at("19:00"), end: at("20:00"), bookingId: "other" },
      ],
    });
    expect(busyFlags(occupancy, "19:00", "20:00", "own")).toEqual([0, 1]);
    expect(busyFlags(occupancy, "19:00", "20:00", "absent")).toEqual([1, 1]);
  });

  it("isWindowFree agrees with a linear scan", () => {
    const busy = Float64Array.from([10, 20, 30, 40, 50, 60]);
    for (let start = 0; start < 70; start += 5) {
      for (let end = start + 1; end <= 70; end += 5) {
        const linear = ![10, 30, 50].some((s) => s < end && s + 10 > start);
        expect(isWindowFree({ busy, start, end })).toBe(linear);
      }
    }
  });
});
