import { ZRevokedApiKeyResponseSchema } from "@/server/auth/api-key-schema";
import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { revokeApiKey } from "@/server/auth/revoke-api-key";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// DELETE /api/ops/restaurants/{id}/api-keys/{keyId} – a manager revokes a key: 200 with its metadata (revokedAt
// set), the same answer on every repeat. The next request with the key, on any instance, is 401 (no key cache).
// Another restaurant's key id: 404, as for one that does not exist.
export const DELETE = withRoute(
  {
    name: "ops.apiKeys.revoke",
    summary: "Revoke a booking-client API key: refused from the next request on (manager)",
    auth: staffAuth(),
    audience: "staff",
    response: ZRevokedApiKeyResponseSchema,
  },
  async ({ auth: actor, params, log }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const revoked = await revokeApiKey(runtime.db.kysely, { restaurantId, keyId: String(params.keyId) });
    log.info({ restaurantId, apiKeyId: revoked.id, staffId: actor.id }, "api key revoked");
    return Response.json(revoked, { headers: { "cache-control": "no-store" } });
  },
);
