import type { TBookingActor, TBookingEvent } from "@/server/booking/machine";
import { DomainError } from "@/server/errors/domain-error";
import type { BookingStatus } from "@/server/infra/db/schema";

export type TAssignEventType = "ASSIGNMENT_SUCCEEDED" | "MANUAL_ASSIGN" | "TABLES_CHANGED";

/**
 * Which machine event a table write is: the coordinator finishing its attempt (ASSIGNMENT_SUCCEEDED), the
 * optimizer or coordinator moving a placed booking (TABLES_CHANGED), or staff/system choosing tables
 * (MANUAL_ASSIGN). An automatic success never overwrites a booking that already has tables: ALREADY_ASSIGNED.
 */
export function chooseAssignEvent({
  status,
  actor,
  requested,
}: {
  status: BookingStatus;
  actor: TBookingActor;
  requested?: TAssignEventType;
}): TBookingEvent {
  const placed = status === "assigned" || status === "confirmed";
  const automatic = actor.type === "coordinator" || actor.type === "optimizer";
  const type: TAssignEventType =
    requested ??
    (placed
      ? automatic
        ? "TABLES_CHANGED"
        : "MANUAL_ASSIGN"
      : status === "assignment_in_progress" && actor.type === "coordinator"
        ? "ASSIGNMENT_SUCCEEDED"
        : "MANUAL_ASSIGN");
  if (placed && type === "ASSIGNMENT_SUCCEEDED") {
    throw new DomainError("ALREADY_ASSIGNED", `the booking is already ${status}`, { meta: { status } });
  }
  return { type };
}
