import { applyStaffBookingEvent } from "@/server/booking/apply-staff-booking-event";
import { ZBookingTransitionRequestSchema, ZStaffBookingSchema } from "@/server/booking/staff-booking-schema";
import { staffAuth } from "@/server/http/staff-auth";
import { requireStaffBooking } from "@/server/http/staff-booking-access";
import { withRoute } from "@/server/http/with-route";
import { isQueueName } from "@/server/infra/queue";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// POST /api/ops/bookings/{id}/transitions {event, expectedVersion, reason?} – staff move a booking along its
// lifecycle (check_in, complete, cancel, no_show, undo_no_show, request_review, confirm, retry_assignment).
// 200 with the booking and the events allowed next; 403 for a role that may not send it; 409 STALE_VERSION with
// `current`, or INVALID_TRANSITION saying when it becomes possible. Another restaurant's booking is 404.
export const POST = withRoute(
  {
    name: "ops.bookings.transition",
    summary: "Send a lifecycle event to a booking (check_in, complete, cancel, no_show, undo_no_show …) by role",
    auth: staffAuth(),
    audience: "staff",
    body: ZBookingTransitionRequestSchema,
    response: ZStaffBookingSchema,
  },
  async ({ auth: actor, body, params }) => {
    const runtime = await getRuntime();
    const { restaurantId, membership, bookingActor } = await requireStaffBooking(runtime.db.kysely, {
      actor,
      bookingId: String(params.id),
    });
    const { booking, jobs } = await applyStaffBookingEvent({
      db: runtime.db,
      enqueue: runtime.queue.enqueue,
      bookingId: String(params.id),
      restaurantId,
      timezone: membership.timezone,
      actor: bookingActor,
      role: membership.role,
      event: body.event,
      expectedVersion: body.expectedVersion,
      reason: body.reason,
    });
    // The jobs committed with the change (emails, a new assignment): wake their workers instead of a poll.
    for (const name of new Set(jobs.map((job) => job.name))) if (isQueueName(name)) runtime.queue.announce(name);
    return Response.json(booking, { headers: { "cache-control": "no-store" } });
  },
);
