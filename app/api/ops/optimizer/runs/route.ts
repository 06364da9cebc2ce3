import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { listOptimizerRuns } from "@/server/optimizer/list-optimizer-runs";
import {
  ZListOptimizerRunsQuerySchema,
  ZListOptimizerRunsResponseSchema,
  ZStartOptimizerRunRequestSchema,
  ZStartOptimizerRunResponseSchema,
} from "@/server/optimizer/optimizer-run-schema";
import { startOptimizerRun } from "@/server/optimizer/start-optimizer-run";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// POST /api/ops/optimizer/runs – a manager asks the optimizer to re-plan a restaurant-day (or one service): a
// preview run solved by a job; 202 {runId}. Progress arrives as `optimizer` events on the ops stream.
export const POST = withRoute(
  {
    name: "ops.optimizer.runs.start",
    summary: "Preview a re-plan of a restaurant-day with the optimizer (queued; 202 with the run id)",
    auth: staffAuth(),
    audience: "staff",
    body: ZStartOptimizerRunRequestSchema,
    response: ZStartOptimizerRunResponseSchema,
    successStatus: 202,
  },
  async ({ auth: actor, body }) => {
    requireRestaurantRole(actor, body.restaurantId, "manager");
    const runtime = await getRuntime();
    const run = await startOptimizerRun({
      db: runtime.db,
      queue: runtime.queue,
      restaurantId: body.restaurantId,
      serviceDate: body.date,
      servicePeriodId: body.service ?? null,
      solver: body.solver,
      timeLimitMs: body.timeLimitMs,
      createdBy: actor.id,
    });
    return Response.json(run, {
      status: 202,
      headers: { ...NO_STORE, location: `/api/ops/optimizer/runs/${run.runId}` },
    });
  },
);

// GET /api/ops/optimizer/runs?restaurantId=&date= – the restaurant-day's runs, newest first (manager and up).
export const GET = withRoute(
  {
    name: "ops.optimizer.runs.list",
    summary: "A restaurant-day's optimizer runs, newest first",
    auth: staffAuth(),
    audience: "staff",
    query: ZListOptimizerRunsQuerySchema,
    response: ZListOptimizerRunsResponseSchema,
  },
  async ({ auth: actor, query }) => {
    requireRestaurantRole(actor, query.restaurantId, "manager");
    const runtime = await getRuntime();
    const runs = await listOptimizerRuns(runtime.db.kysely, {
      restaurantId: query.restaurantId,
      serviceDate: query.date,
    });
    return Response.json(runs, { headers: NO_STORE });
  },
);
