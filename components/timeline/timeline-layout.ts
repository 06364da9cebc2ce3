import type {
  TOpsAvailabilityResponse,
  TTimelineSegment,
  TTimelineTable,
  TUnassignedBooking,
} from "@/server/availability/ops-availability-schema";
import { formatTime } from "../ui/time";

/**
 * The timeline's geometry, as pure functions of the day's read model: where every row, booking block, hold, shaded
 * closed hour and cover-flow bar sits, in pixels. The view only positions what these return (no per-cell DOM), so a
 * 60-table / 250-booking day lays out in a few milliseconds and the maths is unit-tested.
 */

export type TDensity = "comfortable" | "compact";

export type TMetrics = {
  rowHeight: number;
  zoneHeight: number;
  /** Width of one 15-minute column. */
  slotWidth: number;
  labelWidth: number;
};

export const METRICS: Record<TDensity, TMetrics> = {
  comfortable: { rowHeight: 34, zoneHeight: 28, slotWidth: 30, labelWidth: 112 },
  compact: { rowHeight: 28, zoneHeight: 24, slotWidth: 22, labelWidth: 96 },
};

const SLOT_MS = 15 * 60_000;

export type TWindow = { start: number; end: number };

/** The part of the day the grid shows: the chosen service period (whole 15-minute slots), or the whole window. */
export function visibleWindow(data: Pick<TOpsAvailabilityResponse, "window" | "periods">, service: string) {
  const period = service === "all" ? undefined : data.periods.find((p) => p.name === service);
  const source = period ? { start: period.start, end: period.end } : data.window;
  if (!source) return null;
  const start = Math.floor(Date.parse(source.start) / SLOT_MS) * SLOT_MS;
  const end = Math.max(start + SLOT_MS, Math.ceil(Date.parse(source.end) / SLOT_MS) * SLOT_MS);
  return { start, end } satisfies TWindow;
}

/** Pixels from the window's start for an instant (not clamped). */
export function xOf(instant: number, window: TWindow, slotWidth: number): number {
  return ((instant - window.start) / SLOT_MS) * slotWidth;
}

/** The instant at a pixel offset, snapped down to its 15-minute slot. */
export function slotAt(x: number, window: TWindow, slotWidth: number): number {
  const slot = Math.max(0, Math.floor(x / slotWidth));
  return Math.min(window.start + slot * SLOT_MS, window.end - SLOT_MS);
}

/** The surname a host says: the guest name's last word (`Ava Okafor` → `Okafor`). */
export function surnameOf(guestName: string | undefined): string {
  const words = (guestName ?? "").trim().split(/\s+/).filter(Boolean);
  return words.at(-1) ?? "Guest";
}

export type TZoneRow = {
  kind: "zone";
  key: string;
  zoneId: string;
  name: string;
  y: number;
  seats: number;
  /** Seats of the zone's tables with a booking on them at `now` (null: the day is not today). */
  seatsInUseNow: number | null;
  tableCount: number;
};

export type TTableRow = {
  kind: "table";
  key: string;
  table: TTimelineTable;
  y: number;
  /** Position among the table rows (0-based, zone headers not counted). */
  ordinal: number;
};

export type TRow = TZoneRow | TTableRow;

export type TBlock = {
  key: string;
  kind: "booking" | "hold";
  bookingId: string;
  holdId?: string;
  guestName: string;
  partySize: number | null;
  status: TTimelineSegment["status"];
  start: number;
  end: number;
  expiresAt?: number;
  /** Every table of the booking (names, display order). */
  tableNames: string[];
  tableIds: string[];
  /** The table rows this block spans (consecutive rows of one zone). */
  rowTableIds: string[];
  x: number;
  y: number;
  width: number;
  height: number;
  /** Ordinal of the first row it sits on (keyboard order). */
  rowOrdinal: number;
  /** A merged booking whose tables are not side by side in the list: drawn once per run, with a link mark. */
  linked: boolean;
  /** Starts before or ends after the visible window. */
  clippedStart: boolean;
  clippedEnd: boolean;
  /** The guest record's tags, notes (their start) and counts, when the booking has one. */
  guest?: TTimelineSegment["guest"];
  /** The start of the booking's own notes. */
  note?: string;
};

export type TLayout = {
  window: TWindow;
  metrics: TMetrics;
  gridWidth: number;
  rowsHeight: number;
  rows: TRow[];
  tableRows: TTableRow[];
  blocks: TBlock[];
  /** Closed parts of the window (outside every service period). */
  closed: Array<{ x: number; width: number }>;
  /** Hour labels. */
  hours: Array<{ x: number; label: string }>;
  /** Offset of the first hour line inside the grid (for the background gradient). */
  hourOffset: number;
};

/** Is the instant inside [start, end)? */
/** A seated party past its end, not marked left: its seats are still in use. */
function overstays(segment: { end: string; status?: string }, now: number): boolean {
  return segment.status === "checked_in" && Date.parse(segment.end) <= now;
}

function covers(segment: { start: string; end: string }, at: number): boolean {
  return Date.parse(segment.start) <= at && at < Date.parse(segment.end);
}

/**
 * The day's rows (zone headers and tables), blocks and time axis for the visible window. `now` fills the zone
 * headers' "seats in use now" when the day is today (else null).
 */
export function layoutTimeline(
  data: Pick<TOpsAvailabilityResponse, "timeline" | "periods" | "timezone">,
  window: TWindow,
  metrics: TMetrics,
  now: number | null,
): TLayout {
  const { rowHeight, zoneHeight, slotWidth } = metrics;
  const gridWidth = ((window.end - window.start) / SLOT_MS) * slotWidth;

  // Rows: tables grouped by zone, zones in the order they first appear.
  const zones = new Map<string, { name: string; tables: TTimelineTable[] }>();
  for (const table of data.timeline) {
    const zone = zones.get(table.zone.id) ?? { name: table.zone.name, tables: [] };
    zone.tables.push(table);
    zones.set(table.zone.id, zone);
  }
  const rows: TRow[] = [];
  const tableRows: TTableRow[] = [];
  const rowOf = new Map<string, TTableRow & { zoneId: string }>();
  let y = 0;
  for (const [zoneId, zone] of zones) {
    const active = zone.tables.filter((t) => t.active);
    const inUse =
      now === null
        ? null
        : active
            .filter((t) => t.segments.some((s) => s.kind === "booking" && (covers(s, now) || overstays(s, now))))
            .reduce((sum, t) => sum + t.capacity, 0);
    rows.push({
      kind: "zone",
      key: `zone:${zoneId}`,
      zoneId,
      name: zone.name,
      y,
      seats: active.reduce((sum, t) => sum + t.capacity, 0),
      seatsInUseNow: inUse,
      tableCount: zone.tables.length,
    });
    y += zoneHeight;
    for (const table of zone.tables) {
      const row: TTableRow = { kind: "table", key: table.id, table, y, ordinal: tableRows.length };
      rows.push(row);
      tableRows.push(row);
      rowOf.set(table.id, { ...row, zoneId });
      y += rowHeight;
    }
  }
  const nameOf = new Map(data.timeline.map((t) => [t.id, t.name]));

  // Blocks: segments grouped by booking (or hold), split into runs of side-by-side rows.
  type TPiece = { row: TTableRow & { zoneId: string }; segment: TTimelineSegment };
  const groups = new Map<string, TPiece[]>();
  for (const table of data.timeline) {
    const row = rowOf.get(table.id);
    if (!row) continue;
    for (const segment of table.segments) {
      if (segment.kind !== "booking" && segment.kind !== "hold") continue;
      const start = Date.parse(segment.start);
      const end = Date.parse(segment.end);
      if (end <= window.start || start >= window.end) continue;
      const id =
        segment.kind === "booking"
          ? `b:${segment.bookingId ?? `${table.id}:${segment.start}`}:${segment.start}`
          : `h:${segment.holdId ?? `${table.id}:${segment.start}`}`;
      const list = groups.get(id) ?? [];
      list.push({ row, segment });
      groups.set(id, list);
    }
  }
  const blocks: TBlock[] = [];
  for (const [id, pieces] of groups) {
    pieces.sort((a, b) => a.row.ordinal - b.row.ordinal);
    const runs: TPiece[][] = [];
    for (const piece of pieces) {
      const run = runs.at(-1);
      const last = run?.at(-1);
      if (run && last && last.row.ordinal + 1 === piece.row.ordinal && last.row.zoneId === piece.row.zoneId) {
        run.push(piece);
      } else runs.push([piece]);
    }
    const head = pieces[0];
    if (!head) continue;
    const first = head.segment;
    const tableIds = first.tableIds?.length ? first.tableIds : pieces.map((p) => p.row.table.id);
    const orderedIds = [...tableIds].sort(
      (a, b) => (rowOf.get(a)?.ordinal ?? Number.MAX_SAFE_INTEGER) - (rowOf.get(b)?.ordinal ?? Number.MAX_SAFE_INTEGER),
    );
    const start = Date.parse(first.start);
    const end = Date.parse(first.end);
    const left = xOf(Math.max(start, window.start), window, slotWidth);
    const right = xOf(Math.min(end, window.end), window, slotWidth);
    for (const run of runs) {
      const top = run[0]?.row;
      if (!top) continue;
      blocks.push({
        key: `${id}:${top.table.id}`,
        kind: first.kind === "hold" ? "hold" : "booking",
        bookingId: first.bookingId ?? "",
        holdId: first.holdId,
        guestName: first.guestName ?? (first.kind === "hold" ? "Held" : "Guest"),
        partySize: first.partySize ?? null,
        status: first.status,
        start,
        end,
        expiresAt: first.expiresAt ? Date.parse(first.expiresAt) : undefined,
        tableNames: orderedIds.map((tid) => nameOf.get(tid) ?? "?"),
        tableIds: orderedIds,
        rowTableIds: run.map((p) => p.row.table.id),
        x: left + 1,
        y: top.y + 3,
        width: Math.max(10, right - left - 2),
        height: run.length * rowHeight - 6,
        rowOrdinal: top.ordinal,
        linked: runs.length > 1,
        clippedStart: start < window.start,
        clippedEnd: end > window.end,
        ...(first.guest ? { guest: first.guest } : {}),
        ...(first.note ? { note: first.note } : {}),
      });
    }
  }
  blocks.sort((a, b) => a.rowOrdinal - b.rowOrdinal || a.x - b.x);

  // Closed hours: the window outside every service period.
  const open = data.periods
    .map((p) => ({ start: Math.max(Date.parse(p.start), window.start), end: Math.min(Date.parse(p.end), window.end) }))
    .filter((p) => p.end > p.start)
    .sort((a, b) => a.start - b.start);
  const closed: TLayout["closed"] = [];
  let cursor = window.start;
  for (const p of open) {
    if (p.start > cursor)
      closed.push({
        x: xOf(cursor, window, slotWidth),
        width: xOf(p.start, window, slotWidth) - xOf(cursor, window, slotWidth),
      });
    cursor = Math.max(cursor, p.end);
  }
  if (cursor < window.end) {
    closed.push({ x: xOf(cursor, window, slotWidth), width: gridWidth - xOf(cursor, window, slotWidth) });
  }

  // Hour labels at local whole hours (the restaurant's clock, whatever its offset).
  const hours: TLayout["hours"] = [];
  for (let t = window.start; t < window.end; t += SLOT_MS) {
    const label = formatTime(t, data.timezone);
    if (label.endsWith(":00")) hours.push({ x: xOf(t, window, slotWidth), label });
  }
  const hourOffset = hours[0]?.x ?? 0;

  return { window, metrics, gridWidth, rowsHeight: y, rows, tableRows, blocks, closed, hours, hourOffset };
}

/** The block keyboard focus moves to from `current` (roving focus: left/right in a row, up/down to the nearest). */
export function neighbourBlock(
  blocks: readonly TBlock[],
  current: string | null,
  direction: "left" | "right" | "up" | "down" | "first" | "last",
): TBlock | null {
  if (blocks.length === 0) return null;
  if (direction === "first") return blocks[0] ?? null;
  if (direction === "last") return blocks[blocks.length - 1] ?? null;
  const index = blocks.findIndex((b) => b.key === current);
  const here = blocks[index];
  if (!here) return blocks[0] ?? null;
  if (direction === "left" || direction === "right") {
    const step = direction === "right" ? 1 : -1;
    const next = blocks[index + step];
    return next && next.rowOrdinal === here.rowOrdinal ? next : here;
  }
  const rowsWith = [...new Set(blocks.map((b) => b.rowOrdinal))];
  const at = rowsWith.indexOf(here.rowOrdinal);
  const targetRow = rowsWith[at + (direction === "down" ? 1 : -1)];
  if (targetRow === undefined) return here;
  const centre = here.x + here.width / 2;
  let best: TBlock = here;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const b of blocks) {
    if (b.rowOrdinal !== targetRow) continue;
    const distance = Math.abs(b.x + b.width / 2 - centre);
    if (distance < bestDistance) {
      best = b;
      bestDistance = distance;
    }
  }
  return best;
}

export type TTableAvailability = {
  table: TTimelineTable;
  /** Free over the booking's whole time (ignoring the booking itself). */
  free: boolean;
  /** Seats the party (capacity ≥ party ≥ minimum). */
  fits: boolean;
  /** The booking already sits on it. */
  current: boolean;
  /** Plain words: `free`, `taken 19:00–21:00 by Okafor`, `out of service`. */
  note: string;
};

/** Every table's state over a booking's time, for the move panel (the server still validates the choice). */
export function tablesForMove(
  data: Pick<TOpsAvailabilityResponse, "timeline" | "timezone">,
  booking: { bookingId: string; partySize: number; start: number; end: number },
): TTableAvailability[] {
  return data.timeline.map((table) => {
    const current = table.segments.some((s) => s.kind === "booking" && s.bookingId === booking.bookingId);
    const clashes = table.segments.filter(
      (s) =>
        (s.kind === "booking" || s.kind === "hold") &&
        s.bookingId !== booking.bookingId &&
        Date.parse(s.start) < booking.end &&
        Date.parse(s.end) > booking.start,
    );
    const fits = table.capacity >= booking.partySize && booking.partySize >= table.minParty;
    let note = "free";
    if (!table.active) note = "out of service";
    else if (current) note = "its table now";
    else if (clashes[0]) {
      const c = clashes[0];
      const who = c.kind === "hold" ? "held" : `taken by ${surnameOf(c.guestName)}`;
      note = `${who} ${formatTime(c.start, data.timezone)}–${formatTime(c.end, data.timezone)}`;
    }
    return { table, free: table.active && clashes.length === 0, fits, current, note };
  });
}

/** Why a booking sits in the tray, as the chip a host reads. */
/** Review codes a chip names by what happened; any other reason reads "Needs review" (a typed one "Sent to review"). */
const REVIEW_CHIP: Readonly<Record<string, string>> = {
  NO_PLAN: "No table fits",
  CONFLICT_RETRIES_EXHAUSTED: "Needs review",
  ASSIGNMENT_RETRIES_EXHAUSTED: "Needs review",
  ASSIGNMENT_ERROR: "Needs review",
  WAITING_FOR_EARLIER_BOOKINGS: "Needs review",
};

/**
 * The tray chip of a booking without tables: its words (UI-DESIGN: `No table fits`, `Needs review`) and its tone
 * (the palette: amber for a person's attention, hatched for a hold, grey while it is being placed).
 */
export function trayReason(booking: Pick<TUnassignedBooking, "status" | "held" | "reviewReason">): {
  label: string;
  tone: "review" | "held" | "waiting";
} {
  if (booking.held) return { label: "Held", tone: "held" };
  if (booking.status === "manual_review") {
    const code = booking.reviewReason;
    return { label: code ? (REVIEW_CHIP[code] ?? "Sent to review") : "No table fits", tone: "review" };
  }
  return { label: "No table yet", tone: "waiting" };
}

/** The cover-flow bars for the visible window: covers starting per slot against the pacing cap. */
export function flowBars(
  cells: TOpsAvailabilityResponse["heatmap"]["total"]["cells"],
  window: TWindow,
  slotWidth: number,
) {
  const visible = cells.filter((c) => {
    const t = Date.parse(c.slotStart);
    return t >= window.start && t < window.end;
  });
  const max = Math.max(1, ...visible.map((c) => Math.max(c.coversStarting, c.pacingCap ?? 0)));
  return {
    max,
    bars: visible.map((c) => ({
      slotStart: Date.parse(c.slotStart),
      time: c.time,
      x: xOf(Date.parse(c.slotStart), window, slotWidth),
      covers: c.coversStarting,
      cap: c.pacingCap ?? null,
      over: c.pacingCap !== undefined && c.coversStarting > c.pacingCap,
    })),
  };
}
