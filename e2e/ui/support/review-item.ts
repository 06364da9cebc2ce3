import type { Page } from "@playwright/test";
import { jsonOf, sendChange, type TMembership } from "./ops-api";

/**
 * A booking waiting in manual review (on the Timeline: in the Unassigned tray) that a plan fits, made through the
 * API on a day of the spec's own: large parties booked at overlapping times until every table set for them is
 * taken (the next one goes to review, NO_PLAN), then placed ones cancelled until the review queue suggests a plan
 * for it. `singleTable` waits for a one-table suggestion (a drop onto one row). Cancel `made` afterwards.
 */
export type TMadeBooking = {
  id: string;
  reference: string;
  status: string;
  version: number;
  guestName: string;
  tables: Array<{ id: string; name: string }>;
  allowedEvents: string[];
};
type TSuggestion = { tableIds: string[]; tables: Array<{ id: string; name: string }> };
type TReviewQueue = { items: Array<{ booking: { id: string }; suggestions: TSuggestion[] }> };

export const REVIEW_PARTY = 10;
// The shared dev server can be slow under load: API set-up calls get a minute, not the action timeout.
const API_TIMEOUT_MS = 60_000;

async function bookPhone(page: Page, restaurantId: string, guestName: string, startsAt: string) {
  const response = await sendChange(page, "/api/ops/bookings", {
    body: { restaurantId, source: "phone", partySize: REVIEW_PARTY, guestName, startsAt },
    idempotencyKey: crypto.randomUUID(),
  });
  // A pacing cap (too many covers starting in that slot) refuses: the caller tries the next slot.
  if (response.status() === 409 || response.status() === 422) return null;
  return jsonOf<TMadeBooking>(response, `POST /api/ops/bookings ${guestName}`);
}

export async function readBooking(page: Page, id: string) {
  return jsonOf<TMadeBooking>(
    await page.request.get(`/api/ops/bookings/${id}`, { timeout: API_TIMEOUT_MS }),
    `GET /api/ops/bookings/${id}`,
  );
}

export async function cancelBooking(page: Page, id: string, reason = "e2e cleanup") {
  const booking = await readBooking(page, id);
  if (!booking.allowedEvents.includes("cancel")) return booking;
  const response = await sendChange(page, `/api/ops/bookings/${id}/transitions`, {
    body: { event: "cancel", expectedVersion: booking.version, reason },
  });
  return jsonOf<TMadeBooking>(response, `cancel ${id}`);
}

async function suggestionsFor(page: Page, restaurantId: string, date: string, bookingId: string) {
  const response = await page.request.get(`/api/ops/review?${new URLSearchParams({ restaurantId, date })}`, {
    timeout: API_TIMEOUT_MS,
  });
  const queue = await jsonOf<TReviewQueue>(response, "GET /api/ops/review");
  return queue.items.find((item) => item.booking.id === bookingId)?.suggestions ?? [];
}

export async function makeReviewItem(
  page: Page,
  restaurant: TMembership,
  date: string,
  tag: string,
  { singleTable = false, slots = ["13:00", "13:15", "13:30", "13:45", "14:00"] } = {},
): Promise<{ review: TMadeBooking; suggestion: TSuggestion; made: TMadeBooking[] }> {
  const made: TMadeBooking[] = [];
  let review: TMadeBooking | null = null;
  for (let i = 0; i < 16 && !review; i++) {
    const slot = slots[Math.floor(i / 3) % slots.length] ?? "13:00";
    const booking = await bookPhone(page, restaurant.restaurantId, `E2E Review-${tag}-${i + 1}`, `${date}T${slot}`);
    if (!booking) continue;
    made.push(booking);
    if (booking.status === "manual_review") review = booking;
  }
  if (!review) throw new Error(`no booking of ${REVIEW_PARTY} went to review on ${date}: ${made.map((b) => b.status)}`);
  const wanted = (s: TSuggestion) => !singleTable || s.tableIds.length === 1;
  // Placed bookings on one table first: cancelling one frees a one-table plan.
  const placed = made.filter((b) => b.tables.length > 0).sort((a, b) => a.tables.length - b.tables.length);
  for (const booking of placed) {
    await cancelBooking(page, booking.id, "e2e: free a table set for the review suggestion");
    const suggestion = (await suggestionsFor(page, restaurant.restaurantId, date, review.id)).find(wanted);
    if (suggestion) return { review, suggestion, made };
  }
  throw new Error(`no ${singleTable ? "one-table " : ""}plan fits ${review.guestName} on ${date}`);
}
