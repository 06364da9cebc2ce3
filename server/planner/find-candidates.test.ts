import { describe, expect, it } from "vitest";
import { chain, setupScenario, tablesOf } from "./testing/planner-scenario";

describe("findCandidates — cases the old system got wrong (4-tops, default policy)", () => {
  it("offers an isolated adjacent pair A+B to a party of 8 even with a spare 2-top around", () => {
    const { offered } = setupScenario({
      tables: [...tablesOf(4, ["A", "B"]), ...tablesOf(2, ["C"])],
      adjacency: [["A", "B"]],
    });
    expect(offered({ party: 8 })).toEqual(["A+B"]);
  });

  it("offers every adjacent pair of the chain A–B–C–D to a party of 7", () => {
    const { offered } = setupScenario({
      tables: tablesOf(4, ["A", "B", "C", "D"]),
      adjacency: chain("A", "B", "C", "D"),
    });
    expect(offered({ party: 7 }).sort()).toEqual(["A+B", "B+C", "C+D"]);
  });

  it("offers both connected triples of the chain to a party of 12, never the disconnected A+B+D", () => {
    const { offered } = setupScenario({
      tables: tablesOf(4, ["A", "B", "C", "D"]),
      adjacency: chain("A", "B", "C", "D"),
    });
    expect(offered({ party: 12 }).sort()).toEqual(["A+B+C", "B+C+D"]);
  });

  it("offers the whole chain to a party of 16 when maxTablesPerPlan is 4", () => {
    const { offered } = setupScenario({
      tables: tablesOf(4, ["A", "B", "C", "D"]),
      adjacency: chain("A", "B", "C", "D"),
      config: { policy: { maxTablesPerPlan: 4 } },
    });
    expect(offered({ party: 16 })).toEqual(["A+B+C+D"]);
  });

  it("offers the path A–B–C to a party of 10", () => {
    const { offered } = setupScenario({ tables: tablesOf(4, ["A", "B", "C"]), adjacency: chain("A", "B", "C") });
    expect(offered({ party: 10 })).toEqual(["A+B+C"]);
  });

  it("offers 9+2 to a party of 10 (9–8 would waste 7 seats)", () => {
    const { offered, search } = setupScenario({
      tables: [
        { id: "T9", zone: "main", capacity: 9 },
        { id: "T8", zone: "main", capacity: 8 },
        { id: "T2", zone: "main", capacity: 2 },
      ],
      adjacency: [
        ["T9", "T8"],
        ["T9", "T2"],
      ],
    });
    expect(offered({ party: 10 })).toEqual(["T2+T9"]);
    expect(search({ party: 10 }).rejected.overage).toBeGreaterThanOrEqual(1);
  });

  it("treats a booking ending 13:04 and one starting 13:04 on the same table as compatible", () => {
    const { offered } = setupScenario({
      tables: tablesOf(4, ["A"]),
      busy: [{ table: "A", from: "11:30", to: "13:04" }],
    });
    expect(offered({ party: 2, from: "13:04", to: "14:30" })).toEqual(["A"]);
    expect(offered({ party: 2, from: "13:03", to: "14:30" })).toEqual([]);
  });

  it("never offers A–B + C–D as one plan when B and C are not adjacent", () => {
    const { offered, search } = setupScenario({
      tables: tablesOf(4, ["A", "B", "C", "D"]),
      adjacency: [
        ["A", "B"],
        ["C", "D"],
      ],
      config: { policy: { maxTablesPerPlan: 4 } },
    });
    expect(offered({ party: 16 })).toEqual([]);
    expect(offered({ party: 13 })).toEqual([]);
    expect(search({ party: 16 }).rejected.capacity).toBeGreaterThan(0);
  });
});

describe("findCandidates — rules", () => {
  const scenario = () =>
    setupScenario({
      tables: [
        { id: "A", zone: "main", capacity: 4 },
        { id: "B", zone: "main", capacity: 4 },
        { id: "F", zone: "main", capacity: 4, mergeable: false },
        { id: "X", zone: "main", capacity: 4, active: false },
        { id: "T", zone: "terrace", capacity: 4 },
        { id: "S", zone: "main", capacity: 6, minParty: 5 },
        { id: "W", zone: "main", capacity: 2, onlineBookable: false },
      ],
      adjacency: [
        ["A", "B"],
        ["B", "F"],
        ["B", "X"],
        ["B", "T"],
        ["A", "W"],
      ],
    });

  it("never merges a fixed table, even when adjacent", () => {
    const keys = scenario().offered({ party: 8 });
    expect(keys).toContain("A+B");
    expect(keys.filter((k) => k.split("+").includes("F"))).toEqual([]);
  });

  it("never offers inactive tables, alone or merged", () => {
    const keys = scenario().offered({ party: 3 });
    expect(keys.some((k) => k.split("+").includes("X"))).toBe(false);
    expect(scenario().search({ party: 3 }).rejected.inactive).toBe(1);
  });

  it("never merges across zones by default, but may when allowCrossZone", () => {
    expect(scenario().offered({ party: 8 })).not.toContain("B+T");
    const crossZone = setupScenario({
      tables: [...tablesOf(4, ["B"]), { id: "T", zone: "terrace", capacity: 4 }],
      adjacency: [["B", "T"]],
      config: { policy: { allowCrossZone: true } },
    });
    expect(crossZone.offered({ party: 8 })).toEqual(["B+T"]);
  });

  it("respects min party and capacity for single tables", () => {
    expect(scenario().offered({ party: 4 })).not.toContain("S");
    expect(scenario().offered({ party: 5 })).toContain("S");
    expect(scenario().offered({ party: 5 })).not.toContain("A");
  });

  it("caps overage for single tables and merges alike", () => {
    const { offered, search } = setupScenario({ tables: tablesOf(8, ["Big"]), config: { policy: { maxOverage: 4 } } });
    expect(offered({ party: 3 })).toEqual([]);
    expect(search({ party: 3 }).rejected.overage).toBe(1);
    expect(offered({ party: 4 })).toEqual(["Big"]);
  });

  it("never offers avoided tables and counts them", () => {
    const { offered, search } = scenario();
    expect(offered({ party: 8, avoidTables: ["A"] })).toEqual([]);
    expect(search({ party: 8, avoidTables: ["A"] }).rejected.avoided).toBeGreaterThan(0);
  });

  it("keeps a locked zone and only prefers an unlocked one", () => {
    const { offered } = scenario();
    expect(offered({ party: 4, zone: "terrace", zoneLocked: true })).toEqual(["T"]);
    const singles = offered({ party: 4, zone: "terrace" }).filter((k) => !k.includes("+"));
    expect(singles.sort()).toEqual(["A", "B", "F", "T"]);
  });

  it("keeps online bookings off tables that are not online-bookable", () => {
    const { offered } = scenario();
    expect(offered({ party: 2 })).toContain("W");
    expect(offered({ party: 2, onlineOnly: true })).not.toContain("W");
    expect(offered({ party: 6, onlineOnly: true })).not.toContain("A+W");
  });

  it("counts busy candidates and tables that no merge could include", () => {
    const { search } = setupScenario({
      tables: [...tablesOf(4, ["A", "B", "C"]), ...tablesOf(4, ["F"], { mergeable: false })],
      adjacency: chain("A", "B", "C"),
      busy: [{ table: "B", from: "18:00", to: "19:30" }],
    });
    const { candidates, rejected, combinationsEvaluated } = search({ party: 8 });
    expect(candidates).toEqual([]);
    expect(rejected.busy).toBe(3); // A+B, B+C and A+B+C (12 seats: overage 4 is allowed)
    expect(rejected.not_adjacent).toBe(2); // A and C: free, but their only neighbour is taken
    expect(rejected.not_mergeable).toBe(1); // F
    expect(combinationsEvaluated).toBe(3);
  });
});
