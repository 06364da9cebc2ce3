import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import {
  ZFloorPlanResponseSchema,
  ZSaveFloorPlanRequestSchema,
  ZSaveFloorPlanResponseSchema,
} from "@/server/setup/floor/floor-plan-schema";
import { loadFloorPlan } from "@/server/setup/floor/load-floor-plan";
import { saveFloorPlan } from "@/server/setup/floor/save-floor-plan";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// GET /api/ops/restaurants/{id}/floor-plan – a manager reads the room for the editor: zones, tables, links and the
// venueVersion to save against. Hosts: 403; a restaurant the caller is not a member of: 404.
export const GET = withRoute(
  {
    name: "ops.floorPlan.get",
    summary: "Read the restaurant's floor plan (zones, tables, links) with its venue version (manager)",
    auth: staffAuth(),
    audience: "staff",
    response: ZFloorPlanResponseSchema,
  },
  async ({ auth: actor, params }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    return Response.json(await loadFloorPlan(runtime.db.kysely, restaurantId), { headers: NO_STORE });
  },
);

// PUT /api/ops/restaurants/{id}/floor-plan {zones, tables, adjacency, expectedVenueVersion} – saves the whole room
// in one versioned write. 409 STALE (with `current`) when someone saved first; 409 STRANDS_BOOKINGS (with
// `stranded`) when future bookings would lose their tables; 422 FLOOR_PLAN_INVALID naming the broken rows.
export const PUT = withRoute(
  {
    name: "ops.floorPlan.save",
    summary: "Save the restaurant's floor plan as one versioned write (manager)",
    auth: staffAuth(),
    audience: "staff",
    body: ZSaveFloorPlanRequestSchema,
    response: ZSaveFloorPlanResponseSchema,
  },
  async ({ auth: actor, params, body, log }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const { expectedVenueVersion, ...plan } = body;
    const saved = await saveFloorPlan(runtime.db, {
      restaurantId,
      expectedVenueVersion,
      plan,
      actor: `staff:${actor.id}`,
    });
    log.info({ restaurantId, venueVersion: saved.floorPlan.venueVersion, staffId: actor.id }, "floor plan saved");
    return Response.json({ ...saved.floorPlan, idMap: saved.idMap }, { headers: NO_STORE });
  },
);
