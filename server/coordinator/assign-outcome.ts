import type { BookingStatus } from "@/server/infra/db/schema";

/** How one assignment run ended (assignBooking, and failAssignment for the failures it hands to the machine). */
export type TAssignOutcome =
  | { outcome: "assigned"; status: BookingStatus; tableIds: string[] }
  | { outcome: "already_assigned"; status: BookingStatus }
  | { outcome: "manual_review"; reasonCode: string }
  | { outcome: "retry_scheduled"; reasonCode: string }
  | { outcome: "skipped"; status: BookingStatus | null; reasonCode: string };

/** `attempts`: assignment_attempts rows the run wrote (commits tried, or the planning that found no plan). */
export type TAssignResult = TAssignOutcome & { bookingId: string; attempts: number; durationMs: number };

const ON_TABLES: ReadonlySet<BookingStatus> = new Set(["assigned", "confirmed", "checked_in", "completed"]);

/**
 * A create's `assignment.outcome` read from where the booking stands (not from a run): what a replay of the create
 * answers, so it says what the first answer said unless the booking moved on since.
 */
export function outcomeOfStatus(status: BookingStatus): "assigned" | "manual_review" | "queued" {
  if (ON_TABLES.has(status)) return "assigned";
  return status === "manual_review" ? "manual_review" : "queued";
}
