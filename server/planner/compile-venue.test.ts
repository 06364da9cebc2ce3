import { describe, expect, it } from "vitest";
import { compileVenue } from "./compile-venue";
import { createCompiledVenueCache } from "./create-compiled-venue-cache";
import { PlannerInputError } from "./planner-error";
import { chain, tablesOf } from "./testing/planner-scenario";
import type { TVenueInput } from "./types";

const chainOf4: TVenueInput = { tables: tablesOf(4, ["A", "B", "C", "D"]), adjacency: chain("A", "B", "C", "D") };

describe("compileVenue", () => {
  it("precomputes singles and every connected merge up to maxTablesPerPlan, sorted by capacity", () => {
    const venue = compileVenue({ venue: chainOf4 });
    expect(venue.units.map((u) => u.key)).toEqual(["A", "B", "C", "D", "A+B", "B+C", "C+D", "A+B+C", "B+C+D"]);
    expect(venue.units.map((u) => u.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...venue.unitCapacities]).toEqual([4, 4, 4, 4, 8, 8, 8, 12, 12]);
  });

  it("describes each unit: capacity, min party, zone, diameter", () => {
    const venue = compileVenue({
      venue: {
        tables: [
          { id: "A", zone: "bar", capacity: 2, minParty: 1, priority: 2 },
          { id: "B", zone: "bar", capacity: 6, minParty: 3, priority: 1 },
          { id: "C", zone: "bar", capacity: 4, onlineBookable: false },
        ],
        adjacency: chain("A", "B", "C"),
      },
    });
    const abc = venue.units.find((u) => u.key === "A+B+C");
    expect(abc).toMatchObject({ capacity: 12, minParty: 3, zone: "bar", diameter: 2, prioritySum: 3 });
    expect(abc?.onlineBookable).toBe(false);
    expect(venue.units.find((u) => u.key === "A+B")?.diameter).toBe(1);
  });

  it("does not depend on the order of tables or adjacency edges", () => {
    const shuffled: TVenueInput = {
      tables: [...chainOf4.tables].reverse(),
      adjacency: chainOf4.adjacency.map(([a, b]) => [b, a] as const).reverse(),
    };
    expect(compileVenue({ venue: shuffled }).units).toEqual(compileVenue({ venue: chainOf4 }).units);
  });

  it("leaves inactive tables out of singles and merges, and fixed tables out of merges", () => {
    const venue = compileVenue({
      venue: {
        tables: [
          ...tablesOf(4, ["A", "B"]),
          ...tablesOf(4, ["X"], { active: false }),
          ...tablesOf(4, ["F"], { mergeable: false }),
        ],
        adjacency: [...chain("A", "X", "B"), ["B", "F"]],
      },
    });
    expect(venue.units.map((u) => u.key)).toEqual(["A", "B", "F"]);
    expect(venue.inactiveTableCount).toBe(1);
  });

  it("merges any mergeable tables of one zone when adjacency is not required", () => {
    const venue = compileVenue({
      venue: { tables: [...tablesOf(4, ["A", "B", "C"]), { id: "T", zone: "terrace", capacity: 4 }], adjacency: [] },
      config: { policy: { requireAdjacency: false, maxTablesPerPlan: 2 } },
    });
    expect(venue.units.filter((u) => u.tableIds.length > 1).map((u) => u.key)).toEqual(["A+B", "A+C", "B+C"]);
    expect(venue.units.find((u) => u.key === "A+C")?.diameter).toBe(2);
  });

  it("rejects duplicate ids, unknown adjacency ids and impossible numbers, naming the field", () => {
    const fail = (venue: TVenueInput) => {
      try {
        compileVenue({ venue });
      } catch (error) {
        return error instanceof PlannerInputError ? error.field : "other error";
      }
      return "no error";
    };
    expect(fail({ tables: tablesOf(4, ["A", "A"]), adjacency: [] })).toBe("tables[1].id");
    expect(fail({ tables: tablesOf(4, ["A"]), adjacency: [["A", "Z"]] })).toBe("adjacency[0][1]");
    expect(fail({ tables: tablesOf(0, ["A"]), adjacency: [] })).toBe("tables[0].capacity");
    expect(fail({ tables: tablesOf(4, ["A"], { minParty: 5 }), adjacency: [] })).toBe("tables[0].minParty");
  });

  it("applies planner_config defaults", () => {
    const venue = compileVenue({ venue: chainOf4 });
    expect(venue.policy).toEqual({ maxTablesPerPlan: 3, maxOverage: 4, requireAdjacency: true, allowCrossZone: false });
  });
});

describe("createCompiledVenueCache", () => {
  it("compiles once per venue version and config, and again when either changes", () => {
    const cache = createCompiledVenueCache({ maxEntries: 2 });
    const v1 = { ...chainOf4, id: "r1", version: 1 };
    const first = cache.get({ venue: v1 });
    expect(cache.get({ venue: v1 })).toBe(first);
    expect(cache.get({ venue: v1, config: { policy: { maxTablesPerPlan: 2 } } })).not.toBe(first);
    expect(cache.get({ venue: { ...v1, version: 2 } })).not.toBe(first);
    expect(cache.stats()).toEqual({ hits: 1, misses: 3, size: 2 });
  });

  it("never caches a venue without id and version", () => {
    const cache = createCompiledVenueCache();
    expect(cache.get({ venue: chainOf4 })).not.toBe(cache.get({ venue: chainOf4 }));
    expect(cache.stats().size).toBe(0);
  });
});
