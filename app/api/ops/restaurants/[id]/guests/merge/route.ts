import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { ZMergeGuestsRequestSchema, ZMergeGuestsResponseSchema } from "@/server/guests/guest-schema";
import { mergeGuests } from "@/server/guests/merge-guests";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// POST /api/ops/restaurants/{id}/guests/merge {sourceGuestIds, targetGuestId} – a manager merges duplicates into
// one guest in one transaction: bookings re-pointed, tags and notes combined, the sources point at the target.
// Hosts: 403; a guest of another restaurant: 404 and nothing changes.
export const POST = withRoute(
  {
    name: "ops.guests.merge",
    summary: "Merge duplicate guests into one (manager)",
    auth: staffAuth(),
    audience: "staff",
    body: ZMergeGuestsRequestSchema,
    response: ZMergeGuestsResponseSchema,
  },
  async ({ auth: actor, params, body, log }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const merged = await mergeGuests(runtime.db, { restaurantId, ...body, now: new Date() });
    log.info({ restaurantId, ...body, moved: merged.movedBookings, staffId: actor.id }, "guests merged");
    return Response.json(merged, { headers: { "cache-control": "no-store" } });
  },
);
