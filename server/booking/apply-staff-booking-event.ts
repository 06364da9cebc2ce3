import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";
import type { TEnqueue, TJobRequest } from "@/server/infra/queue/job-definition";
import { roleMaySend } from "./events-for-role";
import { explainRefusedEvent } from "./explain-refused-event";
import { loadBookingForTransition } from "./load-booking-for-transition";
import { allowedEvents, type TBookingActor, type TBookingContext, type TBookingEvent } from "./machine";
import { readStaffBooking } from "./read-staff-booking";
import { STAFF_BOOKING_EVENTS, type TStaffEventName } from "./staff-booking-events";
import type { TStaffBookingResponse } from "./staff-booking-schema";
import { transitionBookingInTx } from "./transition-booking";
import { withCurrentOnStale } from "./with-current-on-stale";

const ROLES_LOW_TO_HIGH: readonly StaffRole[] = ["host", "manager", "owner"];

export type TApplyStaffEventResult = { booking: TStaffBookingResponse; jobs: TJobRequest[] };

/**
 * POST /api/ops/bookings/{id}/transitions: a member of staff sends a lifecycle event. Refusals in order, none of
 * which writes anything: a role that may never send it (FORBIDDEN, before any read), a booking that moved since
 * the caller saw it (STALE_VERSION with `current`), a role guard of the machine in this state (cancelling a
 * booking under review: FORBIDDEN), then the machine itself (INVALID_TRANSITION saying when it becomes
 * possible). The change, its history row and its jobs (emails, a new assignment) commit together.
 */
export async function applyStaffBookingEvent({
  db,
  enqueue,
  bookingId,
  restaurantId,
  timezone,
  actor,
  role,
  event,
  expectedVersion,
  reason,
  now = new Date(),
}: {
  db: Db;
  enqueue: TEnqueue;
  bookingId: string;
  restaurantId: string;
  timezone: string;
  actor: TBookingActor;
  role: StaffRole;
  event: TStaffEventName;
  expectedVersion: number;
  reason?: string;
  now?: Date;
}): Promise<TApplyStaffEventResult> {
  assertRoleMaySend(role, event);
  return withCurrentOnStale(db, { bookingId, actor, role }, () =>
    db.transaction(async (tx) => {
      const { booking, context } = await loadBookingForTransition(tx, {
        bookingId,
        restaurantId,
        expectedVersion,
        actor,
        now,
      });
      const type = STAFF_BOOKING_EVENTS[event];
      if (!allowedEvents(booking.status, context).includes(type)) {
        assertNoStateRoleGuard({ event, status: booking.status, context, role });
        throw explainRefusedEvent({ event, status: booking.status, context, role, timezone });
      }
      const machineEvent: TBookingEvent =
        type === "REQUEST_REVIEW" ? { type, reason: reason ?? "STAFF_REQUESTED" } : { type };
      const { jobs } = await transitionBookingInTx(tx, {
        bookingId,
        restaurantId,
        event: machineEvent,
        actor,
        expectedVersion,
        reason: reason ?? null,
        metadata: { via: "ops.transitions" },
        enqueue,
        now,
        seen: booking,
      });
      return { booking: await readStaffBooking(tx, { bookingId, actor, role, now }), jobs };
    }),
  );
}

function assertRoleMaySend(role: StaffRole, event: TStaffEventName): void {
  if (roleMaySend(role, STAFF_BOOKING_EVENTS[event])) return;
  const needed = ROLES_LOW_TO_HIGH.find((r) => roleMaySend(r, STAFF_BOOKING_EVENTS[event])) ?? "owner";
  throw forbidden({ event, role, needed });
}

/** The machine allows the event to a higher role in this very state: the caller's role, not the state, is why. */
function assertNoStateRoleGuard({
  event,
  status,
  context,
  role,
}: {
  event: TStaffEventName;
  status: Parameters<typeof allowedEvents>[0];
  context: TBookingContext;
  role: StaffRole;
}): void {
  const type = STAFF_BOOKING_EVENTS[event];
  const needed = ROLES_LOW_TO_HIGH.slice(ROLES_LOW_TO_HIGH.indexOf(role) + 1).find((higher) =>
    allowedEvents(status, { ...context, actor: { ...context.actor, role: higher } }).includes(type),
  );
  if (needed) throw forbidden({ event, role, needed, status });
}

function forbidden({
  event,
  role,
  needed,
  status,
}: {
  event: TStaffEventName;
  role: StaffRole;
  needed: StaffRole;
  status?: string;
}): DomainError {
  const where = status ? ` on a ${status} booking` : "";
  return new DomainError("FORBIDDEN", `${event}${where} needs the ${needed} role (or higher); you are ${role}`, {
    hint: `Ask a ${needed} of this restaurant to do this`,
    meta: { role: needed, roles: ROLES_LOW_TO_HIGH.slice(ROLES_LOW_TO_HIGH.indexOf(needed)) },
  });
}
