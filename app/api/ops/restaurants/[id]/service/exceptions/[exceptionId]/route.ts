import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { removeServiceException } from "@/server/setup/service/remove-service-exception";
import {
  ZRemoveServiceExceptionQuerySchema,
  ZServiceSettingsSchema,
} from "@/server/setup/service/service-settings-schema";

export const dynamic = "force-dynamic";

// DELETE /api/ops/restaurants/{id}/service/exceptions/{exceptionId}?expectedRulesVersion=N – the date goes back to
// its weekly hours; answers the settings as they are now. Unknown or another restaurant's exception: 404.
export const DELETE = withRoute(
  {
    name: "ops.service.exceptions.remove",
    summary: "Remove a date exception (manager)",
    auth: staffAuth(),
    audience: "staff",
    query: ZRemoveServiceExceptionQuerySchema,
    response: ZServiceSettingsSchema,
  },
  async ({ auth: actor, params, query, log }) => {
    const restaurantId = String(params.id);
    const exceptionId = String(params.exceptionId);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const settings = await removeServiceException(runtime.db, {
      restaurantId,
      exceptionId,
      expectedRulesVersion: query.expectedRulesVersion,
    });
    log.info({ restaurantId, exceptionId, staffId: actor.id }, "service exception removed");
    return Response.json(settings, { headers: { "cache-control": "no-store" } });
  },
);
