import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { replayDays } from "@/server/lab/replay-days";
import { ZReplayResponseSchema, ZStartReplayRequestSchema } from "@/server/lab/replay-schema";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";
// Up to 31 days: the replays take milliseconds a day, the exact optimum is time-boxed to about 40 s in all.
export const maxDuration = 60;

// POST /api/ops/lab/replays – the strategy lab (manager and up): recorded days replayed in arrival order with the
// current planner configuration and a candidate one, beside what happened and the exact optimum. Writes nothing.
export const POST = withRoute(
  {
    name: "ops.lab.replays.run",
    summary: "Replay recorded days with the current and a candidate planner configuration (writes nothing)",
    auth: staffAuth(),
    audience: "staff",
    body: ZStartReplayRequestSchema,
    response: ZReplayResponseSchema,
  },
  async ({ auth: actor, body }) => {
    requireRestaurantRole(actor, body.restaurantId, "manager");
    const runtime = await getRuntime();
    const result = await replayDays(runtime.db.kysely, {
      restaurantId: body.restaurantId,
      from: body.from,
      to: body.to,
      config: body.config ?? null,
    });
    return Response.json(result, { headers: { "cache-control": "no-store" } });
  },
);
