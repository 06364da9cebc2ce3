import { ZEditBookingRequestSchema, ZEditBookingResponseSchema } from "@/server/booking/edit-booking-schema";
import { findStaffBookingDetail } from "@/server/booking/find-staff-booking-detail";
import { ZStaffBookingDetailSchema } from "@/server/booking/staff-booking-detail-schema";
import { staffViewer } from "@/server/booking/staff-booking-response";
import { editAndReplanBooking } from "@/server/coordinator/edit-and-replan-booking";
import { staffAuth } from "@/server/http/staff-auth";
import { requireStaffBooking, staffBookingNotFound } from "@/server/http/staff-booking-access";
import { withRoute } from "@/server/http/with-route";
import { coordinatorDepsOf } from "@/server/runtime/coordinator-deps-of";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// GET /api/ops/bookings/{id} – one booking with its history (who, what, when, why), assignment attempts with the
// planner's diagnostics, notifications and live hold. Another restaurant's booking is 404 like a missing one.
export const GET = withRoute(
  {
    name: "ops.bookings.read",
    summary: "One booking with its history, assignment attempts, notifications, live hold and allowed events",
    auth: staffAuth(),
    audience: "staff",
    response: ZStaffBookingDetailSchema,
  },
  async ({ auth: actor, params }) => {
    const bookingId = String(params.id);
    const runtime = await getRuntime();
    const { membership } = await requireStaffBooking(runtime.db.kysely, { actor, bookingId, role: "host" });
    const viewer = staffViewer({ staffId: actor.id, role: membership.role });
    const detail = await findStaffBookingDetail(runtime.db.kysely, { bookingId, viewer });
    if (!detail) throw staffBookingNotFound(bookingId);
    return Response.json(detail, { headers: NO_STORE });
  },
);

// PATCH /api/ops/bookings/{id} – change start, party or notes at the version seen; a change its tables no longer
// fit re-plans (kept_tables | reassigned | manual_review | unchanged). STALE_VERSION carries `current`.
export const PATCH = withRoute(
  {
    name: "ops.bookings.edit",
    summary: "Change start, party or notes at a version; tables kept, re-planned, or review (STALE_VERSION: current)",
    auth: staffAuth(),
    audience: "staff",
    body: ZEditBookingRequestSchema,
    response: ZEditBookingResponseSchema,
  },
  async ({ auth: actor, params, body }) => {
    const bookingId = String(params.id);
    const runtime = await getRuntime();
    const { restaurantId, membership } = await requireStaffBooking(runtime.db.kysely, { actor, bookingId });
    const result = await editAndReplanBooking(coordinatorDepsOf(runtime), {
      bookingId,
      restaurantId,
      request: body,
      viewer: staffViewer({ staffId: actor.id, role: membership.role }),
    });
    return Response.json(result, { headers: NO_STORE });
  },
);
