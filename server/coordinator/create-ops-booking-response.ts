import { readStaffBookingResponse, type TStaffViewer } from "@/server/booking/staff-booking-response";
import type { Queryable } from "@/server/infra/db/open-db";
import { outcomeOfStatus } from "./assign-outcome";
import { createOpsBooking, type TCreateOpsBookingRequest, type TCreateOpsBookingResult } from "./create-ops-booking";
import type { TCreateOpsBookingResponse } from "./create-ops-booking-response-schema";

/**
 * The answer to POST /api/ops/bookings, read back as staff see the booking. Built from the booking's state alone,
 * so an Idempotency-Key replay answers the same body as the first request (unless the booking moved on since).
 */
export async function readCreateOpsBookingResponse(
  db: Queryable,
  { result, viewer }: { result: TCreateOpsBookingResult; viewer: TStaffViewer },
): Promise<TCreateOpsBookingResponse> {
  const booking = await readStaffBookingResponse(db, { bookingId: result.body.bookingId, viewer });
  return {
    ...booking,
    seated: booking.status === "checked_in",
    assignment: { outcome: outcomeOfStatus(booking.status) },
  };
}

/** POST /api/ops/bookings' use case as the route answers it: create (or replay), then read back as `viewer` sees it. */
export async function takeOpsBooking(
  deps: Parameters<typeof createOpsBooking>[0],
  {
    request,
    viewer,
    idempotencyKey,
  }: { request: TCreateOpsBookingRequest; viewer: TStaffViewer; idempotencyKey: string | null },
): Promise<{ status: 200 | 201; body: TCreateOpsBookingResponse }> {
  const result = await createOpsBooking(deps, { request, actor: viewer.actor, idempotencyKey, now: viewer.now });
  const body = await readCreateOpsBookingResponse(deps.db.kysely, { result, viewer });
  return { status: result.replayed ? 200 : 201, body };
}
