import { DomainError, isDomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";
import type { TBookingActor } from "./machine";
import { readStaffBooking } from "./read-staff-booking";

/**
 * Runs a staff write; a STALE_VERSION it throws is rethrown carrying `current` (the booking as it is now, with
 * the events allowed now), so the dashboard can show what changed without a second request. Read after the
 * write's transaction has ended: that transaction may be aborted (the SQL fence refused it).
 */
export async function withCurrentOnStale<T>(
  db: Db,
  who: { bookingId: string; actor: TBookingActor; role: StaffRole },
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isDomainError(error, "STALE_VERSION")) throw error;
    const current = await readStaffBooking(db.kysely, who);
    throw new DomainError("STALE_VERSION", error.message, {
      hint: `The booking is now at version ${current.version} (${current.status}): check it, then resend with expectedVersion ${current.version} if the action still applies`,
      meta: { ...error.meta, current },
      cause: error,
    });
  }
}
