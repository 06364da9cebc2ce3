import { editBooking } from "@/server/booking/edit-booking";
import type { TEditBookingRequest, TEditBookingResponse } from "@/server/booking/edit-booking-schema";
import { readStaffBookingResponse, type TStaffViewer } from "@/server/booking/staff-booking-response";
import { DomainError, isDomainError } from "@/server/errors/domain-error";
import { assignBooking } from "./assign-booking";
import type { TCoordinatorDeps } from "./coordinator-deps";

/**
 * A staff edit, then the re-plan it calls for: tables that still fit are kept (in the same write); tables that no
 * longer fit were released by it, and the coordinator plans the booking again now (a table set, or manual review
 * when none seats it — the attempt and its diagnostics are recorded as for any assignment). A waiting booking whose
 * window moved is planned now too. STALE_VERSION carries `current`: the booking as it is now, as staff see it.
 */
export async function editAndReplanBooking(
  deps: TCoordinatorDeps & { wakeAssignWorkers?: () => void },
  {
    bookingId,
    restaurantId,
    request,
    viewer,
  }: { bookingId: string; restaurantId: string; request: TEditBookingRequest; viewer: TStaffViewer },
): Promise<TEditBookingResponse> {
  const edited = await editBooking({
    db: deps.db,
    enqueue: deps.enqueue,
    bookingId,
    restaurantId,
    actor: viewer.actor,
    request,
    now: viewer.now,
  }).catch(async (error: unknown) => {
    if (!isDomainError(error, "STALE_VERSION")) throw error;
    const current = await readStaffBookingResponse(deps.db.kysely, { bookingId, viewer });
    throw new DomainError("STALE_VERSION", error.message, {
      hint: `The booking is at version ${current.version} now: review it and send your change again with that version`,
      meta: { ...error.meta, current },
      cause: error,
    });
  });
  if (!edited.changed)
    return { outcome: "unchanged", booking: await readStaffBookingResponse(deps.db.kysely, { bookingId, viewer }) };
  const replan = edited.keptTables === false || (edited.moved && edited.write.status === "assignment_pending");
  if (replan) {
    const assigned = await assignBooking(deps, { bookingId, trigger: "manual" });
    // Transient trouble leaves it queued: the booking.assign job committed with the release finishes it.
    if (assigned.outcome === "retry_scheduled") deps.wakeAssignWorkers?.();
  }
  const booking = await readStaffBookingResponse(deps.db.kysely, { bookingId, viewer });
  const outcome = booking.status === "manual_review" ? "manual_review" : replan ? "reassigned" : "kept_tables";
  return { outcome, booking };
}
