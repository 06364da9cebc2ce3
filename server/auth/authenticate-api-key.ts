import { timingSafeEqual } from "node:crypto";
import { DomainError } from "@/server/errors/domain-error";
import { createTtlCache } from "@/server/infra/cache/create-ttl-cache";
import type { Queryable } from "@/server/infra/db/open-db";
import { apiKeyPrefix, hashApiKey } from "./api-key";
import { isDemoCredential } from "./demo-credential-policy";

export type TApiScope = "bookings:read" | "bookings:write" | "availability:read";

/** A booking client, as its API key identifies it: one restaurant, some scopes. */
export type TApiClient = { apiKeyId: string; restaurantId: string; prefix: string; scopes: string[] };

const HOW = "Send the restaurant's API key as `Authorization: Bearer mt_…` (or in an `X-Api-Key` header)";

/**
 * The booking client behind a request's API key, allowed `scope`. A missing, malformed, unknown or revoked key is
 * UNAUTHENTICATED (one answer for all: nothing tells a prober which prefixes exist); a valid key without the scope
 * is FORBIDDEN. The key is compared by its SHA-256 in constant time; only the prefix is looked up. A key found
 * valid is remembered for a second (validKeys).
 */
export async function authenticateApiKey(
  db: Queryable,
  {
    headers,
    scope,
    refuseDemoKeys,
  }: {
    headers: Headers;
    scope: TApiScope;
    /** Production: the published demo keys are refused even if a seeded database holds them. */
    refuseDemoKeys: boolean;
  },
): Promise<TApiClient> {
  const key = keyFrom(headers);
  if (!key) throw new DomainError("UNAUTHENTICATED", "this endpoint needs an API key", { hint: HOW });
  if (refuseDemoKeys && isDemoCredential({ apiKey: key })) {
    throw new DomainError("UNAUTHENTICATED", "demo API keys are refused in production", {
      hint: "Use an API key the restaurant created for your client; the demo keys are public",
    });
  }
  const hash = hashApiKey(key);
  const row = validKeys.get(hash) ?? (await findValidKey(db, { key, hash }));
  if (!row) {
    throw new DomainError("UNAUTHENTICATED", "the API key is not valid (unknown, revoked or mistyped)", {
      hint: `${HOW}; ask the restaurant for a new key if it was revoked`,
    });
  }
  if (!row.scopes.includes(scope)) {
    throw new DomainError("FORBIDDEN", `this API key may not use ${scope}`, {
      hint: "Ask the restaurant for a key with this scope",
      meta: { scope, scopes: row.scopes },
    });
  }
  return { apiKeyId: row.id, restaurantId: row.restaurant_id, prefix: row.prefix, scopes: row.scopes };
}

/**
 * Valid keys seen in the last second, by hash: a booking client's every request would otherwise spend a database
 * round trip on its key. Revocation is seen at once on the instance that revoked (it clears this) and within a
 * second on every other — the bound.
 */
export const validKeys = createTtlCache<TValidKey>({ ttlMs: 1000, max: 5000 });

type TValidKey = { id: string; restaurant_id: string; prefix: string; scopes: string[] };

/** When was the key last used, for the restaurant's key list: written at most once per key per few minutes. */
const LAST_USED_EVERY_MS = 5 * 60 * 1000;

async function findValidKey(db: Queryable, { key, hash }: { key: string; hash: string }): Promise<TValidKey | null> {
  const prefix = apiKeyPrefix(key);
  if (!prefix) return null;
  const row = await db
    .selectFrom("api_keys")
    .select(["id", "restaurant_id", "prefix", "key_hash", "scopes", "last_used_at"])
    .where("prefix", "=", prefix)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row || !sameHash(hash, row.key_hash)) return null;
  const now = Date.now();
  if (!row.last_used_at || now - new Date(row.last_used_at).getTime() > LAST_USED_EVERY_MS) {
    await db
      .updateTable("api_keys")
      .set({ last_used_at: new Date(now) })
      .where("id", "=", row.id)
      .execute();
  }
  const valid = { id: row.id, restaurant_id: row.restaurant_id, prefix: row.prefix, scopes: row.scopes };
  validKeys.set(hash, valid, now);
  return valid;
}

function keyFrom(headers: Headers): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "")?.[1];
  return bearer ?? headers.get("x-api-key")?.trim() ?? null;
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
