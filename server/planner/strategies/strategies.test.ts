import { describe, expect, it } from "vitest";
import { chain, setupScenario, tablesOf } from "../testing/planner-scenario";

/** Each strategy alone (others weighted 0), so the order shows what that strategy prefers. */
const only = (name: string) => ({
  weights: {
    optimalFit: 0,
    compactness: 0,
    zonePreference: 0,
    loadBalance: 0,
    futureFit: 0,
    historicalSuccess: 0,
    [name]: 1,
  },
});
const keys = (result: { plans: { tableIds: string[] }[] }) => result.plans.map((p) => p.tableIds.join("+"));

describe("strategies", () => {
  it("optimal fit prefers fewer wasted seats", () => {
    const { plan } = setupScenario({
      tables: [...tablesOf(6, ["Six"]), ...tablesOf(4, ["Four"])],
      config: only("optimalFit"),
    });
    const result = plan({ party: 4 });
    expect(keys(result)).toEqual(["Four", "Six"]);
    expect(result.plans[0]?.breakdown.optimalFit).toMatchObject({ value: 1, weight: 1, score: 1 });
    expect(result.plans[1]?.breakdown.optimalFit).toMatchObject({
      value: 0.6,
      reason: "2 spare seats (6 seats for 4)",
    });
  });

  it("compactness prefers fewer tables, then a smaller diameter", () => {
    const { plan } = setupScenario({
      tables: [
        ...tablesOf(4, ["A", "B", "C"]),
        ...tablesOf(4, ["P", "Q", "R"], { zone: "bar" }),
        ...tablesOf(12, ["Big"]),
      ],
      adjacency: [...chain("A", "B", "C"), ...chain("P", "Q", "R"), ["P", "R"]],
      config: only("compactness"),
    });
    const result = plan({ party: 12 });
    expect(keys(result)).toEqual(["Big", "P+Q+R", "A+B+C"]);
    expect(result.plans[2]?.breakdown.compactness?.reason).toBe("3 tables merged, 2 steps apart at most");
  });

  it("zone preference puts the preferred zone first without excluding others", () => {
    const { plan } = setupScenario({
      tables: [...tablesOf(4, ["A"]), ...tablesOf(4, ["T"], { zone: "terrace" })],
      config: only("zonePreference"),
    });
    const result = plan({ party: 4, zone: "terrace" });
    expect(keys(result)).toEqual(["T", "A"]);
    expect(result.plans.map((p) => p.breakdown.zonePreference?.value)).toEqual([1, -1]);
    expect(plan({ party: 4 }).plans[0]?.breakdown.zonePreference?.reason).toBe("no zone preference");
  });

  it("load balance prefers the quieter zone in the window", () => {
    const { plan } = setupScenario({
      tables: [...tablesOf(4, ["A", "B", "C"]), ...tablesOf(4, ["T1", "T2", "T3"], { zone: "terrace" })],
      busy: [
        { table: "A", from: "18:30", to: "20:00" },
        { table: "B", from: "19:00", to: "21:00" },
      ],
      config: only("loadBalance"),
    });
    const result = plan({ party: 4 });
    expect(result.plans[0]?.zone).toBe("terrace");
    expect(result.plans[0]?.breakdown.loadBalance?.reason).toBe("terrace 0% busy vs 33% venue-wide");
    expect(result.plans.at(-1)?.breakdown.loadBalance?.value).toBeLessThan(0);
  });

  it("future fit keeps the only pair an upcoming party of 8 can use", () => {
    const { plan, toRequest } = setupScenario({
      tables: tablesOf(4, ["A", "B", "C", "D"]),
      adjacency: [["A", "B"]],
      config: only("futureFit"),
    });
    const upcoming = [{ partySize: 8, ...window(toRequest({ party: 8, from: "20:00", to: "21:30" })) }];
    const result = plan({ party: 4 }, { upcoming });
    expect(keys(result).slice(0, 2)).toEqual(["C", "D"]);
    expect(result.plans.find((p) => p.tableIds.join() === "A")?.breakdown.futureFit).toMatchObject({
      value: -1,
      reason: "wanted by 1 upcoming booking (demand 1.00)",
    });
    // A later booking that does not overlap the window competes for nothing.
    const later = [{ partySize: 8, ...window(toRequest({ party: 8, from: "20:30", to: "22:00" })) }];
    expect(plan({ party: 4 }, { upcoming: later }).plans.every((p) => p.breakdown.futureFit?.value === 0)).toBe(true);
  });

  it("future fit protects tables the usual party mix needs most", () => {
    const { plan } = setupScenario({
      tables: [...tablesOf(6, ["Six"]), ...tablesOf(4, ["F1", "F2", "F3"])],
      config: { ...only("futureFit"), policy: { maxTablesPerPlan: 1 } },
    });
    const result = plan({ party: 4 }, { partyMix: { 2: 0.5, 6: 0.5 } });
    expect(keys(result)[0]).toMatch(/^F/);
    expect(result.plans.at(-1)?.tableIds).toEqual(["Six"]);
    expect(result.plans.at(-1)?.breakdown.futureFit?.reason).toContain("suits the usual party mix");
  });

  it("historical success follows per-table outcomes for the party size, neutral without data", () => {
    const { plan } = setupScenario({ tables: tablesOf(4, ["A", "B", "C"]), config: only("historicalSuccess") });
    const stats = [
      { tableId: "A", partySize: 4, successes: 2, failures: 38 },
      { tableId: "A", successes: 100, failures: 0 }, // table-wide, overridden by the exact party size
      { tableId: "C", partySize: 4, successes: 30, failures: 0 },
      { tableId: "C", partySize: 2, successes: 0, failures: 50 }, // another party size: ignored
    ];
    const result = plan({ party: 4 }, { stats });
    expect(keys(result)).toEqual(["C", "B", "A"]);
    expect(result.plans[0]?.breakdown.historicalSuccess?.reason).toBe("100% kept over 30 past plans");
    expect(result.plans[1]?.breakdown.historicalSuccess).toMatchObject({
      value: 0,
      reason: "no history for these tables",
    });
    expect(plan({ party: 4 }).plans.every((p) => p.breakdown.historicalSuccess?.value === 0)).toBe(true);
  });
});

function window(request: { start: number; end: number }) {
  return { start: request.start, end: request.end };
}
