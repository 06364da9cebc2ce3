import type { Queryable } from "@/server/infra/db/open-db";
import { generateApiKey } from "./api-key";
import { API_KEY_SCOPES, type TApiKeyScope, type TCreatedApiKeyResponse } from "./api-key-schema";

/**
 * Issues a booking-client key for the restaurant. Only the key's SHA-256 and its prefix are stored; the key itself
 * is in the returned value and nowhere else, so it cannot be shown again. Deliberately not replayable with an
 * Idempotency-Key: a stored replay would keep the key in clear in idempotency_keys. A client that lost the answer
 * revokes the unseen key (it is in the list by name and prefix) and creates another.
 */
export async function createApiKey(
  db: Queryable,
  {
    restaurantId,
    name,
    scopes = [...API_KEY_SCOPES],
  }: { restaurantId: string; name: string; scopes?: readonly TApiKeyScope[] },
): Promise<TCreatedApiKeyResponse> {
  const { key, prefix, hash } = generateApiKey();
  const row = await db
    .insertInto("api_keys")
    .values({ restaurant_id: restaurantId, name, prefix, key_hash: hash, scopes: [...scopes] })
    .returning(["id", "name", "prefix", "scopes", "created_at"])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    name: row.name,
    key,
    prefix: row.prefix,
    scopes: [...row.scopes],
    createdAt: new Date(row.created_at).toISOString(),
  };
}
