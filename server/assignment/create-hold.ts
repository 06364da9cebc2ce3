import { loadBookingForTransition } from "@/server/booking/load-booking-for-transition";
import type { TBookingActor } from "@/server/booking/machine";
import { hashRequest } from "@/server/infra/crypto/hash-request";
import type { Db, Tx } from "@/server/infra/db/open-db";
import { callCreateHold, type THoldResult } from "./assignment-repository";
import { clientScope, type TIdempotentOutcome, withIdempotency } from "./idempotency";

export type TCreateHoldInput = {
  restaurantId: string;
  bookingId: string;
  tableIds: readonly string[];
  actor: TBookingActor;
  source?: "manual" | "auto_quote";
  /** 30–600 s; default the restaurant's hold_ttl_seconds (120). */
  ttlSeconds?: number;
  expectedVersion?: number;
  plan?: Record<string, unknown>;
  idempotencyKey?: string | null;
  /** A manager's override of policy checks: `{ waive: [check names], reason, … }` (create_hold keeps it). */
  override?: Record<string, unknown> | null;
  /** The caller already read the booking as this restaurant's (bookings never change restaurant): no locking read
   * first — create_hold locks the booking and re-checks its state and version itself. */
  restaurantVerified?: boolean;
};

/**
 * Holds tables for a booking for a few minutes while staff (or a guest's quote) decide. The hold blocks every
 * other booking until it expires, is released or is confirmed; a new hold for the same booking replaces it.
 */
export async function createHold({
  db,
  ...input
}: TCreateHoldInput & { db: Db }): Promise<TIdempotentOutcome<THoldResult>> {
  // One statement (create_hold is atomic on its own) instead of BEGIN, a locking read, the call and COMMIT.
  if (input.restaurantVerified && !input.idempotencyKey) {
    return { status: 201, body: await callCreateHold(db.kysely, holdWrite(input)), replayed: false };
  }
  return db.transaction((tx) => createHoldInTx(tx, input));
}

function holdWrite(input: TCreateHoldInput & { bookingId: string }) {
  return {
    bookingId: input.bookingId,
    expectedVersion: input.expectedVersion ?? null,
    tableIds: [...new Set(input.tableIds)].sort(),
    source: input.source ?? "manual",
    createdBy: `${input.actor.type}:${input.actor.id ?? "-"}`,
    ttlSeconds: input.ttlSeconds ?? null,
    plan: input.plan,
    override: input.override ?? null,
  } as const;
}

export async function createHoldInTx(tx: Tx, input: TCreateHoldInput): Promise<TIdempotentOutcome<THoldResult>> {
  const tableIds = [...new Set(input.tableIds)].sort();
  const idempotency = input.idempotencyKey
    ? {
        scope: clientScope(input.restaurantId, input.actor),
        key: input.idempotencyKey,
        requestHash: hashRequest({ op: "create_hold", bookingId: input.bookingId, tableIds, ttl: input.ttlSeconds }),
      }
    : null;
  return withIdempotency(tx, idempotency, async () => {
    // Locks the booking and hides other restaurants' bookings; state and version are re-checked in SQL.
    const { booking } = await loadBookingForTransition(tx, input);
    const hold = await callCreateHold(tx, holdWrite({ ...input, bookingId: booking.id }));
    return { status: 201, body: hold };
  });
}
