import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { eraseGuest } from "@/server/guests/erase-guest";
import { ZEraseGuestResponseSchema } from "@/server/guests/guest-schema";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// POST /api/ops/restaurants/{id}/guests/{guestId}/erase – a manager erases a guest for a privacy request,
// irreversibly: personal fields go from the record and its bookings; the bookings stay (times, party, status).
// Repeating it answers the first erasure. Hosts: 403; another restaurant's guest: 404.
export const POST = withRoute(
  {
    name: "ops.guests.erase",
    summary: "Erase one guest's personal data from the record and its bookings, keeping the bookings (manager)",
    auth: staffAuth(),
    audience: "staff",
    response: ZEraseGuestResponseSchema,
  },
  async ({ auth: actor, params, log }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const guestId = String(params.guestId);
    const erased = await eraseGuest(runtime.db, { restaurantId, guestId });
    log.info({ restaurantId, guestId, staffId: actor.id, bookings: erased.erasedBookings }, "guest erased");
    return Response.json(erased, { headers: { "cache-control": "no-store" } });
  },
);
