import type { TBookingActor } from "@/server/booking/machine";
import { DomainError, isDomainError } from "@/server/errors/domain-error";
import type { ErrorCode } from "@/server/errors/error-codes";
import type { Db } from "@/server/infra/db/open-db";
import { computeContextVersion, requireFreshContext } from "./compute-context-version";
import { createHold } from "./create-hold";
import { explainManualSelection, sqlChecksToWaive, type TManualSelectionVerdict } from "./explain-manual-selection";
import type { TManualCheck, TManualCheckName } from "./manual-selection-schema";

export type THoldManualSelectionInput = {
  db: Db;
  restaurantId: string;
  actor: TBookingActor;
  bookingId: string;
  tableIds: readonly string[];
  contextVersion?: string;
  holdTtlSeconds?: number;
  override?: { reason: string };
  now?: Date;
};

export type THeldManualSelection = {
  hold: { id: string; expiresAt: string; tableIds: string[] };
  checks: TManualCheck[];
  overridden: TManualCheckName[];
  contextVersion: string;
};

/** What create_hold raises when a rule fails between our checks and its own (a table taken or changed meanwhile). */
const SELECTION_CODES: ReadonlySet<ErrorCode> = new Set([
  "TABLE_CONFLICT",
  "CAPACITY",
  "NOT_MERGEABLE",
  "NOT_CONNECTED",
  "CROSS_ZONE",
  "TABLE_UNAVAILABLE",
]);

/**
 * A member of staff holds the tables they picked for a booking. Every check is computed first (the same report as
 * validate); a conflict or another booking's hold refuses with TABLE_CONFLICT, any other failure with
 * SELECTION_INVALID — both carrying the checks. A manager (or owner) may override failing POLICY checks with a
 * reason: the hold is taken with those checks waived, and the override (who, role, reason, which checks) is stored
 * on the hold and copied into the booking's history when the hold is confirmed. create_hold re-checks under the
 * tables' locks, so of concurrent holds on one table exactly one wins; the others get TABLE_CONFLICT with checks.
 */
export async function holdManualSelection(input: THoldManualSelectionInput): Promise<THeldManualSelection> {
  const { db, actor, override } = input;
  if (override && actor.role !== "manager" && actor.role !== "owner") {
    throw new DomainError("OVERRIDE_NOT_ALLOWED", `a ${actor.role ?? "member of staff"} may not override checks`, {
      meta: { role: "manager", roles: ["manager", "owner"] },
    });
  }
  await requireFreshContext(db.kysely, { bookingId: input.bookingId, expected: input.contextVersion });
  const verdict = await explainManualSelection(input);
  // Every failing check is a policy check and a manager overrides them: hold anyway, with the override recorded.
  if (!verdict.ok && !(override && verdict.overridable)) refuse(input, verdict);
  const overridden = verdict.checks.filter((c) => !c.pass).map((c) => c.name);
  const overrideRecord =
    override && overridden.length > 0
      ? {
          reason: override.reason,
          checks: overridden,
          waive: sqlChecksToWaive(verdict.checks),
          by: actor.id,
          role: actor.role,
          at: (input.now ?? new Date()).toISOString(),
        }
      : null;
  try {
    const { body: hold } = await createHold({
      db,
      restaurantId: input.restaurantId,
      bookingId: input.bookingId,
      tableIds: input.tableIds,
      actor,
      source: "manual",
      restaurantVerified: true,
      ...(input.holdTtlSeconds === undefined ? {} : { ttlSeconds: input.holdTtlSeconds }),
      override: overrideRecord,
    });
    const contextVersion = (await computeContextVersion(db.kysely, input.bookingId)) ?? "";
    return {
      hold: { id: hold.holdId, expiresAt: hold.expiresAt, tableIds: hold.tableIds },
      checks: verdict.checks,
      overridden,
      contextVersion,
    };
  } catch (error) {
    if (!(error instanceof DomainError) || !SELECTION_CODES.has(error.code)) throw error;
    // Lost a race (the transaction rolled back): explain with the tables as they are now.
    const now = await explainManualSelection(input);
    refuse(input, now.ok ? { ...now, conflicted: error.code === "TABLE_CONFLICT" } : now, error);
  }
}

function refuse(input: THoldManualSelectionInput, verdict: TManualSelectionVerdict, cause?: DomainError): never {
  const meta = { checks: verdict.checks, bookingId: input.bookingId, tableIds: [...input.tableIds] };
  const failed = verdict.checks.filter((c) => !c.pass);
  const summary = failed.map((c) => c.message).join("; ") || cause?.message || "a table changed meanwhile";
  if (verdict.conflicted || isDomainError(cause, "TABLE_CONFLICT")) {
    throw new DomainError("TABLE_CONFLICT", summary, {
      meta,
      cause,
      ...(input.override
        ? { hint: "An override never waives a conflict or another booking's hold; pick free tables" }
        : {}),
    });
  }
  throw new DomainError("SELECTION_INVALID", summary, {
    meta,
    cause,
    ...(input.override && !verdict.overridable
      ? { hint: "Only policy checks can be overridden; fix the checks marked not overridable" }
      : {}),
  });
}
