import type { Queryable } from "@/server/infra/db/open-db";
import type { TApiKeyItem } from "./api-key-schema";

/** The columns a key's metadata is made of: everything but key_hash, which never leaves the database. */
export const API_KEY_ITEM_COLUMNS = [
  "id",
  "name",
  "prefix",
  "scopes",
  "created_at",
  "last_used_at",
  "revoked_at",
] as const;

type TApiKeyItemRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

export function toApiKeyItem(row: TApiKeyItemRow): TApiKeyItem {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: [...row.scopes],
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}

/** The restaurant's API keys, newest first, revoked ones included (the list is the audit of what was issued). */
export async function listApiKeys(db: Queryable, { restaurantId }: { restaurantId: string }): Promise<TApiKeyItem[]> {
  const rows = await db
    .selectFrom("api_keys")
    .select([...API_KEY_ITEM_COLUMNS])
    .where("restaurant_id", "=", restaurantId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map(toApiKeyItem);
}
