import { compareStrings } from "./compare-strings";
import { enumerateConnectedSets, enumerateGroupSubsets } from "./enumerate-connected-sets";
import type { TPlannerPolicy } from "./planner-config";
import type { TCompiledTable, TPlanUnit } from "./types";

/**
 * All structurally valid plans of a venue: every active table alone, plus every allowed merge of active mergeable
 * tables (connected when `requireAdjacency`, one zone unless `allowCrossZone`, at most `maxTablesPerPlan`).
 * Party size and time are applied per quote; nothing here depends on them.
 */
export function buildPlanUnits({
  tables,
  mergeNeighbours,
  policy,
}: {
  tables: readonly TCompiledTable[];
  mergeNeighbours: readonly (readonly number[])[];
  policy: TPlannerPolicy;
}): TPlanUnit[] {
  const eligible = tables.map((t) => t.active && t.mergeable);
  const merges = policy.requireAdjacency
    ? enumerateConnectedSets({
        graph: { size: tables.length, neighbours: mergeNeighbours, eligible },
        maxSize: policy.maxTablesPerPlan,
      })
    : enumerateGroupSubsets({ groups: groupMergeable({ tables, policy }), maxSize: policy.maxTablesPerPlan });
  const singles = tables.filter((t) => t.active).map((t) => [t.index]);
  const units = [...singles, ...merges].map((indices) =>
    describeUnit({ indices, tables, neighbours: mergeNeighbours }),
  );
  units.sort((a, b) => a.capacity - b.capacity || compareStrings(a.key, b.key));
  return units.map((u, index) => ({ ...u, index }));
}

function groupMergeable({ tables, policy }: { tables: readonly TCompiledTable[]; policy: TPlannerPolicy }): number[][] {
  const groups = new Map<string, number[]>();
  for (const t of tables) {
    if (!t.active || !t.mergeable) continue;
    const key = policy.allowCrossZone ? "" : t.zone;
    const group = groups.get(key) ?? [];
    group.push(t.index);
    groups.set(key, group);
  }
  return [...groups.keys()].sort(compareStrings).map((k) => groups.get(k) ?? []);
}

function describeUnit({
  indices,
  tables,
  neighbours,
}: {
  indices: readonly number[];
  tables: readonly TCompiledTable[];
  neighbours: readonly (readonly number[])[];
}): TPlanUnit {
  const members = indices.map((i) => tables[i]).filter((t): t is TCompiledTable => t !== undefined);
  // Tables are numbered in id order, so ascending indices already give ids in string order.
  const tableIds = members.map((t) => t.id);
  const zones = [...new Set(members.map((t) => t.zone))].sort(compareStrings);
  return {
    index: -1,
    tableIndices: [...indices],
    tableIds,
    key: tableIds.join("+"),
    capacity: members.reduce((sum, t) => sum + t.capacity, 0),
    minParty: members.reduce((max, t) => Math.max(max, t.minParty), 1),
    zone: zones.length === 1 ? (zones[0] ?? null) : null,
    zones,
    diameter: measureDiameter({ indices, neighbours }),
    prioritySum: members.reduce((sum, t) => sum + t.priority, 0),
    onlineBookable: members.every((t) => t.onlineBookable),
  };
}

/** Longest shortest path inside the set (BFS from each member; sets are tiny). Not connected → the set size. */
export function measureDiameter({
  indices,
  neighbours,
}: {
  indices: readonly number[];
  neighbours: readonly (readonly number[])[];
}): number {
  if (indices.length <= 1) return 0;
  const members = new Set(indices);
  let diameter = 0;
  for (const source of indices) {
    const distance = new Map<number, number>([[source, 0]]);
    const queue = [source];
    for (let head = 0; head < queue.length; head += 1) {
      const at = queue[head] as number;
      const d = distance.get(at) ?? 0;
      for (const next of neighbours[at] ?? []) {
        if (!members.has(next) || distance.has(next)) continue;
        distance.set(next, d + 1);
        queue.push(next);
      }
    }
    if (distance.size < members.size) return indices.length;
    for (const d of distance.values()) diameter = Math.max(diameter, d);
  }
  return diameter;
}
