import { loadFloorNames, requireOwnTables, type TFloorNames } from "@/server/availability/load-floor-names";
import type { TAssignableBookingRecord } from "@/server/booking/find-assignable-booking";
import type { TBookingActor } from "@/server/booking/machine";
import { describeNoPlan, describeTablePlan } from "@/server/coordinator/describe-table-plan";
import {
  assignableFromRecord,
  loadAssignableBooking,
  type TAssignableBookingRow,
} from "@/server/coordinator/load-assignable-booking";
import { planBookingTables, type TPlanConstraints } from "@/server/coordinator/plan-booking-tables";
import { DomainError, isDomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";
import { createHold } from "./create-hold";
import type { TQuoteRequest, TQuoteResponse } from "./quote-request-schema";

/** The best plan and this many next-best ones. */
const ALTERNATES = 3;
// The snapshot is read outside the hold's transaction, so another writer may take the best plan's tables in
// between: create_hold then refuses with TABLE_CONFLICT (it re-checks under the tables' locks) and we plan again on
// a fresh snapshot, which shows the winner. Three rounds cover any realistic race; past them the conflict is told.
const MAX_ROUNDS = 3;
/** The statuses create_hold accepts (maitre_assert_assignable): any other is refused before planning. */
const HOLDABLE: readonly BookingStatus[] = [
  "capacity_verified",
  "assignment_pending",
  "assignment_in_progress",
  "manual_review",
  "assigned",
  "confirmed",
];

/**
 * Plans a booking's tables (the coordinator's planning: live occupancy, competing demand, the venue's rules and
 * staff's constraints) and holds the best plan through createHold, which replaces the booking's previous hold.
 * The booking's own allocations (an earlier quote's hold, its current tables) do not block its plans.
 */
export async function quoteBookingTables({
  db,
  restaurantId,
  actor,
  request,
  now = new Date(),
  record,
}: {
  db: Db;
  restaurantId: string;
  actor: TBookingActor;
  request: TQuoteRequest;
  now?: Date;
  /** The booking as the caller just read it (findAssignableBooking): saves the read. */
  record?: TAssignableBookingRecord;
}): Promise<TQuoteResponse> {
  const booking = record ? assignableFromRecord(record) : await loadAssignableBooking(db.kysely, request.bookingId);
  if (!booking || booking.restaurantId !== restaurantId) {
    throw new DomainError("NOT_FOUND", `booking ${request.bookingId} not found`, {
      meta: { bookingId: request.bookingId },
    });
  }
  const names = await loadFloorNames(db.kysely, {
    restaurantId,
    venueVersion: booking.planning.settings.venueVersion,
  });
  assertHoldable(booking);
  const constraints = constraintsOf(request, names);
  for (let round = 1; ; round += 1) {
    const result = await planBookingTables({
      db: db.kysely,
      booking,
      asOf: now,
      planning: booking.planning,
      limit: 1 + ALTERNATES,
      constraints,
    });
    const [best, ...rest] = result.plans;
    const answer = {
      alternates: rest.map((plan) => describeTablePlan(plan, names)),
      diagnostics: result.diagnostics,
    };
    if (!best) {
      return {
        ...answer,
        hold: null,
        plan: null,
        nextTimes: result.nextTimes.filter((t) => t >= now.getTime()).map((t) => new Date(t).toISOString()),
        reason: describeNoPlan({
          partySize: booking.partySize,
          rejected: result.diagnostics.rejected,
          reservedForEarlier: result.reservedForEarlier,
        }),
      };
    }
    try {
      const { body: hold } = await createHold({
        db,
        restaurantId,
        bookingId: booking.id,
        tableIds: best.tableIds,
        actor,
        source: "auto_quote",
        restaurantVerified: true,
        ...(request.holdTtlSeconds === undefined ? {} : { ttlSeconds: request.holdTtlSeconds }),
        plan: { score: best.score, seats: best.capacity, spareSeats: best.overage, zone: best.zone },
      });
      return {
        ...answer,
        hold: { id: hold.holdId, expiresAt: hold.expiresAt, tableIds: hold.tableIds },
        plan: describeTablePlan(best, names),
        nextTimes: [],
        reason: null,
      };
    } catch (error) {
      if (isDomainError(error, "TABLE_CONFLICT") && round < MAX_ROUNDS) continue;
      throw error;
    }
  }
}

function assertHoldable(booking: TAssignableBookingRow): void {
  if (HOLDABLE.includes(booking.status)) return;
  throw new DomainError("INVALID_TRANSITION", `a ${booking.status} booking cannot be given tables`, {
    meta: { bookingId: booking.id, status: booking.status },
    hint: "Only bookings still to be seated can be quoted; reload the booking to see its status",
  });
}

/** Staff's narrowing, with the zone and tables checked to be this restaurant's (another's answer 404, as unknown). */
function constraintsOf(request: TQuoteRequest, names: TFloorNames): TPlanConstraints {
  if (request.zoneId !== undefined && !names.zones.has(request.zoneId)) {
    throw new DomainError("NOT_FOUND", `zone ${request.zoneId} not found`, {
      hint: "Pick a zone of this booking's restaurant, or leave zoneId out",
    });
  }
  requireOwnTables({
    names,
    tableIds: request.avoidTableIds ?? [],
    hint: "avoidTableIds must name tables of this booking's restaurant",
  });
  return {
    ...(request.zoneId === undefined ? {} : { zone: request.zoneId, zoneLocked: true }),
    ...(request.avoidTableIds === undefined ? {} : { avoidTables: request.avoidTableIds }),
    ...(request.maxTables === undefined ? {} : { maxTables: request.maxTables }),
  };
}
