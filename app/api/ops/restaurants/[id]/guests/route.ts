import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { ZGuestListResponseSchema, ZListGuestsQuerySchema } from "@/server/guests/guest-schema";
import { listGuests } from "@/server/guests/list-guests";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// GET /api/ops/restaurants/{id}/guests?q=&page=&pageSize= – any member of staff lists the restaurant's guests by
// name, with visits, no-shows, cancellations, last visit, next booking and tags. Not a member: 404.
export const GET = withRoute(
  {
    name: "ops.guests.list",
    summary: "List or search the restaurant's guests (name, email, phone), one page at a time",
    auth: staffAuth(),
    audience: "staff",
    query: ZListGuestsQuerySchema,
    response: ZGuestListResponseSchema,
  },
  async ({ auth: actor, params, query }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "host");
    const runtime = await getRuntime();
    const page = await listGuests(runtime.db.kysely, { restaurantId, query, now: new Date() });
    return Response.json(page, { headers: { "cache-control": "no-store" } });
  },
);
