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
