import { sql } from "kysely";
import { z } from "zod";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import type { TApiKeyItem } from "./api-key-schema";
import { validKeys } from "./authenticate-api-key";
import { API_KEY_ITEM_COLUMNS, toApiKeyItem } from "./list-api-keys";

const ZKeyId = z.uuid();

/**
 * Revokes one of the restaurant's keys and returns its metadata. Idempotent: revoking a revoked key keeps its first
 * revokedAt. Takes effect at once on this instance (its cache of valid keys is cleared) and within a second on
 * every other (authenticateApiKey remembers a valid key for a second), so the key is UNAUTHENTICATED everywhere.
 * Another restaurant's key, and an id that is not a key id at all, are NOT_FOUND alike.
 */
export async function revokeApiKey(
  db: Queryable,
  { restaurantId, keyId }: { restaurantId: string; keyId: string },
): Promise<TApiKeyItem> {
  if (!ZKeyId.safeParse(keyId).success) throw keyNotFound(keyId);
  const row = await db
    .updateTable("api_keys")
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where("id", "=", keyId)
    .where("restaurant_id", "=", restaurantId)
    .returning([...API_KEY_ITEM_COLUMNS])
    .executeTakeFirst();
  if (!row) throw keyNotFound(keyId);
  validKeys.clear();
  return toApiKeyItem(row);
}

function keyNotFound(keyId: string): DomainError {
  return new DomainError("NOT_FOUND", `API key ${keyId} not found`, {
    hint: "List the restaurant's API keys (GET …/api-keys) and use one of their ids",
  });
}
