import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getInsights } from "@/server/insights/get-insights";
import { ZInsightsQuerySchema, ZInsightsResponseSchema } from "@/server/insights/insights-schema";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// GET /api/ops/insights?restaurantId=&from=&to= – a manager's charts over at most 92 local days: covers per slot
// against pacing caps and seats, utilisation by zone and hour, auto-assign outcomes, review reasons, seats
// wasted, no-shows and cancellations, planner latency. The page builds each chart's CSV from this answer.
export const GET = withRoute(
  {
    name: "ops.insights.get",
    summary: "Insights over a date range (≤ 92 days): covers, utilisation, outcomes, reviews, waste, no-shows, latency",
    auth: staffAuth(),
    audience: "staff",
    query: ZInsightsQuerySchema,
    response: ZInsightsResponseSchema,
  },
  async ({ auth: actor, query }) => {
    requireRestaurantRole(actor, query.restaurantId, "manager");
    const insights = await getInsights((await getRuntime()).db.kysely, query);
    return Response.json(insights, { headers: NO_STORE });
  },
);
