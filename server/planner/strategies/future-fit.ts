import { markBusyTables } from "../build-occupancy";
import { checkUnit, findCapacityRange } from "../find-candidates";
import type { TResolvedRequest } from "../resolve-request";
import type { TCompiledVenue, TInstant, TPlanUnit } from "../types";
import type { TStrategy } from "./strategy-types";

/**
 * Protect tables that others will need. Each known, not-yet-placed booking overlapping the window (`upcoming`),
 * and the service's usual party mix (as one fractional booking), spreads one unit of demand over the tables of its
 * own feasible plans: a table in every one of them gets 1, a table in one of twenty gets 0.05. A plan's value is
 * −(sum of its tables' demand), capped at −1 — so taking the only pair an upcoming party of 8 can use costs the most.
 */
export const futureFitStrategy: TStrategy = {
  name: "futureFit",
  prepare: ({ venue, occupancy, request, busy, upcoming, partyMix }) => {
    const size = venue.tables.length;
    const fromUpcoming = new Float64Array(size);
    const fromMix = new Float64Array(size);
    const users = new Int32Array(size);
    for (const booking of upcoming) {
      if (booking.start >= request.end || booking.end <= request.start) continue;
      const window = { start: booking.start, end: booking.end };
      const ownBusy = markBusyTables({ venue, occupancy, ...window });
      spreadDemand({
        venue,
        partySize: booking.partySize,
        window,
        busy: ownBusy,
        weight: 1,
        into: fromUpcoming,
        users,
      });
    }
    const mix = normaliseMix(partyMix);
    const window = { start: request.start, end: request.end };
    for (const [partySize, share] of mix) {
      spreadDemand({ venue, partySize, window, busy, weight: share, into: fromMix });
    }
    const sum = (unit: TPlanUnit, demand: Float64Array) =>
      unit.tableIndices.reduce((total, i) => total + (demand[i] ?? 0), 0);
    return {
      value: (unit) => -Math.min(1, sum(unit, fromUpcoming) + sum(unit, fromMix)),
      reason: (unit, value) => {
        if (value === 0) return "no known later demand for these tables";
        const wanted = unit.tableIndices.reduce((max, i) => Math.max(max, users[i] ?? 0), 0);
        const parts = [
          wanted > 0 ? `wanted by ${wanted} upcoming booking${wanted === 1 ? "" : "s"}` : "",
          sum(unit, fromMix) > 0 ? "suits the usual party mix" : "",
        ].filter(Boolean);
        return `${parts.join("; ")} (demand ${(-value).toFixed(2)})`;
      },
    };
  },
};

const NO_TABLES_AVOIDED = new Uint8Array(0);

function spreadDemand({
  venue,
  partySize,
  window,
  busy,
  weight,
  into,
  users,
}: {
  venue: TCompiledVenue;
  partySize: number;
  window: { start: TInstant; end: TInstant };
  busy: Uint8Array;
  weight: number;
  into: Float64Array;
  users?: Int32Array;
}): void {
  if (!Number.isInteger(partySize) || partySize < 1) return;
  const request: TResolvedRequest = {
    partySize,
    ...window,
    zone: null,
    zoneLocked: false,
    avoided: NO_TABLES_AVOIDED,
    limit: 1,
    onlineOnly: false,
  };
  const { from, to } = findCapacityRange({ venue, partySize });
  const hits = new Int32Array(venue.tables.length);
  let feasible = 0;
  for (let u = from; u < to; u += 1) {
    const unit = venue.units[u] as TPlanUnit;
    if (checkUnit({ unit, request, busy }) !== null) continue;
    feasible += 1;
    for (const i of unit.tableIndices) hits[i] = (hits[i] ?? 0) + 1;
  }
  if (feasible === 0) return; // it cannot be seated anyway: no table is "needed" by it
  for (let i = 0; i < hits.length; i += 1) {
    const count = hits[i] ?? 0;
    if (count === 0) continue;
    into[i] = (into[i] ?? 0) + (weight * count) / feasible;
    if (users) users[i] = (users[i] ?? 0) + 1;
  }
}

/** Valid sizes with positive shares, rescaled to sum to 1, in ascending size order. */
function normaliseMix(mix: Readonly<Record<number, number>> | undefined): [number, number][] {
  if (!mix) return [];
  const entries = Object.entries(mix)
    .map(([size, share]) => [Number(size), share] as [number, number])
    .filter(([size, share]) => Number.isInteger(size) && size > 0 && Number.isFinite(share) && share > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, share]) => sum + share, 0);
  return entries.map(([size, share]) => [size, share / total]);
}
