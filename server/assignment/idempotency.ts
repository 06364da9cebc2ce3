import { sql } from "kysely";
import { idempotencyScopeOf } from "@/server/booking/idempotency-scope";
import type { TBookingActor } from "@/server/booking/machine";
import { DomainError } from "@/server/errors/domain-error";
import type { Tx } from "@/server/infra/db/open-db";

/**
 * Stripe-style idempotency on `idempotency_keys`, inside the write's own transaction:
 * - the first request with a key claims it (PK insert), runs, and stores status + body before commit;
 * - a replay with the same request hash gets the stored status and body and writes nothing;
 * - the same key with another request is IDEMPOTENCY_KEY_REUSED;
 * - a failed write rolls back its claim too, so a retry with the same key runs again (failures are not cached);
 * - keys are per client request, never per booking: reassigning a booking later with a new key just works.
 * Concurrent requests with one key serialise on the PK insert (the second waits for the first to commit, then
 * replays); after LOCK_WAIT it gives up with IDEMPOTENCY_IN_PROGRESS.
 */
export type TIdempotencyRequest = { scope: string; key: string; requestHash: string };
export type TStoredResponse<T> = { status: number; body: T };
export type TIdempotentOutcome<T> = TStoredResponse<T> & { replayed: boolean };

const LOCK_WAIT = "5s";

/** Scope of keys sent by one client (API key, member of staff) of one restaurant: clients never share keys. */
export function clientScope(restaurantId: string, actor: TBookingActor): string {
  return `restaurant:${restaurantId}:${idempotencyScopeOf(actor)}`;
}

export async function withIdempotency<T>(
  tx: Tx,
  request: TIdempotencyRequest | null | undefined,
  run: () => Promise<TStoredResponse<T>>,
): Promise<TIdempotentOutcome<T>> {
  if (!request) {
    const response = await run();
    return { ...response, replayed: false };
  }
  if (await claimKey(tx, request)) {
    const response = await run();
    // Answer with the stored form (jsonb normalises key order), so the first answer and every replay are equal.
    const stored = await tx
      .updateTable("idempotency_keys")
      .set({ status_code: response.status, response_body: JSON.stringify(response.body ?? null) })
      .where("scope", "=", request.scope)
      .where("key", "=", request.key)
      .returning("response_body")
      .executeTakeFirstOrThrow();
    return { status: response.status, body: stored.response_body as T, replayed: false };
  }
  const stored = await tx
    .selectFrom("idempotency_keys")
    .select(["request_hash", "status_code", "response_body"])
    .where("scope", "=", request.scope)
    .where("key", "=", request.key)
    .executeTakeFirst();
  if (stored && stored.request_hash !== request.requestHash) {
    throw new DomainError("IDEMPOTENCY_KEY_REUSED", `idempotency key "${request.key}" was used for another request`, {
      meta: { key: request.key },
    });
  }
  if (!stored || stored.status_code === null) {
    throw new DomainError("IDEMPOTENCY_IN_PROGRESS", `a request with idempotency key "${request.key}" is running`, {
      meta: { key: request.key },
    });
  }
  return { status: stored.status_code, body: stored.response_body as T, replayed: true };
}

/** True when this transaction now owns the key; an expired key is deleted first and starts afresh. */
async function claimKey(tx: Tx, request: TIdempotencyRequest): Promise<boolean> {
  await tx
    .deleteFrom("idempotency_keys")
    .where("scope", "=", request.scope)
    .where("key", "=", request.key)
    .where("expires_at", "<=", sql<Date>`now()`)
    .execute();
  const previous = await sql<{ lock_timeout: string }>`select current_setting('lock_timeout') as lock_timeout`.execute(
    tx,
  );
  await sql`select set_config('lock_timeout', ${LOCK_WAIT}, true)`.execute(tx);
  try {
    const claimed = await tx
      .insertInto("idempotency_keys")
      .values({ scope: request.scope, key: request.key, request_hash: request.requestHash })
      .onConflict((oc) => oc.columns(["scope", "key"]).doNothing())
      .returning("key")
      .executeTakeFirst();
    return claimed !== undefined;
  } catch (error) {
    if ((error as { code?: unknown }).code === "55P03") {
      throw new DomainError("IDEMPOTENCY_IN_PROGRESS", `a request with idempotency key "${request.key}" is running`, {
        meta: { key: request.key },
        cause: error,
      });
    }
    throw error;
  } finally {
    const restore = previous.rows[0]?.lock_timeout ?? "0";
    // Only if the transaction is still usable; after a lock timeout it is aborted and rolls back anyway.
    await sql`select set_config('lock_timeout', ${restore}, true)`.execute(tx).catch(() => undefined);
  }
}
