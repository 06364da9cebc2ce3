import { type Insertable, sql } from "kysely";
import {
  firstResult,
  stepsJson,
  type TBookingWriteResult,
  type TTransitionStep,
} from "@/server/booking/booking-repository";
import { mapDbErrors } from "@/server/booking/map-db-error";
import type { Queryable, Tx } from "@/server/infra/db/open-db";
import type { ActorType, AssignmentAttemptsTable, BookingStatus } from "@/server/infra/db/schema";
import { contextFingerprint } from "./compute-context-version";

/**
 * Thin typed wrappers of the atomic SQL functions (supabase/migrations/20261122000310_*). They take the caller's
 * transaction, pass what the machine decided, and map SQLSTATEs to domain errors. No rules here.
 */

type TActorRef = { type: ActorType; id: string | null };

export type TAssignmentWrite = {
  bookingId: string;
  expectedVersion: number;
  to: BookingStatus;
  event: string;
  actor: TActorRef;
  reason?: string | null;
  metadata?: Record<string, unknown>;
  assignmentFailures?: number | null;
};

export type TAssignmentWriteResult = TBookingWriteResult & { assignmentGroup: string };

const json = (value: Record<string, unknown> | undefined) => JSON.stringify(value ?? {});

/**
 * commit_assignment. `attempt`: an assignment_attempts row written by the same statement (a data-modifying CTE:
 * it commits or rolls back with the assignment, and costs no extra round trip).
 */
export async function callCommitAssignment(
  tx: Tx,
  write: TAssignmentWrite & {
    tableIds: readonly string[];
    followedBy?: readonly TTransitionStep[];
    attempt?: Insertable<AssignmentAttemptsTable>;
  },
): Promise<TAssignmentWriteResult> {
  const call = sql<TAssignmentWriteResult>`commit_assignment(
      ${write.bookingId}::uuid, ${write.expectedVersion}::integer, ${[...write.tableIds]}::uuid[], ${write.to},
      ${write.event}, ${write.actor.type}, ${write.actor.id}, ${write.reason ?? null}, ${json(write.metadata)}::jsonb,
      ${write.assignmentFailures ?? null}::integer, ${stepsJson(write.followedBy)}::jsonb)`.as("result");
  const { attempt } = write;
  const rows = await mapDbErrors(() =>
    attempt
      ? tx
          .with("attempt", (db) => db.insertInto("assignment_attempts").values(attempt))
          .selectNoFrom(call)
          .execute()
      : tx.selectNoFrom(call).execute(),
  );
  return firstResult(rows);
}

export type THoldResult = {
  holdId: string;
  bookingId: string;
  restaurantId: string;
  tableIds: string[];
  expiresAt: string;
  ttlSeconds: number;
  contextVersion: number;
};

export async function callCreateHold(
  tx: Queryable,
  write: {
    bookingId: string;
    expectedVersion: number | null;
    tableIds: readonly string[];
    source: "manual" | "auto_quote";
    createdBy: string;
    ttlSeconds: number | null;
    plan?: Record<string, unknown>;
    /** A manager's override of policy checks (`waive`: check names), re-applied at confirm and kept in history. */
    override?: Record<string, unknown> | null;
  },
): Promise<THoldResult> {
  const { rows } = await mapDbErrors(() =>
    sql<{ result: THoldResult }>`select create_hold(
      ${write.bookingId}::uuid, ${write.expectedVersion}::integer, ${[...write.tableIds]}::uuid[], ${write.source},
      ${write.createdBy}, ${write.ttlSeconds}::integer, ${json(write.plan)}::jsonb,
      ${write.override ? JSON.stringify(write.override) : null}::jsonb) as result`.execute(tx),
  );
  const result = firstResult(rows);
  return { ...result, expiresAt: new Date(result.expiresAt).toISOString() };
}

export type TConfirmHoldResult = TAssignmentWriteResult & { holdId: string };

export async function callConfirmHold(
  tx: Tx,
  write: Omit<TAssignmentWrite, "bookingId" | "expectedVersion"> & {
    holdId: string;
    expectedVersion: number | null;
    followedBy?: readonly TTransitionStep[];
  },
): Promise<TConfirmHoldResult> {
  const { rows } = await mapDbErrors(() =>
    sql<{ result: TConfirmHoldResult }>`select confirm_hold(
      ${write.holdId}::uuid, ${write.expectedVersion}::integer, ${write.to}, ${write.event}, ${write.actor.type},
      ${write.actor.id}, ${write.reason ?? null}, ${json(write.metadata)}::jsonb,
      ${write.assignmentFailures ?? null}::integer, ${stepsJson(write.followedBy)}::jsonb) as result`.execute(tx),
  );
  return firstResult(rows);
}

export type TReleaseHoldResult = { holdId: string; bookingId?: string; released: boolean };

export async function callReleaseHold(tx: Tx, { holdId }: { holdId: string }): Promise<TReleaseHoldResult> {
  const { rows } = await mapDbErrors(() =>
    sql<{ result: TReleaseHoldResult }>`select release_hold(${holdId}::uuid) as result`.execute(tx),
  );
  return firstResult(rows);
}

export type TUnassignResult = TBookingWriteResult & { removedTableIds: string[] };

export async function callUnassignTables(
  tx: Tx,
  write: TAssignmentWrite & { tableIds: readonly string[] | null },
): Promise<TUnassignResult> {
  const tableIds = write.tableIds === null ? null : [...write.tableIds];
  const { rows } = await mapDbErrors(() =>
    sql<{ result: TUnassignResult }>`select unassign_tables(
      ${write.bookingId}::uuid, ${write.expectedVersion}::integer, ${tableIds}::uuid[], ${write.to}, ${write.event},
      ${write.actor.type}, ${write.actor.id}, ${write.reason ?? null}, ${json(write.metadata)}::jsonb) as result`.execute(
      tx,
    ),
  );
  return firstResult(rows);
}

/** One rule's outcome as maitre_selection_checks reports it. */
export type TRawSelectionCheck = {
  check: string;
  ok: boolean;
  sqlstate: string | null;
  message: string;
  detail: Record<string, unknown>;
};

export async function callSelectionChecks(
  db: Queryable,
  { bookingId, tableIds }: { bookingId: string; tableIds: readonly string[] },
): Promise<TRawSelectionCheck[]> {
  return (await callSelectionChecksWithContext(db, { bookingId, tableIds, withContext: false })).checks;
}

/** The checks and, in the same statement (`withContext`), the booking's context fingerprint (compute-context-version). */
export async function callSelectionChecksWithContext(
  db: Queryable,
  { bookingId, tableIds, withContext }: { bookingId: string; tableIds: readonly string[]; withContext: boolean },
): Promise<{ checks: TRawSelectionCheck[]; fingerprint: string | null }> {
  const context = withContext ? contextFingerprint(bookingId) : sql<null>`null`;
  const { rows } = await mapDbErrors(() =>
    sql<{ result: TRawSelectionCheck[]; fingerprint: string | null }>`select maitre_selection_checks(
      ${bookingId}::uuid, ${[...tableIds]}::uuid[]) as result, ${context} as fingerprint`.execute(db),
  );
  return { checks: firstResult(rows), fingerprint: rows[0]?.fingerprint ?? null };
}

export async function callSweepExpiredHolds(db: Queryable, { limit }: { limit: number }): Promise<number> {
  const { rows } = await sql<{ result: number }>`select sweep_expired_holds(${limit}::integer) as result`.execute(db);
  return Number(firstResult(rows));
}

export async function findHoldBooking(
  db: Queryable,
  { holdId, restaurantId }: { holdId: string; restaurantId: string },
): Promise<{ bookingId: string; tableIds: string[]; expiresAt: Date } | undefined> {
  const row = await mapDbErrors(() =>
    db
      .selectFrom("holds")
      .select(["booking_id", "table_ids", "expires_at"])
      .where("id", "=", holdId)
      .where("restaurant_id", "=", restaurantId)
      .executeTakeFirst(),
  );
  return row && { bookingId: row.booking_id, tableIds: row.table_ids, expiresAt: row.expires_at };
}
