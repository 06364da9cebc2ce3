import { holdManualSelection } from "@/server/assignment/hold-manual-selection";
import { ZManualHoldRequestSchema, ZManualHoldResponseSchema } from "@/server/assignment/manual-selection-schema";
import { staffAuth } from "@/server/http/staff-auth";
import { requireStaffBooking } from "@/server/http/staff-booking-access";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// POST /api/staff/manual/hold – holds the chosen tables for the booking (201 with the checks), or refuses with the
// same checks: 409 TABLE_CONFLICT (a booking or another hold), 422 SELECTION_INVALID (a policy check). A manager
// may override policy checks with `override: {reason}` (a host: 403 OVERRIDE_NOT_ALLOWED).
export const POST = withRoute(
  {
    name: "staff.manual.hold",
    summary: "Hold the chosen tables for a booking (a manager may override policy checks)",
    auth: staffAuth(),
    audience: "staff",
    body: ZManualHoldRequestSchema,
    response: ZManualHoldResponseSchema,
    successStatus: 201,
  },
  async ({ auth: actor, body }) => {
    const runtime = await getRuntime();
    const { restaurantId, bookingActor } = await requireStaffBooking(runtime.db.kysely, {
      actor,
      bookingId: body.bookingId,
    });
    const held = await holdManualSelection({ db: runtime.db, restaurantId, actor: bookingActor, ...body });
    return Response.json(held, { status: 201, headers: { "cache-control": "no-store" } });
  },
);
