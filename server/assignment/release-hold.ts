import type { TBookingActor } from "@/server/booking/machine";
import type { Db, Tx } from "@/server/infra/db/open-db";
import { callReleaseHold, findHoldBooking, type TReleaseHoldResult } from "./assignment-repository";

export type TReleaseHoldInput = { restaurantId: string; holdId: string; actor: TBookingActor };

/**
 * Frees a hold's tables now instead of at expiry. Idempotent: a hold that is already gone (or belongs to another
 * restaurant) reports `released: false`.
 */
export async function releaseHold({ db, ...input }: TReleaseHoldInput & { db: Db }): Promise<TReleaseHoldResult> {
  return db.transaction((tx) => releaseHoldInTx(tx, input));
}

export async function releaseHoldInTx(tx: Tx, input: TReleaseHoldInput): Promise<TReleaseHoldResult> {
  const hold = await findHoldBooking(tx, { holdId: input.holdId, restaurantId: input.restaurantId });
  if (!hold) return { holdId: input.holdId, released: false };
  return callReleaseHold(tx, { holdId: input.holdId });
}
