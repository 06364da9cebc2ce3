import { describe, expect, it } from "vitest";
import { parsePlannerConfig } from "./planner-config";

describe("parsePlannerConfig", () => {
  it("fills every default from an empty or missing config", () => {
    const expected = {
      policy: { maxTablesPerPlan: 3, maxOverage: 4, requireAdjacency: true, allowCrossZone: false },
      weights: {
        optimalFit: 10,
        compactness: 6,
        zonePreference: 4,
        loadBalance: 2,
        futureFit: 5,
        historicalSuccess: 2,
        timeFit: 5,
      },
    };
    expect(parsePlannerConfig({})).toEqual(expected);
    expect(parsePlannerConfig(null)).toEqual(expected);
    expect(parsePlannerConfig({ policy: {} })).toEqual(expected);
  });

  it("keeps given values and drops unknown keys", () => {
    const config = parsePlannerConfig({ policy: { maxTablesPerPlan: 4, legacy: 1 }, weights: { futureFit: 0 } });
    expect(config.policy.maxTablesPerPlan).toBe(4);
    expect(config.weights.futureFit).toBe(0);
    expect(config.policy).not.toHaveProperty("legacy");
  });

  it.each([
    [{ policy: { maxTablesPerPlan: 0 } }, "policy.maxTablesPerPlan"],
    [{ policy: { maxOverage: -1 } }, "policy.maxOverage"],
    [{ policy: { requireAdjacency: "yes" } }, "policy.requireAdjacency"],
    [{ weights: { compactness: -2 } }, "weights.compactness"],
  ])("rejects %j naming %s", (input, path) => {
    expect(() => parsePlannerConfig(input)).toThrow(path.split(".")[1]);
  });
});
