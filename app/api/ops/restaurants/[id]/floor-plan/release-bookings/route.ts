import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { staffBookingActor } from "@/server/http/staff-booking-access";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { ZReleaseBookingsRequestSchema, ZReleaseBookingsResponseSchema } from "@/server/setup/floor/floor-plan-schema";
import { releaseBookingsForFloorPlan } from "@/server/setup/floor/release-bookings-for-floor-plan";

export const dynamic = "force-dynamic";

// POST /api/ops/restaurants/{id}/floor-plan/release-bookings {bookingIds} – the editor's "move these bookings to
// review": each loses its tables and goes to manual review (one history row each), all or nothing, so the
// manager can save the plan that would have stranded them and re-seat them from the review queue.
export const POST = withRoute(
  {
    name: "ops.floorPlan.releaseBookings",
    summary: "Take the listed bookings off their tables and send them to manual review (manager)",
    auth: staffAuth(),
    audience: "staff",
    body: ZReleaseBookingsRequestSchema,
    response: ZReleaseBookingsResponseSchema,
  },
  async ({ auth: actor, params, body, log }) => {
    const restaurantId = String(params.id);
    const membership = requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const released = await releaseBookingsForFloorPlan({
      db: runtime.db,
      restaurantId,
      bookingIds: body.bookingIds,
      actor: staffBookingActor(actor, membership),
    });
    log.info(
      { restaurantId, bookings: released.length, staffId: actor.id },
      "bookings released for a floor plan change",
    );
    return Response.json({ released }, { headers: { "cache-control": "no-store" } });
  },
);
