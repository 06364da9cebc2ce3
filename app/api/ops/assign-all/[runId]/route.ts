import { ZAssignAllRunResponseSchema } from "@/server/coordinator/assign-all-schema";
import { findAssignAllRun } from "@/server/coordinator/find-assign-all-run";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// GET /api/ops/assign-all/{runId} – a run's progress and summary, counted from its bookings' statuses now.
// Every member of the run's restaurant may read it (host and up); another restaurant's run is 404.
export const GET = withRoute(
  {
    name: "ops.assign_all.read",
    summary: "An assign-all run's progress and summary (assigned, review, pending), from its bookings now",
    auth: staffAuth(),
    audience: "staff",
    response: ZAssignAllRunResponseSchema,
  },
  async ({ auth: actor, params }) => {
    const runtime = await getRuntime();
    const run = await findAssignAllRun(runtime.db.kysely, {
      runId: String(params.runId),
      restaurantIds: actor.memberships.map((m) => m.restaurantId),
    });
    return Response.json(run, { headers: { "cache-control": "no-store" } });
  },
);
