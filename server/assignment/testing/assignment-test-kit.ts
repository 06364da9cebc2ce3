import { sql } from "kysely";
import { expect } from "vitest";
import type { TBookingActor } from "@/server/booking/machine";
import { type DomainError, isDomainError } from "@/server/errors/domain-error";
import type { ErrorCode } from "@/server/errors/error-codes";
import type { Db, Queryable, Tx } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";

/** Shared helpers for the booking/assignment integration suites. */

export const host: TBookingActor = { type: "staff", id: "host-1", role: "host" };
export const manager: TBookingActor = { type: "staff", id: "manager-1", role: "manager" };
export const coordinator: TBookingActor = { type: "coordinator", id: "worker-1" };
export const system: TBookingActor = { type: "system", id: "seed" };

/** Awaits a rejection with the given domain code and returns the error for further assertions. */
export async function expectDomainError(run: Promise<unknown>, code: ErrorCode): Promise<DomainError> {
  try {
    await run;
  } catch (error) {
    if (isDomainError(error)) {
      expect(error.code, error.message).toBe(code);
      return error;
    }
    throw error;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}

export async function bookingState(db: Queryable, bookingId: string) {
  return db
    .selectFrom("bookings")
    .select(["status", "state_version", "assignment_failures", "review_reason"])
    .where("id", "=", bookingId)
    .executeTakeFirstOrThrow();
}

export async function historyOf(db: Queryable, bookingId: string) {
  return db
    .selectFrom("booking_state_history")
    .select(["from_status", "to_status", "event", "actor_type", "actor_id", "version", "reason", "metadata"])
    .where("booking_id", "=", bookingId)
    .orderBy("version")
    .execute();
}

/** Table ids of a booking's allocations of one kind, sorted. */
export async function tablesOf(db: Queryable, bookingId: string, kind: "assignment" | "hold" = "assignment") {
  const rows = await db
    .selectFrom("allocations")
    .select("table_id")
    .where("booking_id", "=", bookingId)
    .where("kind", "=", kind)
    .orderBy("table_id")
    .execute();
  return rows.map((r) => r.table_id);
}

export async function countRows(db: Queryable, table: "allocations" | "booking_state_history" | "holds") {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function sortedIds(ids: Record<string, string>, labels: string[]): string[] {
  return labels.map((label) => ids[label] as string).sort();
}

export type TSettled<T> = PromiseSettledResult<T>[];

export function splitSettled<T>(results: TSettled<T>) {
  const fulfilled = results.filter((r): r is PromiseFulfilledResult<T> => r.status === "fulfilled").map((r) => r.value);
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
  return { fulfilled, rejected };
}

/**
 * Starts `race` while a blocker transaction holds `lock`, waits until PostgreSQL reports `waiting` sessions stuck
 * behind it, then releases: every racer is then truly in flight at once on its own connection, so the outcome is
 * decided by the database's locks and constraints, not by scheduling luck.
 */
export async function raceBehindLock<T>(
  db: Db,
  { lock, waiting, race }: { lock: (tx: Tx) => Promise<unknown>; waiting: number; race: () => Promise<T> },
): Promise<{ result: T; maxWaiting: number }> {
  let started: Promise<T> | undefined;
  let maxWaiting = 0;
  await db.transaction(async (tx) => {
    await lock(tx);
    started = race();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(db.kysely);
      maxWaiting = Math.max(maxWaiting, rows[0]?.n ?? 0);
      if (maxWaiting >= waiting) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  if (!started) throw new Error("race did not start");
  return { result: await started, maxWaiting };
}

export function statusesOf<T extends { status: BookingStatus }>(rows: T[]): BookingStatus[] {
  return rows.map((r) => r.status);
}
