import type { TCompiledVenue, TInstant, TOccupancy, TOccupancyInterval } from "./types";

/**
 * Index busy intervals (assignments and live holds) per table for fast, exact availability tests. Build once per
 * (venue version, day) and reuse for every quote of that day. Intervals are half-open [start, end) in exact epoch
 * milliseconds — nothing is rounded, so a booking ending 13:04 and one starting 13:04 never conflict.
 * Holds whose `expiresAt` is at or before `asOf` are dropped: an expired hold must never block anyone.
 */
export function buildOccupancy({
  venue,
  intervals,
  asOf,
}: {
  venue: TCompiledVenue;
  intervals: readonly TOccupancyInterval[];
  asOf?: TInstant;
}): TOccupancy {
  const raw: TOccupancyInterval[][] = venue.tables.map(() => []);
  const bookingIds = new Set<string>();
  let ignored = 0;
  for (const interval of intervals) {
    const index = venue.indexById.get(interval.tableId);
    const expired =
      interval.kind === "hold" && asOf !== undefined && interval.expiresAt !== undefined && interval.expiresAt <= asOf;
    const usable = Number.isFinite(interval.start) && Number.isFinite(interval.end) && interval.end > interval.start;
    if (index === undefined || expired || !usable) {
      ignored += 1;
      continue;
    }
    raw[index]?.push(interval);
    if (interval.bookingId !== undefined) bookingIds.add(interval.bookingId);
  }
  for (const list of raw) list.sort((a, b) => a.start - b.start || a.end - b.end);
  return { busy: raw.map(mergeIntervals), raw, bookingIds, ignored };
}

/** Sorted, disjoint [start, end) pairs; overlapping or touching intervals fuse (same busy set, fewer probes). */
function mergeIntervals(sorted: readonly TOccupancyInterval[]): Float64Array {
  const flat: number[] = [];
  for (const { start, end } of sorted) {
    const last = flat.length - 1;
    if (last > 0 && start <= (flat[last] ?? 0)) {
      flat[last] = Math.max(flat[last] ?? 0, end);
    } else {
      flat.push(start, end);
    }
  }
  return Float64Array.from(flat);
}

/** True when no busy interval overlaps [start, end): binary search for the first interval ending after `start`. */
export function isWindowFree({ busy, start, end }: { busy: Float64Array; start: TInstant; end: TInstant }): boolean {
  let lo = 0;
  let hi = busy.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((busy[2 * mid + 1] ?? 0) <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo === busy.length >> 1 || (busy[2 * lo] ?? 0) >= end;
}

/**
 * Busy flag per table index over one window: the per-quote bitmask every candidate check reads. A booking being
 * re-planned (`ignoreBookingId`) does not block itself; that path scans raw intervals and is only taken when the
 * booking actually appears in the occupancy.
 */
export function markBusyTables({
  venue,
  occupancy,
  start,
  end,
  ignoreBookingId,
}: {
  venue: TCompiledVenue;
  occupancy: TOccupancy;
  start: TInstant;
  end: TInstant;
  ignoreBookingId?: string;
}): Uint8Array {
  const count = venue.tables.length;
  const busy = new Uint8Array(count);
  for (let index = 0; index < count; index += 1) {
    busy[index] = isTableBusy({ occupancy, index, start, end, ignoreBookingId }) ? 1 : 0;
  }
  return busy;
}

/** One table over one window (see markBusyTables); for probes that only need a few tables. */
export function isTableBusy({
  occupancy,
  index,
  start,
  end,
  ignoreBookingId,
}: {
  occupancy: TOccupancy;
  index: number;
  start: TInstant;
  end: TInstant;
  ignoreBookingId?: string | undefined;
}): boolean {
  if (ignoreBookingId !== undefined && occupancy.bookingIds.has(ignoreBookingId)) {
    const list = occupancy.raw[index] ?? [];
    return list.some((b) => b.bookingId !== ignoreBookingId && b.start < end && b.end > start);
  }
  const intervals = occupancy.busy[index];
  return intervals !== undefined && !isWindowFree({ busy: intervals, start, end });
}
