import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { exportGuest } from "@/server/guests/export-guest";
import { ZGuestExportSchema } from "@/server/guests/guest-schema";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// GET /api/ops/restaurants/{id}/guests/{guestId}/export – a manager downloads everything held about one guest
// (subject-access request) as a JSON attachment. Hosts: 403; another restaurant's guest: 404.
export const GET = withRoute(
  {
    name: "ops.guests.export",
    summary: "Export one guest and their bookings as a JSON file (manager)",
    auth: staffAuth(),
    audience: "staff",
    response: ZGuestExportSchema,
  },
  async ({ auth: actor, params, log }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const guestId = String(params.guestId);
    const data = await exportGuest(runtime.db.kysely, { restaurantId, guestId, now: new Date() });
    log.info({ restaurantId, guestId, staffId: actor.id }, "guest exported");
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="guest-${data.guest.id}.json"`,
        "cache-control": "no-store",
      },
    });
  },
);
