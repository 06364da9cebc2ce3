import type { TCompiledVenue, TOccupancy, TOccupancyInterval } from "@/server/planner";

/**
 * The occupancy with `removed` bookings' intervals taken out and `added` put in, rebuilding only the `touched`
 * tables (by id): a repair search changes a handful of tables per step, and rebuilding the whole floor each time
 * cost most of its budget. Same shape as the planner's buildOccupancy (sorted raw, merged busy pairs).
 */
export function withoutAndWith({
  venue,
  occupancy,
  removed,
  added,
  touched,
}: {
  venue: TCompiledVenue;
  occupancy: TOccupancy;
  removed: ReadonlySet<string>;
  added: readonly TOccupancyInterval[];
  touched: ReadonlySet<string>;
}): TOccupancy {
  const raw = [...occupancy.raw];
  const busy = [...occupancy.busy];
  const bookingIds = new Set(occupancy.bookingIds);
  for (const id of removed) bookingIds.delete(id);
  for (const tableId of touched) {
    const index = venue.indexById.get(tableId);
    if (index === undefined) continue;
    const list = (raw[index] ?? []).filter((i) => !removed.has(i.bookingId ?? ""));
    for (const interval of added) if (interval.tableId === tableId) list.push(interval);
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    raw[index] = list;
    busy[index] = mergeIntervals(list);
  }
  for (const interval of added) if (interval.bookingId !== undefined) bookingIds.add(interval.bookingId);
  return { busy, raw, bookingIds, ignored: occupancy.ignored };
}

function mergeIntervals(sorted: readonly TOccupancyInterval[]): Float64Array {
  const flat: number[] = [];
  for (const { start, end } of sorted) {
    const last = flat.length - 1;
    if (last > 0 && start <= (flat[last] ?? 0)) flat[last] = Math.max(flat[last] ?? 0, end);
    else flat.push(start, end);
  }
  return Float64Array.from(flat);
}
