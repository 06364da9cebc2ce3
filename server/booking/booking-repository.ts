import { sql } from "kysely";
import type { Queryable, Tx } from "@/server/infra/db/open-db";
import type { ActorType, Booking, BookingStatus } from "@/server/infra/db/schema";
import { mapDbErrors } from "./map-db-error";

/** Repository for bookings: small typed queries and thin wrappers of the SQL write functions. No rules here. */

export type TLockedBooking = Booking & {
  no_show_undo_minutes: number;
  check_in_lead_minutes: number;
  timezone: string;
};

/** The booking with the restaurant settings its guards read, row-locked until the transaction ends. */
export async function findBookingForUpdate(tx: Tx, bookingId: string): Promise<TLockedBooking | undefined> {
  return mapDbErrors(() =>
    tx
      .selectFrom("bookings")
      .innerJoin("restaurants", "restaurants.id", "bookings.restaurant_id")
      .selectAll("bookings")
      .select(["restaurants.no_show_undo_minutes", "restaurants.check_in_lead_minutes", "restaurants.timezone"])
      .where("bookings.id", "=", bookingId)
      .forUpdate("bookings")
      .executeTakeFirst(),
  );
}

/**
 * When the booking was last marked no-show: the clock the machine's guards saw (metadata.at), else the row time.
 */
export async function findNoShowAt(db: Queryable, bookingId: string): Promise<Date | null> {
  const row = await db
    .selectFrom("booking_state_history")
    .select(["at", sql<string | null>`metadata ->> 'at'`.as("effective_at")])
    .where("booking_id", "=", bookingId)
    .where("to_status", "=", "no_show")
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return row.effective_at ? new Date(row.effective_at) : row.at;
}

export async function findAssignedTableIds(db: Queryable, bookingId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("allocations")
    .select("table_id")
    .where("booking_id", "=", bookingId)
    .where("kind", "=", "assignment")
    .orderBy("table_id")
    .execute();
  return rows.map((r) => r.table_id);
}

/** What every write function returns about the booking afterwards. */
export type TBookingWriteResult = {
  bookingId: string;
  reference: string;
  restaurantId: string;
  fromStatus: BookingStatus;
  status: BookingStatus;
  stateVersion: number;
  assignmentFailures: number;
  tableIds: string[];
};

export type TTransitionWrite = {
  bookingId: string;
  expectedVersion: number;
  to: BookingStatus;
  event: string;
  actor: { type: ActorType; id: string | null };
  reason?: string | null;
  metadata?: Record<string, unknown>;
  /** The machine's count after the event; null leaves the column as it is. */
  assignmentFailures?: number | null;
};

/** transition_booking: compare-and-set on state_version plus one history row. */
export async function callTransitionBooking(tx: Tx, write: TTransitionWrite): Promise<TBookingWriteResult> {
  const result = await mapDbErrors(() =>
    sql<{ result: TBookingWriteResult }>`select transition_booking(
      ${write.bookingId}::uuid, ${write.expectedVersion}::integer, ${write.to}, ${write.event},
      ${write.actor.type}, ${write.actor.id}, ${write.reason ?? null}, ${JSON.stringify(write.metadata ?? {})}::jsonb,
      ${write.assignmentFailures ?? null}::integer) as result`.execute(tx),
  );
  return firstResult(result.rows);
}

/** The single jsonb column every write function returns. */
export function firstResult<T>(rows: { result: T }[]): T {
  const row = rows[0];
  if (!row) throw new Error("write function returned no row");
  return row.result;
}
