import type { BookingStatus } from "@/server/infra/db/schema";
import type { TOpsAllocation, TOpsBooking, TOpsFloor, TOpsTable } from "./load-ops-floor";
import type { TTimelineSegment, TTimelineTable, TUnassignedBooking } from "./ops-availability-schema";
import { isOfDay, type TSpan } from "./resolve-ops-day";

/** Statuses that keep their tables (maitre_apply_transition): a booking in one of them is never in the tray. */
const SEATED_OR_DONE: ReadonlySet<BookingStatus> = new Set([
  "assigned",
  "confirmed",
  "checked_in",
  "completed",
  "no_show",
]);

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The timeline of a restaurant-day, pure: every table (by zone in display order, then by name with numbers in
 * numeric order: T2 before T10) with segments that tile `window` exactly — its assignments and live holds clipped
 * to the window, and between them `free`, or `out_of_service` on an inactive table. Allocations never overlap on a
 * table (the exclusion constraint); if two did, the later is cut to start where the earlier ends, so the tiling
 * holds whatever the input. Also the tray: bookings of the day with no tables that still need them.
 */
export function buildOpsTimeline({
  floor,
  window,
  day,
  now,
}: {
  floor: TOpsFloor;
  window: TSpan | null;
  day: TSpan;
  now: number;
}): { timeline: TTimelineTable[]; unassigned: TUnassignedBooking[] } {
  const bookings = new Map(floor.bookings.map((b) => [b.id, b]));
  const live = floor.allocations.filter((a) => a.kind === "assignment" || (a.expiresAt !== null && a.expiresAt > now));
  const tablesOf = groupTableIds(live);
  const byTable = new Map<string, TOpsAllocation[]>();
  for (const a of live) {
    const list = byTable.get(a.tableId);
    if (list) list.push(a);
    else byTable.set(a.tableId, [a]);
  }

  const zones = new Map(floor.zones.map((z, index) => [z.id, { ...z, index }]));
  const timeline = sortTables(floor.tables, zones).map((table): TTimelineTable => {
    const zone = zones.get(table.zoneId);
    return {
      id: table.id,
      name: table.name,
      zone: { id: table.zoneId, name: zone?.name ?? "" },
      capacity: table.capacity,
      minParty: table.minParty,
      mergeable: table.mergeable,
      active: table.active,
      layout: table.layout,
      segments: window
        ? segmentsOf({ table, allocations: byTable.get(table.id) ?? [], window, bookings, tablesOf })
        : [],
    };
  });

  const assigned = new Set(live.filter((a) => a.kind === "assignment").map((a) => a.bookingId));
  const held = new Set(live.filter((a) => a.kind === "hold").map((a) => a.bookingId));
  const unassigned = floor.bookings
    .filter((b) => isOfDay(b, day) && !assigned.has(b.id) && !SEATED_OR_DONE.has(b.status))
    .sort((a, b) => a.start - b.start || a.reference.localeCompare(b.reference))
    .map((b) => ({
      bookingId: b.id,
      reference: b.reference,
      guestName: b.guestName,
      partySize: b.partySize,
      status: b.status,
      startsAt: iso(b.start),
      endsAt: iso(b.end),
      held: held.has(b.id),
      ...(b.guest ? { guest: b.guest } : {}),
      ...(b.note ? { note: b.note } : {}),
      ...(b.reviewReason ? { reviewReason: b.reviewReason } : {}),
    }));
  return { timeline, unassigned };
}

function segmentsOf({
  table,
  allocations,
  window,
  bookings,
  tablesOf,
}: {
  table: TOpsTable;
  allocations: readonly TOpsAllocation[];
  window: TSpan;
  bookings: ReadonlyMap<string, TOpsBooking>;
  tablesOf: ReadonlyMap<string, string[]>;
}): TTimelineSegment[] {
  const idle = table.active ? "free" : "out_of_service";
  const segments: TTimelineSegment[] = [];
  let cursor = window.start;
  const sorted = [...allocations].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const a of sorted) {
    const start = Math.max(a.start, cursor);
    const end = Math.min(a.end, window.end);
    if (start >= end) continue;
    if (start > cursor) segments.push({ kind: idle, start: iso(cursor), end: iso(start) });
    segments.push(busySegment({ allocation: a, start, end, booking: bookings.get(a.bookingId), tablesOf }));
    cursor = end;
  }
  if (cursor < window.end) segments.push({ kind: idle, start: iso(cursor), end: iso(window.end) });
  return segments;
}

function busySegment({
  allocation: a,
  start,
  end,
  booking,
  tablesOf,
}: {
  allocation: TOpsAllocation;
  start: number;
  end: number;
  booking: TOpsBooking | undefined;
  tablesOf: ReadonlyMap<string, string[]>;
}): TTimelineSegment {
  const about = booking
    ? {
        reference: booking.reference,
        guestName: booking.guestName,
        partySize: booking.partySize,
        status: booking.status,
        ...(booking.guest ? { guest: booking.guest } : {}),
        ...(booking.note ? { note: booking.note } : {}),
      }
    : {};
  const base = { start: iso(start), end: iso(end), bookingId: a.bookingId, ...about };
  if (a.kind === "assignment") {
    return { kind: "booking", ...base, tableIds: tablesOf.get(`assignment:${a.bookingId}`) ?? [a.tableId] };
  }
  return {
    kind: "hold",
    ...base,
    tableIds: tablesOf.get(`hold:${a.holdId ?? a.bookingId}`) ?? [a.tableId],
    ...(a.holdId ? { holdId: a.holdId } : {}),
    ...(a.expiresAt !== null ? { expiresAt: iso(a.expiresAt) } : {}),
  };
}

/** Tables of each assignment (by booking) and of each hold, ascending: a merge lists all of them on every table. */
function groupTableIds(allocations: readonly TOpsAllocation[]): Map<string, string[]> {
  const groups = new Map<string, Set<string>>();
  for (const a of allocations) {
    const key = a.kind === "assignment" ? `assignment:${a.bookingId}` : `hold:${a.holdId ?? a.bookingId}`;
    groups.set(key, (groups.get(key) ?? new Set()).add(a.tableId));
  }
  return new Map([...groups].map(([key, ids]) => [key, [...ids].sort()]));
}

const byName = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function sortTables(tables: readonly TOpsTable[], zones: ReadonlyMap<string, { index: number }>): TOpsTable[] {
  const order = (t: TOpsTable) => zones.get(t.zoneId)?.index ?? Number.MAX_SAFE_INTEGER;
  return [...tables].sort((a, b) => order(a) - order(b) || byName.compare(a.name, b.name) || a.id.localeCompare(b.id));
}
