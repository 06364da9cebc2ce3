import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { readServiceSettings } from "@/server/setup/service/read-service-settings";
import { saveServiceSettings } from "@/server/setup/service/save-service-settings";
import {
  ZSaveServiceRequestSchema,
  ZSaveServiceResponseSchema,
  ZServiceSettingsSchema,
} from "@/server/setup/service/service-settings-schema";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// GET /api/ops/restaurants/{id}/service – a manager reads the service hours, date exceptions, booking window and
// planner policy, with the versions a save must name. Hosts: 403; a restaurant the caller is not a member of: 404.
export const GET = withRoute(
  {
    name: "ops.service.read",
    summary: "Service periods, date exceptions, booking window and planner policy (manager)",
    auth: staffAuth(),
    audience: "staff",
    response: ZServiceSettingsSchema,
  },
  async ({ auth: actor, params }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const settings = await readServiceSettings(runtime.db.kysely, { restaurantId });
    return Response.json(settings, { headers: NO_STORE });
  },
);

// PUT /api/ops/restaurants/{id}/service {expectedRulesVersion, periods?, bookingHorizonDays?, bookingCutoffMinutes?}
// – one versioned write of the weekly periods and the booking window: 409 STALE with the current settings, 422 with
// the field, 409 PERIOD_HAS_BOOKINGS for a removed service with upcoming bookings; nothing written on refusal.
export const PUT = withRoute(
  {
    name: "ops.service.save",
    summary: "Save the weekly service periods and booking window as one versioned write (manager)",
    auth: staffAuth(),
    audience: "staff",
    body: ZSaveServiceRequestSchema,
    response: ZSaveServiceResponseSchema,
  },
  async ({ auth: actor, params, body, log }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const saved = await saveServiceSettings(runtime.db, { restaurantId, request: body });
    log.info({ restaurantId, rulesVersion: saved.rulesVersion, staffId: actor.id }, "service settings saved");
    return Response.json(saved, { headers: NO_STORE });
  },
);
