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

/** One status change as the machine decided it (the write functions' `p_then` items). */
export type TTransitionStep = {
  to: BookingStatus;
  event: string;
  reason?: string | null;
  metadata?: Record<string, unknown>;
  /** The machine's count after the event; null leaves the column as it is. */
  assignmentFailures?: number | null;
};

export type TTransitionWrite = TTransitionStep & {
  bookingId: string;
  expectedVersion: number;
  actor: { type: ActorType; id: string | null };
  /** Further steps applied in the same call, under the same row lock, by the same actor. */
  followedBy?: readonly TTransitionStep[];
};

/** transition_booking: compare-and-set on state_version plus one history row per step. One statement: atomic on
 * its own, so it may run outside a transaction. */
export async function callTransitionBooking(tx: Queryable, write: TTransitionWrite): Promise<TBookingWriteResult> {
  const result = await mapDbErrors(() =>
    sql<{ result: TBookingWriteResult }>`select transition_booking(
      ${write.bookingId}::uuid, ${write.expectedVersion}::integer, ${write.to}, ${write.event},
      ${write.actor.type}, ${write.actor.id}, ${write.reason ?? null}, ${JSON.stringify(write.metadata ?? {})}::jsonb,
      ${write.assignmentFailures ?? null}::integer, ${stepsJson(write.followedBy)}::jsonb) as result`.execute(tx),
  );
  return firstResult(result.rows);
}

/** The `p_then` argument of the write functions. */
export function stepsJson(steps: readonly TTransitionStep[] | undefined): string {
  return JSON.stringify(
    (steps ?? []).map((step) => ({
      to: step.to,
      event: step.event,
      reason: step.reason ?? null,
      metadata: step.metadata ?? {},
      assignmentFailures: step.assignmentFailures ?? null,
    })),
  );
}

export type TNewBookingRow = Pick<
  Booking,
  | "restaurant_id"
  | "reference"
  | "service_period_id"
  | "guest_name"
  | "guest_email"
  | "guest_phone"
  | "party_size"
  | "starts_at"
  | "ends_at"
  | "source"
  | "notes"
  | "tags"
  | "preferred_zone_id"
  | "idempotency_key"
  | "idempotency_scope"
  | "idempotency_request_hash"
>;

/**
 * create_booking: the insert (status created, version 0), its CREATE history row and the machine's next steps in
 * one call, with the floor's current venue version. Undefined when a unique key clashed (reference or idempotency
 * key; the caller tells them apart).
 */
export async function callCreateBooking(
  tx: Tx,
  write: {
    row: TNewBookingRow;
    actor: { type: ActorType; id: string | null };
    metadata: Record<string, unknown>;
    steps: readonly TTransitionStep[];
    /** The rules version the booking was checked against (RULES_CHANGED if the restaurant's moved on). */
    rulesVersion: number;
    /** The slot and caps to count under the slot's lock (PACING_LIMIT when over), or null. */
    pacing: Record<string, unknown> | null;
  },
): Promise<{ row: Booking; venueVersion: number } | undefined> {
  const result = await mapDbErrors(() =>
    sql<{
      result: { booking: TBookingJson; venueVersion: number } | null;
    }>`select create_booking(${JSON.stringify(write.row)}::jsonb,
      ${write.actor.type}, ${write.actor.id}, ${JSON.stringify(write.metadata)}::jsonb,
      ${stepsJson(write.steps)}::jsonb, ${write.rulesVersion}::bigint,
      ${write.pacing ? JSON.stringify(write.pacing) : null}::jsonb) as result`.execute(tx),
  );
  const created = firstResult(result.rows);
  return created ? { row: bookingFromJson(created.booking), venueVersion: Number(created.venueVersion) } : undefined;
}

type TBookingJson = Omit<Booking, "starts_at" | "ends_at" | "created_at" | "updated_at"> & {
  starts_at: string;
  ends_at: string;
  created_at: string;
  updated_at: string;
};

/** A bookings row as to_jsonb renders it, with its timestamps as Dates again (as a plain select returns them). */
function bookingFromJson(row: TBookingJson): Booking {
  return {
    ...row,
    starts_at: new Date(row.starts_at),
    ends_at: new Date(row.ends_at),
    created_at: new Date(row.created_at),
    updated_at: new Date(row.updated_at),
  };
}

/** The single jsonb column every write function returns. */
export function firstResult<T>(rows: { result: T }[]): T {
  const row = rows[0];
  if (!row) throw new Error("write function returned no row");
  return row.result;
}
