import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { describeOptimizerRun, findOptimizerRunRow } from "@/server/optimizer/find-optimizer-run";
import { ZOptimizerRunResponseSchema } from "@/server/optimizer/optimizer-run-schema";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// GET /api/ops/optimizer/runs/{id} – the run: status, before/after metrics, the moves in words, solver, optimal or
// gap, duration, stale or not. Manager and up of the run's restaurant; another restaurant's run is 404.
export const GET = withRoute(
  {
    name: "ops.optimizer.runs.read",
    summary: "An optimizer run: status, before/after metrics, the moves, solver, gap, whether it went stale",
    auth: staffAuth(),
    audience: "staff",
    response: ZOptimizerRunResponseSchema,
  },
  async ({ auth: actor, params }) => {
    const db = (await getRuntime()).db.kysely;
    const row = await findOptimizerRunRow(db, String(params.id));
    requireRestaurantRole(actor, row.restaurant_id, "manager");
    return Response.json(await describeOptimizerRun(db, row), { headers: { "cache-control": "no-store" } });
  },
);
