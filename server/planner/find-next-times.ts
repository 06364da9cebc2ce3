import { hasCandidate } from "./find-candidates";
import { PlannerInputError } from "./planner-error";
import { shiftRequest, type TResolvedRequest } from "./resolve-request";
import type { TCompiledVenue, TInstant, TOccupancy, TService } from "./types";

const MINUTE = 60_000;
export const DEFAULT_NEXT_TIMES = 4;
/** Bound on start times probed, so a hopeless request on a long service stays cheap. */
const MAX_PROBES = 128;

export function assertValidService(service: TService): void {
  if (!Number.isInteger(service.slotMinutes) || service.slotMinutes < 1) {
    throw new PlannerInputError({ field: "service.slotMinutes", message: "must be a positive integer" });
  }
  if (!Number.isFinite(service.start) || !(service.lastSeating >= service.start)) {
    throw new PlannerInputError({ field: "service.lastSeating", message: "must be a time not before service.start" });
  }
}

/**
 * The slot starts nearest to the requested one (on the service grid service.start + k·slot, up to last seating,
 * none before service.notBefore) at which the same request — same party, duration and constraints — would have a
 * plan: the nearest earlier and the nearest later one when they exist, then the nearest overall, up to `limit`, in
 * chronological order.
 */
export function findNextTimes({
  venue,
  occupancy,
  request,
  service,
  limit = DEFAULT_NEXT_TIMES,
}: {
  venue: TCompiledVenue;
  occupancy: TOccupancy;
  request: TResolvedRequest;
  service: TService;
  limit?: number;
}): TInstant[] {
  assertValidService(service);
  const slot = service.slotMinutes * MINUTE;
  const lastIndex = Math.floor((service.lastSeating - service.start) / slot);
  const at = (k: number) => service.start + k * slot;
  // The first grid index offered: the service's first seating, or the first one not before `notBefore`.
  const firstIndex =
    service.notBefore === undefined ? 0 : Math.max(0, Math.ceil((service.notBefore - service.start) / slot));
  // Nearest grid indices strictly before and strictly after the requested start.
  let before = Math.min(lastIndex, Math.ceil((request.start - service.start) / slot) - 1);
  let after = Math.max(firstIndex, Math.floor((request.start - service.start) / slot) + 1);
  const earlier: TInstant[] = [];
  const later: TInstant[] = [];
  const found: TInstant[] = []; // in order of distance
  for (let probes = 0; probes < MAX_PROBES; probes += 1) {
    const canGoBefore = before >= firstIndex;
    const canGoAfter = after <= lastIndex;
    const enough = found.length >= limit && (earlier.length > 0 || !canGoBefore) && (later.length > 0 || !canGoAfter);
    if (enough || (!canGoBefore && !canGoAfter)) break;
    const takeBefore = canGoBefore && (!canGoAfter || request.start - at(before) <= at(after) - request.start);
    const start = takeBefore ? at(before) : at(after);
    if (takeBefore) before -= 1;
    else after += 1;
    if (!hasCandidate({ venue, occupancy, request: shiftRequest({ request, start }) })) continue;
    found.push(start);
    (takeBefore ? earlier : later).push(start);
  }
  // The nearest on each side first (ops want "18:15 or 20:00", not four later slots), then the nearest overall.
  const chosen = new Set([earlier[0], later[0]].filter((t): t is TInstant => t !== undefined).slice(0, limit));
  for (const t of found) if (chosen.size < limit) chosen.add(t);
  return [...chosen].sort((a, b) => a - b);
}
