import { sql } from "kysely";
import { SQLSTATE_TO_ERROR_CODE, type TMappedSqlState } from "@/server/booking/map-db-error";
import { DomainError } from "@/server/errors/domain-error";
import { type ErrorCode, errorHints } from "@/server/errors/error-codes";
import type { Db } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";
import { callSelectionChecks } from "./assignment-repository";

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
};

/**
 * Every rule a commit/hold/confirm would apply to these tables, each with pass/fail, code and hint — computed by
 * the same SQL function the writes use (so the answer cannot drift from what a commit does). Read-only: runs in a
 * READ ONLY transaction, so it cannot write even by mistake.
 */
export async function validateSelection({
  db,
  restaurantId,
  bookingId,
  tableIds,
  expectedVersion,
}: {
  db: Db;
  restaurantId: string;
  bookingId: string;
  tableIds: readonly string[];
  expectedVersion?: number;
}): Promise<TValidateSelectionResult> {
  return db.transaction(async (tx) => {
    await sql`set transaction read only`.execute(tx);
    const booking = await tx
      .selectFrom("bookings")
      .select(["id", "reference", "status", "state_version", "restaurant_id"])
      .where("id", "=", bookingId)
      .executeTakeFirst();
    if (!booking || booking.restaurant_id !== restaurantId) {
      throw new DomainError("NOT_FOUND", `booking ${bookingId} not found`, { meta: { bookingId } });
    }
    const raw = await callSelectionChecks(tx, { bookingId, tableIds: [...new Set(tableIds)].sort() });
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
    };
  });
}
