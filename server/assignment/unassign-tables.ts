import { findAssignedTableIds } from "@/server/booking/booking-repository";
import { enqueueBookingEffects } from "@/server/booking/enqueue-booking-effects";
import { loadBookingForTransition } from "@/server/booking/load-booking-for-transition";
import { planBookingTransition, type TBookingEffect } from "@/server/booking/machine";
import { hashRequest } from "@/server/infra/crypto/hash-request";
import type { Db, Tx } from "@/server/infra/db/open-db";
import type { TJobRequest } from "@/server/infra/queue/job-definition";
import { callSelectionChecks, callUnassignTables, type TUnassignResult } from "./assignment-repository";
import { clientScope, type TIdempotentOutcome, withIdempotency } from "./idempotency";
import type { TTableWriteOptions } from "./table-write-options";

export type TUnassignTablesInput = TTableWriteOptions & {
  bookingId: string;
  /** Tables to remove; omitted = all of them. */
  tableIds?: readonly string[];
};

export type TUnassignTablesResult = TUnassignResult & { effects: TBookingEffect[]; jobs: TJobRequest[] };

/**
 * Removes some or all of a placed booking's tables. If the remaining tables still seat the party under the same
 * rules as an assignment, the booking keeps its status (TABLES_CHANGED); otherwise it returns to
 * assignment_pending (UNASSIGN), which releases every table and queues a new assignment.
 */
export async function unassignTables({
  db,
  ...input
}: TUnassignTablesInput & { db: Db }): Promise<TIdempotentOutcome<TUnassignTablesResult>> {
  return db.transaction((tx) => unassignTablesInTx(tx, input));
}

export async function unassignTablesInTx(
  tx: Tx,
  input: TUnassignTablesInput,
): Promise<TIdempotentOutcome<TUnassignTablesResult>> {
  const removing = input.tableIds ? [...new Set(input.tableIds)].sort() : null;
  const idempotency = input.idempotencyKey
    ? {
        scope: clientScope(input.restaurantId, input.actor),
        key: input.idempotencyKey,
        requestHash: hashRequest({ op: "unassign_tables", bookingId: input.bookingId, tableIds: removing }),
      }
    : null;
  return withIdempotency(tx, idempotency, async () => {
    const now = input.now ?? new Date();
    const { booking, context } = await loadBookingForTransition(tx, { ...input, now });
    const assigned = await findAssignedTableIds(tx, booking.id);
    const rest = removing ? assigned.filter((id) => !removing.includes(id)) : [];
    // Decided under the booking's row lock, with the same rules as an assignment; SQL re-checks the rest.
    const restSeats =
      rest.length > 0 &&
      (await callSelectionChecks(tx, { bookingId: booking.id, tableIds: rest })).every((check) => check.ok);
    const plan = planBookingTransition({
      status: booking.status,
      context,
      event: { type: restSeats ? "TABLES_CHANGED" : "UNASSIGN" },
    });
    const result = await callUnassignTables(tx, {
      bookingId: booking.id,
      expectedVersion: booking.state_version,
      tableIds: removing,
      to: plan.to,
      event: restSeats ? "TABLES_CHANGED" : "UNASSIGN",
      actor: input.actor,
      reason: input.reason ?? null,
      metadata: { ...input.metadata, at: now.toISOString() },
    });
    const jobs = await enqueueBookingEffects(tx, {
      effects: plan.effects,
      bookingId: booking.id,
      restaurantId: booking.restaurant_id,
      stateVersion: result.stateVersion,
      enqueue: input.enqueue,
    });
    return { status: 200, body: { ...result, effects: plan.effects, jobs } };
  });
}
