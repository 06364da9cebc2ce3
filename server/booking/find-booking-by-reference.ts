import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import { findBookingView, type TBookingView } from "./find-booking-view";

/** What references look like (generate-booking-reference.ts; the column's check allows 4 to 12). */
const REFERENCE_SHAPE = /^[A-Za-z0-9]{4,12}$/;

/**
 * The `{reference}` path segment as a reference, or VALIDATION_FAILED (400) without echoing what was sent: 2 KB of
 * junk, unicode or SQL-looking text never reaches a query. Lower case is accepted (a guest may type it so).
 */
export function parseBookingReference(raw: unknown): string {
  const value = typeof raw === "string" ? raw.trim() : "";
  if (!REFERENCE_SHAPE.test(value)) {
    throw new DomainError("VALIDATION_FAILED", "the booking reference is malformed", {
      hint: "Send the booking's reference as it was returned when the booking was made (such as K7QW2MZP)",
      errors: [{ path: "params.reference", message: "must be 4 to 12 letters and digits" }],
    });
  }
  return value.toUpperCase();
}

/** NOT_FOUND for a reference this restaurant does not have: the same answer whether or not another one does. */
export function bookingNotFound(reference: string): DomainError {
  return new DomainError("NOT_FOUND", `no booking ${reference} at this restaurant`, { meta: { reference } });
}

/** A booking of `restaurantId` by its reference, as booking clients see it (a foreign reference is NOT_FOUND). */
export async function findBookingByReference({
  db,
  restaurantId,
  reference,
}: {
  db: Queryable;
  restaurantId: string;
  reference: string;
}): Promise<TBookingView> {
  const booking = await findBookingView(db, { restaurantId, reference });
  if (!booking) throw bookingNotFound(reference);
  return booking;
}
