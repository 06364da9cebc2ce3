import { describe, expect, it } from "vitest";
import { STRATEGY_NAMES } from "./planner-config";
import { PlannerInputError } from "./planner-error";
import { rankTablePlans } from "./rank-table-plans";
import type { TStrategy } from "./strategies/strategy-types";
import { at, chain, setupScenario, tablesOf } from "./testing/planner-scenario";

const withoutDuration = <T extends { diagnostics: { durationMs: number } }>(result: T) => ({
  ...result,
  diagnostics: { ...result.diagnostics, durationMs: 0 },
});

describe("rankTablePlans", () => {
  const chainOf4 = () =>
    setupScenario({ tables: tablesOf(4, ["A", "B", "C", "D"]), adjacency: chain("A", "B", "C", "D") });

  it("ranks an exact single table above a merge, with a full breakdown and reasons", () => {
    const { plan } = setupScenario({
      tables: [...tablesOf(4, ["A", "B"]), ...tablesOf(2, ["P"])],
      adjacency: [["A", "B"]],
    });
    const result = plan({ party: 4 });
    expect(result.plans.map((p) => p.tableIds.join("+"))).toEqual(["A", "B", "A+B"]);
    const [best] = result.plans;
    expect(best).toMatchObject({ capacity: 4, overage: 0, zone: "main" });
    expect(Object.keys(best?.breakdown ?? {})).toEqual([...STRATEGY_NAMES]);
    expect(best?.breakdown.optimalFit?.reason).toBe("exact fit: 4 seats for 4");
    const sum = Object.values(best?.breakdown ?? {}).reduce((total, b) => total + b.score, 0);
    expect(best?.score).toBeCloseTo(sum, 3);
  });

  it("returns at most `limit` distinct plans, best first", () => {
    const result = chainOf4().plan({ party: 2, limit: 3 });
    expect(result.plans).toHaveLength(3);
    expect(new Set(result.plans.map((p) => p.tableIds.join("+"))).size).toBe(3);
    const scores = result.plans.map((p) => p.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(result.diagnostics.candidates).toBe(4); // A, B, C, D: pairs would leave 6 seats spare (cap 4)
  });

  it("breaks ties deterministically by table count, capacity, priority, then id", () => {
    const { plan } = setupScenario({
      tables: [...tablesOf(4, ["C", "A"]), ...tablesOf(4, ["B"], { priority: 5 })],
      config: { weights: { loadBalance: 0 } },
    });
    expect(plan({ party: 4 }).plans.map((p) => p.tableIds.join())).toEqual(["B", "A", "C"]);
  });

  it("gives the same output for the same input, whatever the table order", () => {
    const a = chainOf4();
    const b = setupScenario({ tables: tablesOf(4, ["D", "C", "B", "A"]), adjacency: chain("D", "C", "B", "A") });
    const ask = { party: 7, zone: "main" };
    expect(withoutDuration(a.plan(ask))).toEqual(withoutDuration(a.plan(ask)));
    expect(withoutDuration(a.plan(ask))).toEqual(withoutDuration(b.plan(ask)));
  });

  it("reports diagnostics and, without a service, no next times", () => {
    const { plan } = setupScenario({
      tables: tablesOf(4, ["A", "B"]),
      adjacency: [["A", "B"]],
      busy: [{ table: "A", from: "18:00", to: "20:00" }],
    });
    const result = plan({ party: 8 });
    expect(result.plans).toEqual([]);
    expect(result.diagnostics).toMatchObject({ combinationsEvaluated: 1, candidates: 0, unitsTotal: 3 });
    expect(result.diagnostics.rejected).toMatchObject({ busy: 1, capacity: 2, not_adjacent: 1 });
    expect(result.diagnostics.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.nextTimes).toEqual([]);
  });

  it("offers next times within the service when nothing fits now", () => {
    const { plan } = setupScenario({ tables: tablesOf(4, ["A"]), busy: [{ table: "A", from: "18:30", to: "20:00" }] });
    const service = { start: at("17:00"), lastSeating: at("21:00"), slotMinutes: 15 };
    const result = plan({ party: 2, from: "19:00", to: "20:00" }, { service });
    expect(result.plans).toEqual([]);
    // A 60-minute meal fits from 20:00, or ending by 18:30; the nearest on each side, then 20:15 and 20:30.
    expect(result.nextTimes).toEqual([at("17:30"), at("20:00"), at("20:15"), at("20:30")]);
  });

  it("switches a strategy off with weight 0", () => {
    const { plan } = setupScenario({ tables: tablesOf(4, ["A"]), config: { weights: { futureFit: 0 } } });
    expect(plan({ party: 4 }).plans[0]?.breakdown.futureFit).toEqual({
      value: 0,
      weight: 0,
      score: 0,
      reason: "off (weight 0)",
    });
  });

  it("accepts pluggable strategies weighted from the config", () => {
    const preferB: TStrategy = {
      name: "historicalSuccess",
      prepare: () => ({ value: (u) => (u.key === "B" ? 1 : 0), reason: () => "ops like B" }),
    };
    const { venue, occupancy, toRequest } = setupScenario({ tables: tablesOf(4, ["A", "B"]) });
    const result = rankTablePlans({ venue, occupancy, request: toRequest({ party: 4 }), strategies: [preferB] });
    expect(result.plans.map((p) => p.tableIds.join())).toEqual(["B", "A"]);
    expect(Object.keys(result.plans[0]?.breakdown ?? {})).toEqual(["historicalSuccess"]);
  });

  it("rejects impossible requests with a PlannerInputError naming the field", () => {
    const { plan } = chainOf4();
    expect(() => plan({ party: 0 })).toThrow(PlannerInputError);
    expect(() => plan({ party: 2, from: "20:00", to: "19:00" })).toThrow(/request\.end/);
    expect(() => plan({ party: 2, limit: 0 })).toThrow(/request\.limit/);
  });
});
