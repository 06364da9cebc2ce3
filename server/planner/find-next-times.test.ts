import { describe, expect, it } from "vitest";
import { findNextTimes } from "./find-next-times";
import { resolveRequest } from "./resolve-request";
import { at, setupScenario, tablesOf } from "./testing/planner-scenario";

const service = { start: at("17:00"), lastSeating: at("21:30"), slotMinutes: 15 };

describe("findNextTimes", () => {
  const scenario = (busy: { table: string; from: string; to: string }[]) =>
    setupScenario({ tables: tablesOf(4, ["A"]), busy });
  const next = (s: ReturnType<typeof scenario>, from: string, to: string, limit?: number, notBefore?: number) =>
    findNextTimes({
      venue: s.venue,
      occupancy: s.occupancy,
      request: resolveRequest({ venue: s.venue, request: s.toRequest({ party: 2, from, to }) }),
      service: notBefore === undefined ? service : { ...service, notBefore },
      ...(limit ? { limit } : {}),
    });

  it("finds the nearest working starts on both sides, keeping the duration", () => {
    const s = scenario([{ table: "A", from: "19:00", to: "20:00" }]);
    // 90-minute meal: must end by 19:00 or start at 20:00; 20:15 is nearer than 17:30 but one side each comes first.
    expect(next(s, "19:00", "20:30", 2)).toEqual([at("17:30"), at("20:00")]);
    expect(next(s, "19:00", "20:30", 3)).toEqual([at("17:30"), at("20:00"), at("20:15")]);
  });

  it("stays inside the service and on its slot grid, even when the request is off-grid", () => {
    const s = scenario([{ table: "A", from: "17:00", to: "21:00" }]);
    expect(next(s, "20:07", "21:07")).toEqual([at("21:00"), at("21:15"), at("21:30")]);
  });

  it("offers no time before service.notBefore (now): a walk-in at 18:57 is not offered 18:15", () => {
    const s = scenario([{ table: "A", from: "17:00", to: "20:00" }]);
    // Without a "now" the grid before the request counts (the table is free until 17:00 only: none fits before).
    expect(next(s, "18:57", "20:27", 4)).toEqual([at("20:00"), at("20:15"), at("20:30"), at("20:45")]);
    // With now at 20:07, the first offer is the first slot not before it.
    expect(next(s, "18:57", "20:27", 4, at("20:07"))).toEqual([at("20:15"), at("20:30"), at("20:45"), at("21:00")]);
    // A free floor: the nearest earlier slot is offered only when it is not past.
    const free = scenario([]);
    expect(next(free, "19:00", "20:30", 2)).toEqual([at("18:45"), at("19:15")]);
    expect(next(free, "19:00", "20:30", 2, at("18:50"))).toEqual([at("19:15"), at("19:30")]);
  });

  it("returns nothing when no slot of the service works", () => {
    const s = scenario([{ table: "A", from: "16:00", to: "23:59" }]);
    expect(next(s, "19:00", "20:00")).toEqual([]);
  });

  it("rejects a bad slot size", () => {
    const s = scenario([]);
    expect(() =>
      findNextTimes({
        venue: s.venue,
        occupancy: s.occupancy,
        request: resolveRequest({ venue: s.venue, request: s.toRequest({ party: 2 }) }),
        service: { ...service, slotMinutes: 0 },
      }),
    ).toThrow(/slotMinutes/);
  });
});
