import { isTableBusy, markBusyTables } from "./build-occupancy";
import type { TResolvedRequest } from "./resolve-request";
import {
  REJECTION_REASONS,
  type TCompiledVenue,
  type TOccupancy,
  type TPlanUnit,
  type TRejectionCounts,
  type TRejectionReason,
} from "./types";

export type TCandidateSearch = {
  /** Units passing every rule, in unit order (capacity, then key). */
  candidates: TPlanUnit[];
  /** Busy flag per table index over the request window. */
  busy: Uint8Array;
  rejected: TRejectionCounts;
  combinationsEvaluated: number;
};

/**
 * Filter the venue's precomputed units for one request. Units are sorted by capacity, so only those with
 * party ≤ capacity ≤ party + maxOverage are examined; the rest are counted as `capacity` / `overage` from the
 * range bounds. Each examined unit is counted once, under the first rule it fails, in this order:
 * capacity (min party) → not_online → avoided → zone → busy. Inactive tables never form units and are counted
 * once each as `inactive`. `not_mergeable` / `not_adjacent` count usable tables too small to seat the party alone
 * that no merge could include (see countMergeRejections).
 */
export function findCandidates({
  venue,
  occupancy,
  request,
  busy = markBusyTables({ venue, occupancy, ...windowOf(request) }),
}: {
  venue: TCompiledVenue;
  occupancy: TOccupancy;
  request: TResolvedRequest;
  busy?: Uint8Array;
}): TCandidateSearch {
  const rejected = emptyRejections();
  const { from, to } = findCapacityRange({ venue, partySize: request.partySize });
  rejected.capacity = from;
  rejected.overage = venue.units.length - to;
  rejected.inactive = venue.inactiveTableCount;
  const candidates: TPlanUnit[] = [];
  for (let i = from; i < to; i += 1) {
    const unit = venue.units[i] as TPlanUnit;
    const reason = checkUnit({ unit, request, busy });
    if (reason === null) candidates.push(unit);
    else rejected[reason] += 1;
  }
  countMergeRejections({ venue, request, busy, rejected });
  return { candidates, busy, rejected, combinationsEvaluated: to - from };
}

/** Does any plan exist? Same rules as findCandidates, stopping at the first hit (nextTimes probes many starts). */
export function hasCandidate({
  venue,
  occupancy,
  request,
}: {
  venue: TCompiledVenue;
  occupancy: TOccupancy;
  request: TResolvedRequest;
}): boolean {
  const { from, to } = findCapacityRange({ venue, partySize: request.partySize });
  // Availability is looked up lazily, per table, only for units that pass every other rule: a probe usually
  // touches a handful of tables, not the whole venue.
  const known = new Uint8Array(venue.tables.length); // 0 unknown, 1 free, 2 busy
  const isBusy = (index: number) => {
    if (known[index] === 0) {
      known[index] = isTableBusy({ occupancy, index, ...windowOf(request) }) ? 2 : 1;
    }
    return known[index] === 2;
  };
  for (let i = from; i < to; i += 1) {
    const unit = venue.units[i] as TPlanUnit;
    if (checkUnit({ unit, request, busy: NOTHING_BUSY }) === null && !unit.tableIndices.some(isBusy)) return true;
  }
  return false;
}

const NOTHING_BUSY = new Uint8Array(0);

/** Units with partySize ≤ capacity ≤ partySize + maxOverage occupy [from, to) of the capacity-sorted list. */
export function findCapacityRange({ venue, partySize }: { venue: TCompiledVenue; partySize: number }) {
  return {
    from: lowerBound(venue.unitCapacities, partySize),
    to: lowerBound(venue.unitCapacities, partySize + venue.policy.maxOverage + 1),
  };
}

/** The first rule (after capacity range) a unit fails for this request, or null when it is a candidate. */
export function checkUnit({
  unit,
  request,
  busy,
}: {
  unit: TPlanUnit;
  request: TResolvedRequest;
  busy: Uint8Array;
}): TRejectionReason | null {
  if (unit.minParty > request.partySize) return "capacity";
  if (request.onlineOnly && !unit.onlineBookable) return "not_online";
  const indices = unit.tableIndices;
  // A merge beyond the request's own bound counts as not mergeable (for this request), like one beyond the policy's.
  if (request.maxTables !== undefined && indices.length > request.maxTables) return "not_mergeable";
  for (const i of indices) if (request.avoided[i] === 1) return "avoided";
  if (request.zoneLocked && unit.zone !== request.zone) return "zone";
  for (const i of indices) if (busy[i] === 1) return "busy";
  return null;
}

/**
 * Table-level reasons a merge could not help: usable tables (free, allowed, in zone) too small for the party alone
 * that are fixed (`not_mergeable`) or, when merges need adjacency, have no usable mergeable neighbour
 * (`not_adjacent`). Skipped when merging is off (maxTablesPerPlan 1).
 */
function countMergeRejections({
  venue,
  request,
  busy,
  rejected,
}: {
  venue: TCompiledVenue;
  request: TResolvedRequest;
  busy: Uint8Array;
  rejected: TRejectionCounts;
}): void {
  if (venue.policy.maxTablesPerPlan < 2) return;
  const usable = (i: number): boolean => {
    const t = venue.tables[i];
    if (!t?.active || busy[i] === 1 || request.avoided[i] === 1) return false;
    if (request.onlineOnly && !t.onlineBookable) return false;
    return !request.zoneLocked || t.zone === request.zone;
  };
  for (const t of venue.tables) {
    if (t.capacity >= request.partySize || !usable(t.index)) continue;
    if (!t.mergeable) {
      rejected.not_mergeable += 1;
      continue;
    }
    if (!venue.policy.requireAdjacency) continue;
    const partner = (venue.mergeNeighbours[t.index] ?? []).some((n) => venue.tables[n]?.mergeable && usable(n));
    if (!partner) rejected.not_adjacent += 1;
  }
}

export function emptyRejections(): TRejectionCounts {
  return Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])) as TRejectionCounts;
}

function windowOf(request: TResolvedRequest) {
  return {
    start: request.start,
    end: request.end,
    ...(request.ignoreBookingId === undefined ? {} : { ignoreBookingId: request.ignoreBookingId }),
  };
}

function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
