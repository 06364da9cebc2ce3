import { toZonedParts } from "@/server/time/zoned-time";
import type { TOpsFloor } from "./load-ops-floor";
import type { TStartCovers } from "./load-start-covers";
import { OPS_SLOT_MINUTES, type THeatmap, type THeatmapCell } from "./ops-availability-schema";
import type { TDayPeriod, TSpan } from "./resolve-ops-day";

const SLOT_MS = OPS_SLOT_MINUTES * 60_000;

type TRowCounts = { seats: number; inUse: number[]; covers: number[] };

/**
 * The zone × 15-minute heatmap of a restaurant-day, pure. Slots step by 15 minutes of real time from the window's
 * start, so a DST change day has as many slots as it has quarter hours (the spring-forward hour has none, the
 * repeated autumn hour has two of each) and each cell's `time` is its local wall time. Seats in use count each
 * active table once per slot it is assigned during (back-to-back bookings do not double it); covers starting per
 * zone come from the floor's bookings (no-shows left out, as pacing leaves them out) and, in the total row, from
 * the pacing counts (`startCovers`), beside the caps of the service period whose seating hours hold the slot's
 * start (the first in the rules' order, as resolveServiceWindow picks).
 */
export function buildOpsHeatmap({
  floor,
  window,
  timezone,
  periods,
  startCovers,
}: {
  floor: TOpsFloor;
  window: TSpan | null;
  timezone: string;
  periods: readonly TDayPeriod[];
  startCovers: readonly TStartCovers[];
}): THeatmap {
  if (!window) return { zones: floor.zones.map((zone) => ({ zone, cells: [] })), total: { cells: [] } };
  const count = Math.round((window.end - window.start) / SLOT_MS);
  const slotOf = (ms: number) =>
    ms >= window.start && ms < window.end ? Math.floor((ms - window.start) / SLOT_MS) : -1;
  const rows = new Map(floor.zones.map((z) => [z.id, emptyRow(count)]));
  const total = emptyRow(count);
  const rowsOf = (zoneId: string) => [rows.get(zoneId), total].filter((row) => row !== undefined);

  const tables = new Map(floor.tables.map((t) => [t.id, t]));
  for (const table of floor.tables) {
    if (table.active) for (const row of rowsOf(table.zoneId)) row.seats += table.capacity;
  }
  const busySlots = new Map<string, Set<number>>();
  const zonesOfBooking = new Map<string, Set<string>>();
  for (const a of floor.allocations) {
    const table = tables.get(a.tableId);
    if (a.kind !== "assignment" || !table) continue;
    zonesOfBooking.set(a.bookingId, (zonesOfBooking.get(a.bookingId) ?? new Set()).add(table.zoneId));
    if (!table.active) continue;
    const busy = busySlots.get(table.id) ?? new Set<number>();
    busySlots.set(table.id, busy);
    const first = Math.max(0, Math.floor((a.start - window.start) / SLOT_MS));
    const last = Math.min(count, Math.ceil((a.end - window.start) / SLOT_MS));
    for (let s = first; s < last; s++) busy.add(s);
  }
  for (const [tableId, busy] of busySlots) {
    const table = tables.get(tableId);
    if (!table) continue;
    for (const row of rowsOf(table.zoneId)) for (const s of busy) row.inUse[s] = (row.inUse[s] ?? 0) + table.capacity;
  }
  for (const b of floor.bookings) {
    const s = slotOf(b.start);
    if (s < 0 || b.status === "no_show") continue;
    for (const zoneId of zonesOfBooking.get(b.id) ?? []) {
      const row = rows.get(zoneId);
      if (row) row.covers[s] = (row.covers[s] ?? 0) + b.partySize;
    }
  }
  const online = new Array<number>(count).fill(0);
  for (const c of startCovers) {
    const s = slotOf(c.start);
    if (s < 0) continue;
    total.covers[s] = (total.covers[s] ?? 0) + c.covers;
    online[s] = (online[s] ?? 0) + c.online;
  }

  const starts = Array.from({ length: count }, (_, s) => window.start + s * SLOT_MS);
  const heads = starts.map((ms) => ({
    slotStart: new Date(ms).toISOString(),
    time: toZonedParts(new Date(ms), timezone).time.slice(0, 5),
  }));
  const cellsOf = (row: TRowCounts) => heads.map((head, s) => cellOf({ head, row, s }));
  return {
    zones: floor.zones.map((zone) => ({ zone, cells: cellsOf(rows.get(zone.id) ?? emptyRow(count)) })),
    total: {
      cells: cellsOf(total).map((cell, s) => ({
        ...cell,
        onlineCoversStarting: online[s] ?? 0,
        ...capsAt(periods, starts[s] ?? 0),
      })),
    },
  };
}

function cellOf({
  head,
  row,
  s,
}: {
  head: { slotStart: string; time: string };
  row: TRowCounts;
  s: number;
}): THeatmapCell {
  const seatsInUse = row.inUse[s] ?? 0;
  return {
    ...head,
    seatsInUse,
    seats: row.seats,
    share: row.seats > 0 ? Math.round((seatsInUse / row.seats) * 1000) / 1000 : 0,
    coversStarting: row.covers[s] ?? 0,
  };
}

function capsAt(periods: readonly TDayPeriod[], at: number): Pick<THeatmapCell, "pacingCap" | "onlinePacingCap"> {
  const period = periods.find((p) => p.start <= at && at <= p.lastSeating);
  return {
    ...(typeof period?.pacingCap === "number" ? { pacingCap: period.pacingCap } : {}),
    ...(typeof period?.onlinePacingCap === "number" ? { onlinePacingCap: period.onlinePacingCap } : {}),
  };
}

function emptyRow(slots: number): TRowCounts {
  return { seats: 0, inUse: new Array<number>(slots).fill(0), covers: new Array<number>(slots).fill(0) };
}
