import { describe, expect, it } from "vitest";
import { PlannerInputError } from "./planner-error";
import { chain, setupScenario, tablesOf } from "./testing/planner-scenario";

// A request's own cap on merge size (staff quoting "no more than N tables"), below the venue's policy.
describe("request.maxTables", () => {
  const chainOf4 = () =>
    setupScenario({
      tables: tablesOf(4, ["A", "B", "C", "D"]),
      adjacency: chain("A", "B", "C", "D"),
      config: { policy: { maxTablesPerPlan: 3, maxOverage: 4 } },
    });

  it("drops merges larger than the cap, counting them as not mergeable", () => {
    const venue = chainOf4();
    expect(venue.offered({ party: 8 })).toEqual(["A+B", "B+C", "C+D", "A+B+C", "B+C+D"]);
    expect(venue.offered({ party: 8, maxTables: 2 })).toEqual(["A+B", "B+C", "C+D"]);
    const capped = venue.search({ party: 8, maxTables: 1 });
    expect(capped.candidates).toEqual([]);
    expect(capped.rejected.not_mergeable).toBe(5);
    expect(venue.offered({ party: 10, maxTables: 2 })).toEqual([]);
    expect(venue.offered({ party: 10 })).toEqual(["A+B+C", "B+C+D"]);
  });

  it("applies to next times too (same request, other starts)", () => {
    const result = setupScenario({
      tables: tablesOf(4, ["A", "B"]),
      adjacency: [["A", "B"]],
    }).plan(
      { party: 8, maxTables: 1 },
      { service: { start: Date.UTC(2027, 2, 5, 17), lastSeating: Date.UTC(2027, 2, 5, 21), slotMinutes: 15 } },
    );
    expect(result.plans).toEqual([]);
    expect(result.nextTimes).toEqual([]);
  });

  it("refuses a cap that is not a positive integer", () => {
    expect(() => chainOf4().plan({ party: 2, maxTables: 0 })).toThrow(PlannerInputError);
    expect(() => chainOf4().plan({ party: 2, maxTables: 1.5 })).toThrow(PlannerInputError);
  });
});
