import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { listReviewQueue } from "@/server/coordinator/list-review-queue";
import { ZReviewQueueQuerySchema, ZReviewQueueResponseSchema } from "@/server/coordinator/review-queue-schema";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// GET /api/ops/review?restaurantId=&date= – the manual-review queue of a restaurant-day (past bookings included),
// each booking with its reason in words and up to 3 plans the planner suggests now.
export const GET = withRoute(
  {
    name: "ops.review.list",
    summary: "The manual-review queue of a restaurant-day, with reasons and suggested plans",
    auth: staffAuth(),
    audience: "staff",
    query: ZReviewQueueQuerySchema,
    response: ZReviewQueueResponseSchema,
  },
  async ({ auth: actor, query }) => {
    const membership = requireRestaurantRole(actor, query.restaurantId, "host");
    const runtime = await getRuntime();
    const queue = await listReviewQueue(runtime.db.kysely, {
      restaurantId: query.restaurantId,
      timezone: membership.timezone,
      date: query.date,
    });
    return Response.json(queue, { headers: { "cache-control": "no-store" } });
  },
);
