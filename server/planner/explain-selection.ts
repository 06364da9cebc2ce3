import { markBusyTables } from "./build-occupancy";
import { resolveRequest } from "./resolve-request";
import type { TCompiledTable, TCompiledVenue, TOccupancy, TPlanRequest } from "./types";

export const SELECTION_CHECKS = [
  "known",
  "distinct",
  "max_tables",
  "active",
  "online",
  "avoided",
  "zone",
  "same_zone",
  "mergeable",
  "connected",
  "capacity",
  "min_party",
  "overage",
  "free",
] as const;
export type TSelectionCheckName = (typeof SELECTION_CHECKS)[number];
export type TSelectionCheck = { check: TSelectionCheckName; passed: boolean; detail: string };
export type TSelectionExplanation = {
  ok: boolean;
  tableIds: string[];
  capacity: number;
  overage: number;
  /** Every check, in SELECTION_CHECKS order, pass or fail: a manual selection shows all its problems at once. */
  checks: TSelectionCheck[];
};

/**
 * Validate a hand-picked set of tables against the same rules the planner applies (`ok` ⇔ the planner would list
 * this set as a candidate). Used by the manual-selection endpoint and the optimizer.
 */
export function explainSelection({
  venue,
  occupancy,
  request,
  tableIds,
}: {
  venue: TCompiledVenue;
  occupancy: TOccupancy;
  request: TPlanRequest;
  tableIds: readonly string[];
}): TSelectionExplanation {
  const resolved = resolveRequest({ venue, request });
  const { partySize } = resolved;
  const { policy } = venue;
  const unknown = tableIds.filter((id) => !venue.indexById.has(id));
  const tables = [...new Set(tableIds)]
    .map((id) => venue.tables[venue.indexById.get(id) ?? -1])
    .filter((t): t is TCompiledTable => t !== undefined)
    .sort((a, b) => a.index - b.index);
  const merged = tables.length > 1;
  const ids = (list: readonly TCompiledTable[]) => list.map((t) => t.id).join(", ");
  const capacity = tables.reduce((sum, t) => sum + t.capacity, 0);
  const minParty = tables.reduce((max, t) => Math.max(max, t.minParty), 1);
  const overage = capacity - partySize;
  const zones = [...new Set(tables.map((t) => t.zone))];
  const busy = markBusyTables({ venue, occupancy, ...resolved });
  const inactive = tables.filter((t) => !t.active);
  const offline = tables.filter((t) => !t.onlineBookable);
  const avoided = tables.filter((t) => resolved.avoided[t.index] === 1);
  const outside = tables.filter((t) => t.zone !== resolved.zone);
  const fixed = tables.filter((t) => !t.mergeable);
  const taken = tables.filter((t) => busy[t.index] === 1);
  const connected = !merged || isConnected({ venue, indices: tables.map((t) => t.index) });
  const checks: TSelectionCheck[] = [
    check("known", unknown.length === 0, unknown.length ? `unknown tables ${unknown.join(", ")}` : "all tables exist"),
    check("distinct", new Set(tableIds).size === tableIds.length, "each table listed once"),
    check(
      "max_tables",
      tableIds.length >= 1 && tableIds.length <= policy.maxTablesPerPlan,
      `${tableIds.length} of at most ${policy.maxTablesPerPlan} tables`,
    ),
    check("active", inactive.length === 0, inactive.length ? `inactive: ${ids(inactive)}` : "all active"),
    check(
      "online",
      !resolved.onlineOnly || offline.length === 0,
      !resolved.onlineOnly ? "not an online booking" : offline.length ? `not online-bookable: ${ids(offline)}` : "ok",
    ),
    check("avoided", avoided.length === 0, avoided.length ? `avoided: ${ids(avoided)}` : "none avoided"),
    check(
      "zone",
      !resolved.zoneLocked || outside.length === 0,
      !resolved.zoneLocked ? "zone not locked" : outside.length ? `outside ${resolved.zone}: ${ids(outside)}` : "ok",
    ),
    check(
      "same_zone",
      zones.length <= 1 || policy.allowCrossZone,
      zones.length <= 1 ? "one zone" : `spans ${zones.join(", ")}${policy.allowCrossZone ? " (allowed)" : ""}`,
    ),
    check(
      "mergeable",
      !merged || fixed.length === 0,
      !merged ? "single table" : fixed.length ? `not mergeable: ${ids(fixed)}` : "all mergeable",
    ),
    check(
      "connected",
      !policy.requireAdjacency || connected,
      !merged ? "single table" : connected ? "connected by adjacency" : "tables do not form one connected group",
    ),
    check("capacity", capacity >= partySize, `${capacity} seats for ${partySize}`),
    check("min_party", partySize >= minParty, `minimum party ${minParty}`),
    check("overage", overage <= policy.maxOverage, `${Math.max(0, overage)} spare of at most ${policy.maxOverage}`),
    check("free", taken.length === 0, taken.length ? `busy in the window: ${ids(taken)}` : "all free"),
  ];
  return { ok: checks.every((c) => c.passed), tableIds: tables.map((t) => t.id), capacity, overage, checks };
}

function check(name: TSelectionCheckName, passed: boolean, detail: string): TSelectionCheck {
  return { check: name, passed, detail };
}

/** Connectivity over the edges merges may use (same zone unless cross-zone merges are allowed). */
function isConnected({ venue, indices }: { venue: TCompiledVenue; indices: readonly number[] }): boolean {
  const members = new Set(indices);
  const first = indices[0];
  if (first === undefined) return false;
  const seen = new Set([first]);
  const queue = [first];
  for (let head = 0; head < queue.length; head += 1) {
    for (const next of venue.mergeNeighbours[queue[head] as number] ?? []) {
      if (members.has(next) && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen.size === members.size;
}
