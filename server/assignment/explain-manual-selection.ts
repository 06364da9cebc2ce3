import { getBookingRulesAtVersion } from "@/server/booking/load-booking-rules";
import { resolveServiceWindow } from "@/server/booking/resolve-service-window";
import { isDomainError } from "@/server/errors/domain-error";
import { type ErrorCode, errorHints } from "@/server/errors/error-codes";
import type { Db } from "@/server/infra/db/open-db";
import type { TManualCheck, TManualCheckName } from "./manual-selection-schema";
import {
  findSelectionBooking,
  type TSelectionBooking,
  type TSelectionCheck,
  validateSelection,
} from "./validate-selection";

/**
 * Policy checks: the restaurant's planner settings and service hours, which a manager may override with a reason.
 * The others (booking state, tables of this restaurant and active, conflicts, holds) are never overridable.
 */
const OVERRIDABLE: ReadonlySet<TManualCheckName> = new Set([
  "table_count",
  "mergeable",
  "zone",
  "adjacency",
  "capacity",
  "overage",
  "service_window",
]);

/** The check of maitre_selection_checks (SQL) behind each policy check: what create_hold is told to waive. */
const SQL_CHECK_OF: Partial<Record<TManualCheckName, string>> = {
  table_count: "table_count",
  mergeable: "mergeable",
  zone: "same_zone",
  adjacency: "connected",
  capacity: "capacity",
  overage: "capacity",
};

export type TManualSelectionVerdict = {
  ok: boolean;
  checks: TManualCheck[];
  /** Failing checks by kind: a conflict or a hold (409) versus anything else (422). */
  conflicted: boolean;
  /** Every failing check is a policy check: a manager's override would make the hold possible. */
  overridable: boolean;
  /** With `withContextVersion`. */
  contextVersion?: string;
};

/**
 * Every check of a manual choice of tables, as staff read them: the SQL rules the writes apply (validateSelection,
 * read-only), split so that each names one thing (seats vs overage, bookings vs holds), plus the service window.
 */
export async function explainManualSelection({
  db,
  restaurantId,
  bookingId,
  tableIds,
  booking: seen,
  withContextVersion = false,
}: {
  db: Db;
  restaurantId: string;
  bookingId: string;
  tableIds: readonly string[];
  /** The booking as the caller just read it (findSelectionBooking). */
  booking?: TSelectionBooking;
  /** Also the contextVersion, read in the checks' own statement. */
  withContextVersion?: boolean;
}): Promise<TManualSelectionVerdict> {
  // One read of the booking serves both (none when the caller read it); the checks and the rules side by side.
  const booking = seen ?? (await findSelectionBooking(db.kysely, bookingId));
  const [validated, serviceWindow] = await Promise.all([
    validateSelection({ db, restaurantId, bookingId, tableIds, booking, withContextVersion }),
    checkServiceWindow({ db, restaurantId, booking }),
  ]);
  const checks = [...validated.checks.flatMap(toManualChecks), serviceWindow];
  const failed = checks.filter((c) => !c.pass);
  return {
    ok: failed.length === 0,
    checks,
    conflicted: failed.some((c) => c.name === "conflicts" || c.name === "holds"),
    overridable: failed.length > 0 && failed.every((c) => c.overridable),
    ...(validated.contextVersion ? { contextVersion: validated.contextVersion } : {}),
  };
}

/** The SQL checks create_hold should waive for these failing policy checks (passed on as `override.waive`). */
export function sqlChecksToWaive(checks: readonly TManualCheck[]): string[] {
  const names = checks.filter((c) => !c.pass && c.overridable).map((c) => SQL_CHECK_OF[c.name]);
  return [...new Set(names.filter((n): n is string => n !== undefined))].sort();
}

function manualCheck(
  name: TManualCheckName,
  pass: boolean,
  message: string,
  { code, hint, detail }: { code?: ErrorCode; hint?: string; detail?: Record<string, unknown> } = {},
): TManualCheck {
  const failCode = code ?? "SELECTION_INVALID";
  return {
    name,
    pass,
    code: pass ? null : failCode,
    message,
    hint: pass ? null : (hint ?? errorHints[failCode]),
    overridable: OVERRIDABLE.has(name),
    ...(detail ? { detail } : {}),
  };
}

const RENAMED: Record<string, TManualCheckName> = {
  booking_state: "booking_state",
  tables_found: "tables_found",
  tables_active: "tables_active",
  table_count: "table_count",
  mergeable: "mergeable",
  same_zone: "zone",
  connected: "adjacency",
};

type TConflict = { table: string; kind: "assignment" | "hold"; reference: string; expiresAt: string | null };

function toManualChecks(check: TSelectionCheck): TManualCheck[] {
  const renamed = RENAMED[check.check];
  if (renamed) {
    return [
      manualCheck(renamed, check.ok, check.message, { code: check.code, hint: check.hint, detail: check.detail }),
    ];
  }
  if (check.check === "capacity") return capacityChecks(check.detail ?? {});
  if (check.check === "available") return availabilityChecks((check.detail?.conflicts ?? []) as TConflict[]);
  return [];
}

function capacityChecks(detail: Record<string, unknown>): TManualCheck[] {
  const seats = Number(detail.seats);
  const party = Number(detail.partySize);
  const maxOverage = Number(detail.maxOverage);
  const minParty = Number(detail.minParty);
  const enoughSeats = seats >= party;
  const bigEnough = party >= minParty;
  const capacityMessage = !enoughSeats
    ? `${seats} seat(s) for a party of ${party}: ${party - seats} short`
    : !bigEnough
      ? `these tables take parties of ${minParty} or more; the party is ${party}`
      : `${seats} seat(s) for a party of ${party}`;
  const overageOk = seats - party <= maxOverage;
  return [
    manualCheck("capacity", enoughSeats && bigEnough, capacityMessage, { code: "CAPACITY", detail }),
    manualCheck(
      "overage",
      overageOk,
      `${Math.max(0, seats - party)} empty seat(s); at most ${maxOverage} allowed`,
      overageOk
        ? { detail }
        : { code: "CAPACITY", hint: "Choose smaller tables, or (manager) override the overage", detail },
    ),
  ];
}

function availabilityChecks(conflicts: readonly TConflict[]): TManualCheck[] {
  const taken = conflicts.filter((c) => c.kind === "assignment");
  const held = conflicts.filter((c) => c.kind === "hold");
  const holdsUntil = held.map((c) => `${c.table} is held for booking ${c.reference} until ${c.expiresAt}`);
  return [
    manualCheck(
      "conflicts",
      taken.length === 0,
      taken.length === 0
        ? "no other booking sits at these tables during the window"
        : taken.map((c) => `${c.table} is taken by booking ${c.reference}`).join("; "),
      { code: "TABLE_CONFLICT", detail: { conflicts: taken } },
    ),
    manualCheck(
      "holds",
      held.length === 0,
      held.length === 0 ? "no other booking holds these tables" : holdsUntil.join("; "),
      {
        code: "TABLE_CONFLICT",
        hint: "Pick other tables, or wait until the other hold expires or is released",
        detail: { conflicts: held },
      },
    ),
  ];
}

/** Whether the booking's start is inside a service period's seatings with a turn time for its party. */
async function checkServiceWindow({
  db,
  restaurantId,
  booking,
}: {
  db: Db;
  restaurantId: string;
  booking: TSelectionBooking | undefined;
}): Promise<TManualCheck> {
  const rules =
    booking?.restaurant_id === restaurantId
      ? await getBookingRulesAtVersion(db.kysely, { restaurantId, rulesVersion: booking.rules_version })
      : undefined;
  if (!rules || !booking) return manualCheck("service_window", false, "booking not found", { code: "NOT_FOUND" });
  try {
    const window = resolveServiceWindow({
      rules,
      startsAt: new Date(booking.starts_at),
      partySize: booking.party_size,
    });
    return manualCheck("service_window", true, `within ${window.servicePeriodName} seatings`, {
      detail: { servicePeriodId: window.servicePeriodId },
    });
  } catch (error) {
    if (isDomainError(error, "OUTSIDE_SERVICE") || isDomainError(error, "PARTY_TOO_LARGE")) {
      return manualCheck("service_window", false, error.message, { code: error.code, hint: error.hint });
    }
    throw error;
  }
}
