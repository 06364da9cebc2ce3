import type { Db } from "@/server/infra/db/open-db";
import { requireFreshContext } from "./compute-context-version";
import { explainManualSelection } from "./explain-manual-selection";
import type { TManualCheck } from "./manual-selection-schema";
import type { TSelectionBooking } from "./validate-selection";

/**
 * POST /api/staff/manual/validate: every check of a manual choice, whatever the verdict (writes nothing). A
 * contextVersion the caller sent that is no longer current is STALE_CONTEXT with the current one.
 */
export async function validateManualSelection({
  db,
  restaurantId,
  bookingId,
  tableIds,
  contextVersion,
  booking,
}: {
  db: Db;
  restaurantId: string;
  bookingId: string;
  tableIds: readonly string[];
  contextVersion?: string;
  /** The booking as the caller just read it (findSelectionBooking): saves the read. */
  booking?: TSelectionBooking;
}): Promise<{ ok: boolean; checks: TManualCheck[]; contextVersion: string }> {
  // Side by side: a stale context refuses the answer, whatever the checks say.
  const [current, { ok, checks }] = await Promise.all([
    requireFreshContext(db.kysely, { bookingId, expected: contextVersion }),
    explainManualSelection({ db, restaurantId, bookingId, tableIds, booking }),
  ]);
  return { ok, checks, contextVersion: current };
}
