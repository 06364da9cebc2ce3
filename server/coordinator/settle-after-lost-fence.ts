import { TransientError } from "@/server/infra/resilience";
import type { TAssignOutcome } from "./assign-outcome";
import { PLACED_STATUSES, type TCoordinatorDeps } from "./coordinator-deps";
import { loadAssignableBooking } from "./load-assignable-booking";

/** Our version fence failed: someone else (staff, a zombie runner) moved the booking. Report what it is now. */
export async function settleAfterLostFence(ctx: {
  deps: TCoordinatorDeps;
  bookingId: string;
}): Promise<TAssignOutcome> {
  const now = await loadAssignableBooking(ctx.deps.db.kysely, ctx.bookingId);
  if (!now) return { outcome: "skipped", status: null, reasonCode: "NOT_FOUND" };
  if ((PLACED_STATUSES as readonly string[]).includes(now.status))
    return { outcome: "already_assigned", status: now.status };
  if (now.status === "assignment_pending" || now.status === "assignment_in_progress") {
    throw new TransientError(`booking ${ctx.bookingId} changed during assignment; retrying`);
  }
  return { outcome: "skipped", status: now.status, reasonCode: "STALE_VERSION" };
}
