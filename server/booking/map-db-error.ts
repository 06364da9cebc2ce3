import { DomainError } from "@/server/errors/domain-error";
import type { ErrorCode } from "@/server/errors/error-codes";

/**
 * THE mapping from SQLSTATEs raised by the booking write functions (supabase/migrations/*_assignment_rules.sql,
 * *_booking_write_functions.sql) and the bookings trigger to domain errors. The functions put JSON in DETAIL;
 * it becomes the error's `meta` (conflicting bookings/holds, current version, failed rule numbers).
 */
export const SQLSTATE_TO_ERROR_CODE = {
  MTNFD: "NOT_FOUND",
  MTSTL: "STALE_VERSION",
  MTEXP: "HOLD_EXPIRED",
  MTTAK: "TABLE_CONFLICT",
  MTCAP: "CAPACITY",
  MTMRG: "NOT_MERGEABLE",
  MTCON: "NOT_CONNECTED",
  MTZON: "CROSS_ZONE",
  MTUNA: "TABLE_UNAVAILABLE",
  MTASG: "ALREADY_ASSIGNED",
  MTVAL: "VALIDATION_FAILED",
  /** create_booking: a pacing cap is reached (DETAIL has the slot's counts; createBooking words the message). */
  MTPAC: "PACING_LIMIT",
  /** create_booking: the booking was checked against cached rules older than the restaurant's. */
  MTRUL: "RULES_CHANGED",
  /** Raised by the bookings trigger and by the functions for a status the machine does not allow. */
  MT422: "INVALID_TRANSITION",
  /** The trigger's "status changed without a version bump": someone bypassed transition_booking. */
  MT409: "STALE_VERSION",
  /** The exclusion constraint, should a raw insert reach it (the functions re-raise it as MTTAK). */
  "23P01": "TABLE_CONFLICT",
  /** invalid_text_representation: a malformed uuid names nothing. */
  "22P02": "NOT_FOUND",
  /** untranslatable_character: text PostgreSQL cannot store (U+0000); input validation refuses it first. */
  "22P05": "VALIDATION_FAILED",
  /** datetime_field_overflow / invalid_datetime_format: a date PostgreSQL cannot hold; validation refuses it first. */
  "22008": "VALIDATION_FAILED",
  "22007": "VALIDATION_FAILED",
  "22009": "VALIDATION_FAILED",
} as const satisfies Record<string, ErrorCode>;

export type TMappedSqlState = keyof typeof SQLSTATE_TO_ERROR_CODE;

type TPgError = { code?: unknown; message?: unknown; detail?: unknown; hint?: unknown };

function parseDetail(detail: unknown): Record<string, unknown> {
  if (typeof detail !== "string" || detail === "") return {};
  try {
    const parsed: unknown = JSON.parse(detail);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return { detail };
  }
}

/**
 * The domain error for a database error we know, else undefined (the caller rethrows the original). Messages and
 * DETAIL of our own MT* states are written for people; PostgreSQL's own states get a fixed message (theirs may
 * quote SQL or values). The SQLSTATE stays on `cause` for the logs, never in `meta`.
 */
export function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (!error || typeof error !== "object") return undefined;
  const { code, message, detail, hint } = error as TPgError;
  if (typeof code !== "string" || !(code in SQLSTATE_TO_ERROR_CODE)) return undefined;
  const domainCode = SQLSTATE_TO_ERROR_CODE[code as TMappedSqlState];
  if (!code.startsWith("MT")) {
    return new DomainError(domainCode, POSTGRES_STATE_MESSAGES[code] ?? domainCode, { cause: error });
  }
  return new DomainError(domainCode, typeof message === "string" ? message : domainCode, {
    hint: typeof hint === "string" && hint !== "" ? hint : undefined,
    meta: parseDetail(detail),
    cause: error,
  });
}

const POSTGRES_STATE_MESSAGES: Record<string, string> = {
  "23P01": "a table is already taken for that time",
  "22P02": "the identifier names nothing",
  "22P05": "a text field contains a character that cannot be stored (such as U+0000)",
  "22008": "a date or time is outside the supported range",
  "22007": "a date or time is not valid",
  "22009": "a date or time is outside the supported range",
};

/** Runs a database call and turns known SQLSTATEs into domain errors. */
export async function mapDbErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toDomainError(error) ?? error;
  }
}
