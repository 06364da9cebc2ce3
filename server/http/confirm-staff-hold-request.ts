import { confirmStaffHold, requireIdempotencyKey } from "@/server/assignment/confirm-staff-hold";
import type { TStaffConfirmHoldRequest } from "@/server/assignment/manual-selection-schema";
import type { TStaffActor } from "@/server/auth/staff-session-types";
import { getRuntime } from "@/server/runtime/get-runtime";
import { requireStaffBooking } from "./staff-booking-access";

/**
 * The handler of both hold confirmations (POST /api/staff/manual/confirm and /api/staff/auto/confirm): a hold is a
 * hold, whoever chose its tables. 201 with the booking; an Idempotency-Key replay 200 with the same body.
 */
export async function confirmStaffHoldRequest({
  auth: actor,
  body,
  request,
}: {
  auth: TStaffActor;
  body: TStaffConfirmHoldRequest;
  request: Request;
}): Promise<Response> {
  const idempotencyKey = requireIdempotencyKey(request.headers);
  const runtime = await getRuntime();
  const { restaurantId, bookingActor } = await requireStaffBooking(runtime.db.kysely, {
    actor,
    bookingId: body.bookingId,
  });
  const result = await confirmStaffHold({
    db: runtime.db,
    enqueue: runtime.queue.enqueue,
    restaurantId,
    actor: bookingActor,
    idempotencyKey,
    ...body,
  });
  // The confirmation email's job committed with the assignment: wake the notify workers now.
  if (result.enqueuedJobs) runtime.queue.announce("booking.notify");
  return Response.json(result.booking, { status: result.status, headers: { "cache-control": "no-store" } });
}
