import { buildPlanUnits } from "./build-plan-units";
import { compareStrings } from "./compare-strings";
import { parsePlannerConfig, type TPlannerConfigInput } from "./planner-config";
import { PlannerInputError } from "./planner-error";
import type { TCompiledTable, TCompiledVenue, TVenueInput } from "./types";

/**
 * Turn a venue (tables, adjacency) and its planner config into the index-based model every quote uses, with all
 * plan units precomputed. Pure and deterministic: tables are numbered by sorted id, so input order never matters.
 * Throws PlannerInputError (naming the field) for duplicate ids, unknown adjacency ids or impossible numbers.
 */
export function compileVenue({ venue, config }: { venue: TVenueInput; config?: TPlannerConfigInput }): TCompiledVenue {
  const parsedConfig = parsePlannerConfig(config);
  const tables = compileTables(venue);
  const indexById = new Map(tables.map((t) => [t.id, t.index]));
  const neighbours = compileAdjacency({ venue, indexById, size: tables.length });
  const zones = [...new Set(tables.map((t) => t.zone))].sort(compareStrings);
  const zoneIndexOfTable = new Int32Array(tables.map((t) => zones.indexOf(t.zone)));
  const activeTablesPerZone = zones.map((z) => tables.filter((t) => t.active && t.zone === z).length);
  const { policy } = parsedConfig;
  // Edges a merge may use: within a zone unless cross-zone merges are allowed.
  const mergeNeighbours = neighbours.map((list, a) =>
    list.filter((b) => policy.allowCrossZone || tables[a]?.zone === tables[b]?.zone),
  );
  const units = buildPlanUnits({ tables, mergeNeighbours, policy });
  return {
    cacheKey: venue.id !== undefined && venue.version !== undefined ? `${venue.id}@${venue.version}` : null,
    timezone: venue.timezone ?? null,
    config: parsedConfig,
    policy: parsedConfig.policy,
    weights: parsedConfig.weights,
    tables,
    indexById,
    neighbours,
    mergeNeighbours,
    zones,
    activeTablesPerZone,
    zoneIndexOfTable,
    units,
    unitCapacities: new Int32Array(units.map((u) => u.capacity)),
    inactiveTableCount: tables.filter((t) => !t.active).length,
  };
}

function compileTables(venue: TVenueInput): TCompiledTable[] {
  const seen = new Set<string>();
  venue.tables.forEach((t, i) => {
    const field = `tables[${i}]`;
    if (seen.has(t.id)) throw new PlannerInputError({ field: `${field}.id`, message: `duplicate table id "${t.id}"` });
    seen.add(t.id);
    if (!Number.isInteger(t.capacity) || t.capacity < 1) {
      throw new PlannerInputError({ field: `${field}.capacity`, message: "must be a positive integer" });
    }
    const minParty = t.minParty ?? 1;
    if (!Number.isInteger(minParty) || minParty < 1 || minParty > t.capacity) {
      throw new PlannerInputError({ field: `${field}.minParty`, message: "must be an integer between 1 and capacity" });
    }
  });
  return [...venue.tables]
    .sort((a, b) => compareStrings(a.id, b.id))
    .map((t, index) => ({
      index,
      id: t.id,
      zone: t.zone,
      capacity: t.capacity,
      minParty: t.minParty ?? 1,
      mergeable: t.mergeable ?? true,
      priority: t.priority ?? 0,
      active: t.active ?? true,
      onlineBookable: t.onlineBookable ?? true,
    }));
}

function compileAdjacency({
  venue,
  indexById,
  size,
}: {
  venue: TVenueInput;
  indexById: ReadonlyMap<string, number>;
  size: number;
}): number[][] {
  const sets = Array.from({ length: size }, () => new Set<number>());
  venue.adjacency.forEach((edge, i) => {
    const ends = edge.map((id, side) => {
      const index = indexById.get(id);
      if (index === undefined) {
        throw new PlannerInputError({ field: `adjacency[${i}][${side}]`, message: `unknown table id "${id}"` });
      }
      return index;
    });
    const [a, b] = ends as [number, number];
    if (a === b) return; // a table touching itself adds nothing
    sets[a]?.add(b);
    sets[b]?.add(a);
  });
  return sets.map((s) => [...s].sort((x, y) => x - y));
}
