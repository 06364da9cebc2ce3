import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { findGuestDetail } from "@/server/guests/find-guest-detail";
import { ZGuestDetailSchema, ZGuestUpdateRequestSchema } from "@/server/guests/guest-schema";
import { updateGuest } from "@/server/guests/update-guest";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// GET /api/ops/restaurants/{id}/guests/{guestId} – the guest and their bookings (any member of staff). A duplicate
// merged into another record answers as that record. Another restaurant's guest: 404.
export const GET = withRoute(
  {
    name: "ops.guests.get",
    summary: "Read one guest with their bookings",
    auth: staffAuth(),
    audience: "staff",
    response: ZGuestDetailSchema,
  },
  async ({ auth: actor, params }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "host");
    const runtime = await getRuntime();
    const guest = await findGuestDetail(runtime.db.kysely, {
      restaurantId,
      guestId: String(params.guestId),
      now: new Date(),
    });
    return Response.json(guest, { headers: NO_STORE });
  },
);

// PATCH /api/ops/restaurants/{id}/guests/{guestId} {notes?, tags?} – any member of staff sets the guest's notes and
// tags (what the floor needs to know). A malformed body: 400; unacceptable values: 422 GUEST_INVALID, nothing saved.
export const PATCH = withRoute(
  {
    name: "ops.guests.update",
    summary: "Set a guest's notes and tags (suggested: VIP, Allergy, Regular, Birthday, Accessibility)",
    auth: staffAuth(),
    audience: "staff",
    body: ZGuestUpdateRequestSchema,
    response: ZGuestDetailSchema,
  },
  async ({ auth: actor, params, body, log }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "host");
    const runtime = await getRuntime();
    const guestId = String(params.guestId);
    const guest = await updateGuest(runtime.db, { restaurantId, guestId, changes: body, now: new Date() });
    log.info({ restaurantId, guestId, staffId: actor.id }, "guest notes/tags updated");
    return Response.json(guest, { headers: NO_STORE });
  },
);
