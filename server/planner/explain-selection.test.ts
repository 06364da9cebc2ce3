import { describe, expect, it } from "vitest";
import { explainSelection } from "./explain-selection";
import { chain, setupScenario, tablesOf } from "./testing/planner-scenario";

describe("explainSelection", () => {
  const scenario = () =>
    setupScenario({
      tables: [
        ...tablesOf(4, ["A", "B", "C", "D"]),
        ...tablesOf(4, ["F"], { mergeable: false }),
        ...tablesOf(4, ["X"], { active: false }),
        { id: "T", zone: "terrace", capacity: 4 },
      ],
      adjacency: [...chain("A", "B", "C", "D"), ["D", "F"], ["D", "T"]],
      busy: [{ table: "C", from: "18:00", to: "19:30" }],
    });
  const failed = (tableIds: string[], party = 8, extra = {}) => {
    const s = scenario();
    const result = explainSelection({ ...s, request: s.toRequest({ party, ...extra }), tableIds });
    return result.checks.filter((c) => !c.passed).map((c) => c.check);
  };

  it("accepts a valid merge and reports every check as passed", () => {
    const s = scenario();
    const result = explainSelection({ ...s, request: s.toRequest({ party: 7 }), tableIds: ["B", "A"] });
    expect(result).toMatchObject({ ok: true, tableIds: ["A", "B"], capacity: 8, overage: 1 });
    expect(result.checks).toHaveLength(14);
  });

  it("names each broken rule", () => {
    expect(failed(["A", "C"])).toEqual(["connected", "free"]);
    expect(failed(["D", "F"])).toEqual(["mergeable"]);
    expect(failed(["D", "T"])).toEqual(["same_zone", "connected"]); // a cross-zone edge cannot join a merge
    expect(failed(["X"], 4)).toEqual(["active"]);
    expect(failed(["A"])).toEqual(["capacity"]);
    expect(failed(["A", "B", "D"], 4)).toEqual(["connected", "overage"]);
    expect(failed(["A", "Q"])).toEqual(["known", "capacity"]);
    expect(failed(["A", "A"], 4)).toEqual(["distinct"]);
    expect(failed(["A", "B"], 8, { avoidTables: ["B"] })).toEqual(["avoided"]);
    expect(failed(["A", "B"], 8, { zone: "terrace", zoneLocked: true })).toEqual(["zone"]);
    expect(failed(["A", "B", "C", "D"], 16)).toEqual(["max_tables", "free"]);
    expect(failed([], 2)).toEqual(["max_tables", "capacity"]);
  });

  it("agrees with the candidate list for every subset of the venue", () => {
    const s = scenario();
    const ids = s.venue.tables.map((t) => t.id);
    for (const party of [3, 7, 12]) {
      const offered = new Set(s.offered({ party }));
      for (let mask = 1; mask < 1 << ids.length; mask += 1) {
        const subset = ids.filter((_, i) => mask & (1 << i));
        const { ok } = explainSelection({ ...s, request: s.toRequest({ party }), tableIds: subset });
        expect(ok, `${subset.join("+")} for ${party}`).toBe(offered.has(subset.join("+")));
      }
    }
  });
});
