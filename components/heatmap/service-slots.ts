import type { TOpsAvailabilityResponse } from "@/server/availability/ops-availability-schema";

/** One 15-minute slot of the day's window, as an instant range. */
export type TSlotRange = { start: number; end: number };

export const SLOT_MS = 15 * 60_000;

/**
 * The part of the day the view shows: the whole window for "all", or the named service period(s) (the URL's
 * `service`). An unknown period name (another day's service) falls back to the whole window, so the view is never
 * empty because of a stale link. Null when the day has no window (no opening hours and no bookings).
 */
export function serviceRange(
  day: Pick<TOpsAvailabilityResponse, "window" | "periods">,
  service: string,
): { start: number; end: number; period: string | null } | null {
  if (!day.window) return null;
  const window = { start: Date.parse(day.window.start), end: Date.parse(day.window.end) };
  if (service === "all") return { ...window, period: null };
  const periods = day.periods.filter((p) => p.name === service);
  if (periods.length === 0) return { ...window, period: null };
  // Periods end at closing (e.g. 23:59): widen to whole slots so the last quarter hour is still shown.
  const start = Math.max(window.start, Math.min(...periods.map((p) => floorToSlot(Date.parse(p.start)))));
  const end = Math.min(window.end, Math.max(...periods.map((p) => ceilToSlot(Date.parse(p.end)))));
  return end > start ? { start, end, period: service } : { ...window, period: null };
}

export function floorToSlot(ms: number): number {
  return Math.floor(ms / SLOT_MS) * SLOT_MS;
}

export function ceilToSlot(ms: number): number {
  return Math.ceil(ms / SLOT_MS) * SLOT_MS;
}

/** Does the instant fall inside one of the day's service periods (opening to closing)? */
export function isInService(day: Pick<TOpsAvailabilityResponse, "periods">, ms: number): boolean {
  return day.periods.some((p) => ms >= Date.parse(p.start) && ms < Date.parse(p.end));
}
