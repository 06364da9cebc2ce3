import { sql } from "kysely";
import { SQLSTATE_TO_ERROR_CODE, type TMappedSqlState } from "@/server/booking/map-db-error";
import { DomainError } from "@/server/errors/domain-error";
import { type ErrorCode, errorHints } from "@/server/errors/error-codes";
import type { Db, Queryable } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";
import { callSelectionChecksWithContext } from "./assignment-repository";
import { contextVersionOf } from "./compute-context-version";

export type TSelectionCheck = {
  check: string;
  ok: boolean;
  message: string;
  code?: ErrorCode;
  hint?: string;
  detail?: Record<string, unknown>;
};

export type TValidateSelectionResult = {
  ok: boolean;
  booking: { bookingId: string; reference: string; status: BookingStatus; stateVersion: number };
  checks: TSelectionCheck[];
  /** With `withContextVersion`: the booking's contextVersion as the checks saw the floor. */
  contextVersion?: string;
};

/** The booking as validateSelection reads it (a caller that already read it passes it in: one read fewer). */
export type TSelectionBooking = {
  id: string;
  reference: string;
  status: BookingStatus;
  state_version: number;
  restaurant_id: string;
  starts_at: Date | string;
  party_size: number;
  /** The restaurant's rules version as read with the booking: its service hours come from a cache that recent. */
  rules_version: number;
};

export async function findSelectionBooking(db: Queryable, bookingId: string): Promise<TSelectionBooking | undefined> {
  return db
    .selectFrom("bookings as b")
    .innerJoin("restaurants as r", "r.id", "b.restaurant_id")
    .select(["b.id", "b.reference", "b.status", "b.state_version", "b.restaurant_id", "b.starts_at", "b.party_size"])
    .select(sql<number>`r.rules_version::integer`.as("rules_version"))
    .where("b.id", "=", bookingId)
    .executeTakeFirst();
}

/**
 * Every rule a commit/hold/confirm would apply to these tables, each with pass/fail, code and hint — computed by
 * the same SQL function the writes use (so the answer cannot drift from what a commit does). Reads only (the SQL
 * function is read-only): the booking and the checks are read side by side, with no transaction around them — a
 * hold or a commit runs the same checks again, atomically, in its own write.
 */
export async function validateSelection({
  db,
  restaurantId,
  bookingId,
  tableIds,
  expectedVersion,
  booking: seen,
  withContextVersion = false,
}: {
  db: Db;
  restaurantId: string;
  bookingId: string;
  tableIds: readonly string[];
  expectedVersion?: number;
  booking?: TSelectionBooking;
  /** Also compute the booking's contextVersion, in the same statement as the checks. */
  withContextVersion?: boolean;
}): Promise<TValidateSelectionResult> {
  const [booking, { checks: raw, fingerprint }] = await Promise.all([
    seen ?? findSelectionBooking(db.kysely, bookingId),
    callSelectionChecksWithContext(db.kysely, {
      bookingId,
      tableIds: [...new Set(tableIds)].sort(),
      withContext: withContextVersion,
    }),
  ]);
  if (!booking || booking.restaurant_id !== restaurantId) {
    throw new DomainError("NOT_FOUND", `booking ${bookingId} not found`, { meta: { bookingId } });
  }
  const checks: TSelectionCheck[] = raw.map((check) => {
    if (check.ok) return { check: check.check, ok: true, message: check.message, detail: check.detail };
    const code = SQLSTATE_TO_ERROR_CODE[check.sqlstate as TMappedSqlState] ?? "VALIDATION_FAILED";
    return {
      check: check.check,
      ok: false,
      message: check.message,
      code,
      hint: errorHints[code],
      detail: check.detail,
    };
  });
  if (expectedVersion !== undefined) {
    const ok = booking.state_version === expectedVersion;
    checks.unshift({
      check: "version",
      ok,
      message: `booking is at version ${booking.state_version}`,
      ...(ok ? {} : { code: "STALE_VERSION" as const, hint: errorHints.STALE_VERSION }),
      detail: { currentVersion: booking.state_version, expectedVersion },
    });
  }
  return {
    ok: checks.every((c) => c.ok),
    booking: {
      bookingId: booking.id,
      reference: booking.reference,
      status: booking.status,
      stateVersion: booking.state_version,
    },
    checks,
    ...(withContextVersion ? { contextVersion: contextVersionOf(fingerprint) } : {}),
  };
}
