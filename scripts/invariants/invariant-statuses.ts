import { bookingMachine } from "@/server/booking/machine";
import { PLACED_STATUSES } from "@/server/coordinator/coordinator-deps";
import type { BookingStatus } from "@/server/infra/db/schema";

/**
 * Placed bookings the restaurant still has to serve: on their tables (the coordinator's PLACED_STATUSES) and not
 * in a final state of the machine (a completed party has left; its allocation is history, not a promise).
 */
export const LIVE_PLACED_STATUSES: readonly BookingStatus[] = PLACED_STATUSES.filter(
  (status) => (bookingMachine.root.states[status] as { type?: string } | undefined)?.type !== "final",
);

/**
 * Statuses the pipeline passes through on its way to an outcome (created … assignment_in_progress): a booking may
 * sit in one only while its assignment is in flight. Every other status is an outcome: placed (assigned, confirmed,
 * checked in, completed), waiting for staff (manual_review), or ended (cancelled, no_show). Moved here from the
 * pipeline test kit (which re-exports it as UNSETTLED_STATUSES) so the checker does not load the test runtime.
 */
export const TRANSIENT_STATUSES = [
  "created",
  "capacity_verified",
  "assignment_pending",
  "assignment_in_progress",
] as const satisfies readonly BookingStatus[];
