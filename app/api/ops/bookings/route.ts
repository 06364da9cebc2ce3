import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { listStaffBookings } from "@/server/booking/list-staff-bookings";
import { ZListStaffBookingsQuerySchema, ZStaffBookingPageSchema } from "@/server/booking/list-staff-bookings-schema";
import { staffViewer } from "@/server/booking/staff-booking-response";
import { idempotencyKeyFrom } from "@/server/coordinator/create-booking-request";
import { ZCreateOpsBookingRequestSchema } from "@/server/coordinator/create-ops-booking";
import { takeOpsBooking } from "@/server/coordinator/create-ops-booking-response";
import { ZCreateOpsBookingResponseSchema } from "@/server/coordinator/create-ops-booking-response-schema";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { coordinatorDepsOf } from "@/server/runtime/coordinator-deps-of";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };
// GET /api/ops/bookings – a restaurant's bookings (a local day, statuses, a search), keyset-paged, each with the
// events this member of staff may send now. Another restaurant answers 404.
export const GET = withRoute(
  {
    name: "ops.bookings.list",
    summary: "A restaurant's bookings (local day, statuses, search), keyset-paged, with the events you may send",
    auth: staffAuth(),
    audience: "staff",
    query: ZListStaffBookingsQuerySchema,
    response: ZStaffBookingPageSchema,
  },
  async ({ auth: actor, query }) => {
    const membership = requireRestaurantRole(actor, query.restaurantId, "host");
    const page = await listStaffBookings((await getRuntime()).db.kysely, {
      query,
      timezone: membership.timezone,
      viewer: staffViewer({ staffId: actor.id, role: membership.role }),
    });
    return Response.json(page, { headers: NO_STORE });
  },
);

// POST /api/ops/bookings – staff take a walk-in or a phone booking (Idempotency-Key): the coordinator's path, as
// themselves; `seatNow` seats a walk-in on the best plan at once or refuses (NO_TABLE_NOW) writing nothing.
export const POST = withRoute(
  {
    name: "ops.bookings.create",
    summary: "Take a walk-in or phone booking; seatNow seats a walk-in on the best plan at once",
    auth: staffAuth(),
    audience: "staff",
    body: ZCreateOpsBookingRequestSchema,
    response: ZCreateOpsBookingResponseSchema,
    successStatus: 201,
    idempotent: true,
  },
  async ({ auth: actor, body, request }) => {
    const { role } = requireRestaurantRole(actor, body.restaurantId, "host");
    const viewer = staffViewer({ staffId: actor.id, role });
    const idempotencyKey = idempotencyKeyFrom(request.headers);
    const deps = coordinatorDepsOf(await getRuntime());
    const { status, body: answer } = await takeOpsBooking(deps, { request: body, viewer, idempotencyKey });
    return Response.json(answer, { status, headers: NO_STORE });
  },
);
