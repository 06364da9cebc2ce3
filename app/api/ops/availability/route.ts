import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { getOpsAvailability } from "@/server/availability/get-ops-availability";
import {
  ZOpsAvailabilityQuerySchema,
  ZOpsAvailabilityResponseSchema,
} from "@/server/availability/ops-availability-schema";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// GET /api/ops/availability?restaurantId=&date= – staff (host or above) read one local day of a restaurant: every
// table's timeline (bookings, holds, free, out of service) and the zone × 15-minute heatmap (seats in use, covers
// starting against the pacing caps). A restaurant the caller is not a member of: 404.
export const GET = withRoute(
  {
    name: "ops.availability.read",
    summary: "Timeline per table and zone × 15-minute heatmap of one restaurant-day",
    auth: staffAuth(),
    audience: "staff",
    query: ZOpsAvailabilityQuerySchema,
    response: ZOpsAvailabilityResponseSchema,
  },
  async ({ auth: actor, query }) => {
    requireRestaurantRole(actor, query.restaurantId, "host");
    const runtime = await getRuntime();
    const day = await getOpsAvailability({
      db: runtime.db.kysely,
      restaurantId: query.restaurantId,
      date: query.date,
      now: new Date(),
    });
    // Changes with every booking and hold: a cached copy would show a stale floor.
    return Response.json(day, { headers: { "cache-control": "no-store" } });
  },
);
