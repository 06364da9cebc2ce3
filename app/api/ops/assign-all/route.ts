import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { ZStartAssignAllRequestSchema, ZStartAssignAllResponseSchema } from "@/server/coordinator/assign-all-schema";
import { ASSIGN_ALL_JOB, startAssignAll } from "@/server/coordinator/start-assign-all";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// POST /api/ops/assign-all {restaurantId, date} – a host runs the auto-assigner over every booking of that
// restaurant-day still waiting for tables, through the job queue: 202 {runId}; follow it at GET …/{runId}.
export const POST = withRoute(
  {
    name: "ops.assign_all.start",
    summary: "Run the auto-assigner over a restaurant-day's bookings waiting for tables (queued; 202 with a run id)",
    auth: staffAuth(),
    audience: "staff",
    body: ZStartAssignAllRequestSchema,
    response: ZStartAssignAllResponseSchema,
    successStatus: 202,
  },
  async ({ auth: actor, body }) => {
    const membership = requireRestaurantRole(actor, body.restaurantId, "host");
    const runtime = await getRuntime();
    const { runId, total } = await startAssignAll({
      db: runtime.db,
      enqueue: runtime.queue.enqueue,
      restaurantId: body.restaurantId,
      timezone: membership.timezone,
      serviceDate: body.date,
      createdBy: actor.id,
    });
    if (total > 0) runtime.queue.announce(ASSIGN_ALL_JOB);
    return Response.json(
      { runId },
      { status: 202, headers: { location: `/api/ops/assign-all/${runId}`, "cache-control": "no-store" } },
    );
  },
);
