import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { savePlannerPolicy } from "@/server/setup/service/save-planner-policy";
import {
  ZSavePlannerPolicyRequestSchema,
  ZServiceSettingsSchema,
} from "@/server/setup/service/service-settings-schema";

export const dynamic = "force-dynamic";

// PUT /api/ops/restaurants/{id}/service/planner-policy {expectedVenueVersion, policy, weights} – the planner's
// policy and strategy weights, validated by the planner's own schemas; bumps venue_version (409 STALE if stale).
export const PUT = withRoute(
  {
    name: "ops.service.plannerPolicy.save",
    summary: "Save the planner policy and strategy weights (manager)",
    auth: staffAuth(),
    audience: "staff",
    body: ZSavePlannerPolicyRequestSchema,
    response: ZServiceSettingsSchema,
  },
  async ({ auth: actor, params, body, log }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const settings = await savePlannerPolicy(runtime.db, { restaurantId, request: body });
    log.info({ restaurantId, venueVersion: settings.venueVersion, staffId: actor.id }, "planner policy saved");
    return Response.json(settings, { headers: { "cache-control": "no-store" } });
  },
);
