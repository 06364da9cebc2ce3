import { confirmStaffHold, requireIdempotencyKey } from "@/server/assignment/confirm-staff-hold";
import { ZStaffConfirmHoldRequestSchema } from "@/server/assignment/manual-selection-schema";
import { ZStaffBookingSchema } from "@/server/booking/staff-booking-response";
import { staffAuth } from "@/server/http/staff-auth";
import { requireStaffBooking } from "@/server/http/staff-booking-access";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// POST /api/staff/manual/confirm (and /api/staff/auto/confirm, the same use case) – the hold becomes the booking's
// tables: 201 with the booking; an Idempotency-Key replay 200 with the same body; an expired hold 410.
export const POST = withRoute(
  {
    name: "staff.hold.confirm",
    summary: "Confirm a hold (manual or auto quote): the booking with its tables",
    auth: staffAuth(),
    audience: "staff",
    body: ZStaffConfirmHoldRequestSchema,
    response: ZStaffBookingSchema,
    successStatus: 201,
    idempotent: true,
  },
  async ({ auth: actor, body, request }) => {
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
  },
);
