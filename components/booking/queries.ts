import { queryOptions } from "@tanstack/react-query";
import { ZEditBookingResponseSchema } from "@/server/booking/edit-booking-schema";
import { ZStaffBookingDetailSchema } from "@/server/booking/staff-booking-detail-schema";
import type { TStaffEventName } from "@/server/booking/staff-booking-events";
import { ZStaffBookingSchema } from "@/server/booking/staff-booking-schema";
import { opsKeys } from "../ops/queries";
import { apiFetch } from "../ui/api-fetch";
import { readManualContext } from "./manual-assign";

/**
 * The drawer's reads and writes. Keys sit under opsKeys.booking (so under ["ops", restaurantId]): the live stream's
 * one invalidation refreshes an open drawer and its table list too.
 */

/** GET /api/ops/bookings/{id}: the booking with history, attempts, notifications, live hold and lifecycle. */
export const bookingDetailQuery = (restaurantId: string, bookingId: string) =>
  queryOptions({
    queryKey: opsKeys.booking(restaurantId, bookingId),
    queryFn: ({ signal }) =>
      apiFetch(`/api/ops/bookings/${encodeURIComponent(bookingId)}`, ZStaffBookingDetailSchema, { signal }),
  });

/** Every table's state over the booking's window (the manual flow's list), under the booking's key. */
export const manualContextQuery = (restaurantId: string, bookingId: string) =>
  queryOptions({
    queryKey: [...opsKeys.booking(restaurantId, bookingId), "manual-context"] as const,
    queryFn: ({ signal }) => readManualContext(bookingId, signal),
  });

/** POST /api/ops/bookings/{id}/transitions: the booking as it is after the event. */
export function sendBookingEvent(
  bookingId: string,
  input: { event: TStaffEventName; expectedVersion: number; reason?: string },
) {
  return apiFetch(`/api/ops/bookings/${encodeURIComponent(bookingId)}/transitions`, ZStaffBookingSchema, {
    method: "POST",
    body: input,
  });
}

/** DELETE /api/ops/bookings/{id}/tables/{tableId}: the booking on its remaining tables (or waiting for tables). */
export function unassignBookingTable(bookingId: string, tableId: string, expectedVersion: number) {
  const query = new URLSearchParams({ expectedVersion: String(expectedVersion) });
  return apiFetch(
    `/api/ops/bookings/${encodeURIComponent(bookingId)}/tables/${encodeURIComponent(tableId)}?${query}`,
    ZStaffBookingSchema,
    { method: "DELETE" },
  );
}

/** PATCH /api/ops/bookings/{id}: `startsAt` as restaurant-local `YYYY-MM-DDTHH:MM`; only what changed. */
export function editBookingDetails(
  bookingId: string,
  input: { expectedVersion: number; startsAt?: string; partySize?: number; notes?: string | null },
) {
  return apiFetch(`/api/ops/bookings/${encodeURIComponent(bookingId)}`, ZEditBookingResponseSchema, {
    method: "PATCH",
    body: input,
  });
}
