import { describe, expect, it } from "vitest";
import { generateDay } from "../../testing/generate-day";
import { buildDayModel } from "../model/build-day-model";
import { boundLeadingGain, buildObjectiveLevels } from "./build-objective-levels";

describe("buildObjectiveLevels", () => {
  const day = generateDay({ seed: 4, tableCount: 40, load: 0.4 });
  const model = buildDayModel({
    venue: day.venue,
    config: day.config,
    bookings: day.bookings.map((b, i) => ({
      ...b,
      tableIds: i % 3 === 0 ? ["A01"] : null,
      preferredZone: i % 4 ? null : "B",
    })),
  });
  const colCount = model.optionCount;

  it("packs consecutive criteria into levels with weights that keep them exactly lexicographic", () => {
    const levels = buildObjectiveLevels({ model, colCount });
    expect(levels.flatMap((l) => l.criteria)).toEqual(["covers", "bookings", "waste", "merges", "moves", "zone"]);
    for (const level of levels) {
      level.weights.forEach((w, i) => {
        // One unit of criterion i outweighs everything the criteria after it can still change.
        const below = level.weights
          .slice(i + 1)
          .reduce((sum, v, k) => sum + v * ((level.highs[i + 1 + k] ?? 0) - (level.lows[i + 1 + k] ?? 0)), 0);
        expect(w).toBeGreaterThan(below);
      });
    }
  });

  it("starts a new level when exact weights would exceed the spread limit", () => {
    const levels = buildObjectiveLevels({ model, colCount, maxSpread: 1000 });
    expect(levels.length).toBeGreaterThan(2);
    expect(levels.flatMap((l) => l.criteria)).toEqual(["covers", "bookings", "waste", "merges", "moves", "zone"]);
  });

  it("drops criteria that cannot vary (no preferred zones, nobody placed: no zone or move level)", () => {
    const plain = buildDayModel({ venue: day.venue, config: day.config, bookings: day.bookings });
    const levels = buildObjectiveLevels({ model: plain, colCount: plain.optionCount });
    expect(levels.flatMap((l) => l.criteria)).toEqual(["covers", "bookings", "waste", "merges"]);
  });

  it("turns a bound on a level's cost into a bound on its leading criterion", () => {
    const level = {
      criteria: ["covers" as const, "bookings" as const],
      weights: [11, 1],
      costs: new Float64Array(),
      lows: [-40, -10],
      highs: [0, 0],
    };
    // cost = −11·covers − bookings ≥ −335 ⇒ covers ≤ 335 / 11 = 30.45…
    expect(boundLeadingGain({ level, costBound: -335 })).toBe(30);
    expect(boundLeadingGain({ level, costBound: -330 })).toBe(30);
  });
});
