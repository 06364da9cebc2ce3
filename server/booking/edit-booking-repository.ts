import { sql } from "kysely";
import type { Tx } from "@/server/infra/db/open-db";
import type { ActorType } from "@/server/infra/db/schema";
import { firstResult, type TBookingWriteResult } from "./booking-repository";
import { mapDbErrors } from "./map-db-error";

export type TEditBookingWrite = {
  bookingId: string;
  expectedVersion: number;
  /** startsAt/endsAt/partySize/servicePeriodId together (a new window), and/or notes (null clears them). */
  changes: Record<string, unknown>;
  actor: { type: ActorType; id: string | null };
  metadata: Record<string, unknown>;
  /** The machine's step that releases tables which no longer fit (UNASSIGN), or null when none applies. */
  misfit: { to: string; event: string; reason: string } | null;
};

/** edit_booking (migration 20261130000100): the edit, the tables re-checked, one history row per version. */
export async function callEditBooking(
  tx: Tx,
  write: TEditBookingWrite,
): Promise<TBookingWriteResult & { keptTables: boolean | null }> {
  const result = await mapDbErrors(() =>
    sql<{ result: TBookingWriteResult & { keptTables: boolean | null } }>`select edit_booking(
      ${write.bookingId}::uuid, ${write.expectedVersion}::integer, ${JSON.stringify(write.changes)}::jsonb,
      ${write.actor.type}, ${write.actor.id}, ${JSON.stringify(write.metadata)}::jsonb,
      ${write.misfit?.to ?? null}, ${write.misfit?.event ?? null}, ${write.misfit?.reason ?? null}) as result`.execute(
      tx,
    ),
  );
  return firstResult(result.rows);
}
