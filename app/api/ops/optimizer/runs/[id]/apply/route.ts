import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { applyOptimizerRun } from "@/server/optimizer/apply-optimizer-run";
import { findOptimizerRunRow } from "@/server/optimizer/find-optimizer-run";
import {
  ZApplyOptimizerRunRequestSchema,
  ZApplyOptimizerRunResponseSchema,
} from "@/server/optimizer/optimizer-run-schema";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// POST /api/ops/optimizer/runs/{id}/apply {expectedRunVersion, moveIds?} – moves the chosen bookings (all when
// moveIds is left out) in ONE fenced write, a history row each. 409 OPTIMIZER_RUN_STALE (with the bookings that
// changed) when the day moved on since the preview: nothing is written.
export const POST = withRoute(
  {
    name: "ops.optimizer.runs.apply",
    summary: "Apply an optimizer run's moves (all or some) as one fenced write",
    auth: staffAuth(),
    audience: "staff",
    body: ZApplyOptimizerRunRequestSchema,
    response: ZApplyOptimizerRunResponseSchema,
  },
  async ({ auth: actor, params, body }) => {
    const runtime = await getRuntime();
    const row = await findOptimizerRunRow(runtime.db.kysely, String(params.id));
    requireRestaurantRole(actor, row.restaurant_id, "manager");
    const applied = await applyOptimizerRun({
      db: runtime.db,
      restaurantId: row.restaurant_id,
      runId: row.id,
      expectedRunVersion: body.expectedRunVersion,
      moveIds: body.moveIds,
      appliedBy: `${actor.name} (staff ${actor.id})`,
    });
    return Response.json(applied, { headers: { "cache-control": "no-store" } });
  },
);
