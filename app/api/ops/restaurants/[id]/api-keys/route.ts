import {
  ZApiKeyListResponseSchema,
  ZCreateApiKeyRequestSchema,
  ZCreatedApiKeyResponseSchema,
} from "@/server/auth/api-key-schema";
import { createApiKey } from "@/server/auth/create-api-key";
import { listApiKeys } from "@/server/auth/list-api-keys";
import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// GET /api/ops/restaurants/{id}/api-keys – a manager lists the restaurant's booking-client keys (metadata only:
// never a key or its hash). Hosts: 403; a restaurant the caller is not a member of: 404.
export const GET = withRoute(
  {
    name: "ops.apiKeys.list",
    summary: "List the restaurant's booking-client API keys (manager)",
    auth: staffAuth(),
    audience: "staff",
    response: ZApiKeyListResponseSchema,
  },
  async ({ auth: actor, params }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const items = await listApiKeys(runtime.db.kysely, { restaurantId });
    return Response.json({ items }, { headers: NO_STORE });
  },
);

// POST /api/ops/restaurants/{id}/api-keys {name, scopes?} – a manager issues a key: 201 with the key, shown only
// in this answer (only its hash is stored). No Idempotency-Key replay: it would have to store the key in clear.
export const POST = withRoute(
  {
    name: "ops.apiKeys.create",
    summary: "Issue a booking-client API key; the key is shown only in this answer (manager)",
    auth: staffAuth(),
    audience: "staff",
    body: ZCreateApiKeyRequestSchema,
    response: ZCreatedApiKeyResponseSchema,
    successStatus: 201,
  },
  async ({ auth: actor, params, body, log }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const created = await createApiKey(runtime.db.kysely, { restaurantId, name: body.name, scopes: body.scopes });
    log.info({ restaurantId, apiKeyId: created.id, prefix: created.prefix, staffId: actor.id }, "api key created");
    return Response.json(created, { status: 201, headers: NO_STORE });
  },
);
