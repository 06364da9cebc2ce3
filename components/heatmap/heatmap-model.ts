import type {
  THeatmapCell,
  TOpsAvailabilityResponse,
  TTimelineSegment,
} from "@/server/availability/ops-availability-schema";
import { SLOT_MS, serviceRange } from "./service-slots";

/**
 * The heatmap's numbers, pure: which cells the service shows, the 5-step scale of seats in use, the bookings behind
 * a cell (from the timeline, so the popover lists exactly what the colour counts), and a day's covers for the week
 * strip.
 */

/** Five steps of seats in use, light to dark; the text colour keeps AA contrast on each fill. */
export const SHARE_STEPS = [
  { min: 0, label: "0–19%", className: "bg-[#f1f5f9] text-slate-900" },
  { min: 0.2, label: "20–39%", className: "bg-[#c7d7fe] text-slate-900" },
  { min: 0.4, label: "40–59%", className: "bg-[#8aa8f8] text-slate-950" },
  { min: 0.6, label: "60–79%", className: "bg-[#3b5bdb] text-white" },
  { min: 0.8, label: "80–100%", className: "bg-[#1e2a78] text-white" },
] as const;

export function shareStep(share: number): (typeof SHARE_STEPS)[number] {
  let step: (typeof SHARE_STEPS)[number] = SHARE_STEPS[0];
  for (const s of SHARE_STEPS) if (share >= s.min - 1e-9) step = s;
  return step;
}

export function percent(share: number): number {
  return Math.round(share * 100);
}

export type THeatmapRow = { key: string; zoneId: string | null; name: string; cells: THeatmapCell[] };

/** Zones then Total, each limited to the slots of the chosen service. */
export function heatmapRows(day: TOpsAvailabilityResponse, service: string): THeatmapRow[] {
  const range = serviceRange(day, service);
  if (!range) return [];
  const inRange = (c: THeatmapCell) => {
    const t = Date.parse(c.slotStart);
    return t >= range.start && t < range.end;
  };
  return [
    ...day.heatmap.zones.map((z) => ({
      key: z.zone.id,
      zoneId: z.zone.id,
      name: z.zone.name,
      cells: z.cells.filter(inRange),
    })),
    { key: "total", zoneId: null, name: "Total", cells: day.heatmap.total.cells.filter(inRange) },
  ];
}

export type TSlotBooking = {
  bookingId: string;
  guestName: string;
  partySize: number;
  status: NonNullable<TTimelineSegment["status"]>;
  start: string;
  end: string;
  tables: string[];
  /** Starts inside this slot (counts in the slot's covers starting). */
  starting: boolean;
};

/**
 * The bookings on tables of the zone (every zone for Total) during any part of the slot — merged bookings once,
 * with all their tables — earliest start first.
 */
export function bookingsInSlot(
  day: Pick<TOpsAvailabilityResponse, "timeline">,
  slotStart: string,
  zoneId: string | null,
): TSlotBooking[] {
  const from = Date.parse(slotStart);
  const to = from + SLOT_MS;
  const byId = new Map<string, TSlotBooking>();
  for (const table of day.timeline) {
    if (zoneId && table.zone.id !== zoneId) continue;
    for (const seg of table.segments) {
      if (seg.kind !== "booking" || !seg.bookingId) continue;
      const start = Date.parse(seg.start);
      if (start >= to || Date.parse(seg.end) <= from) continue;
      const known = byId.get(seg.bookingId);
      if (known) {
        if (!known.tables.includes(table.name)) known.tables.push(table.name);
        continue;
      }
      byId.set(seg.bookingId, {
        bookingId: seg.bookingId,
        guestName: seg.guestName ?? "Guest",
        partySize: seg.partySize ?? 0,
        status: seg.status ?? "assigned",
        start: seg.start,
        end: seg.end,
        tables: [table.name],
        starting: start >= from && start < to,
      });
    }
  }
  return [...byId.values()].sort((a, b) => a.start.localeCompare(b.start) || a.guestName.localeCompare(b.guestName));
}

export type TDaySummary = {
  /** Party sizes of the bookings starting in the service (what pacing counts). */
  covers: number;
  /** The sum of the 15-minute pacing caps over the service; the seats when the day has no caps. */
  capacity: number;
  capacityKind: "pacing" | "seats";
  /** Highest share of seats in use in any slot. */
  peakShare: number;
};

/** A day's covers booked against its capacity, over the chosen service. */
export function summariseDay(day: TOpsAvailabilityResponse, service: string): TDaySummary | null {
  const total = heatmapRows(day, service).at(-1);
  if (!total || total.cells.length === 0) return null;
  const covers = total.cells.reduce((n, c) => n + c.coversStarting, 0);
  const caps = total.cells.reduce((n, c) => n + (c.pacingCap ?? 0), 0);
  const seats = Math.max(0, ...total.cells.map((c) => c.seats));
  const peakShare = Math.max(0, ...total.cells.map((c) => c.share));
  return caps > 0
    ? { covers, capacity: caps, capacityKind: "pacing", peakShare }
    : { covers, capacity: seats, capacityKind: "seats", peakShare };
}

/**
 * With "all" chosen on a day of several services: each service's covers against its capacity, in the day's order
 * (UI-DESIGN: the week strip's "covers booked vs capacity per service"); empty for one service or a chosen one.
 */
export function summariseServices(
  day: TOpsAvailabilityResponse,
  service: string,
): Array<{ name: string; summary: TDaySummary }> {
  if (service !== "all") return [];
  const names = [...new Set(day.periods.map((p) => p.name))];
  if (names.length < 2) return [];
  return names.flatMap((name) => {
    const summary = summariseDay(day, name);
    return summary ? [{ name, summary }] : [];
  });
}

/** `Okafor` from `Ava Okafor`: hosts call parties by surname. */
export function surname(guestName: string): string {
  const parts = guestName.trim().split(/\s+/);
  return parts.at(-1) || guestName;
}
