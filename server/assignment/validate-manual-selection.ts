import type { Db } from "@/server/infra/db/open-db";
import { assertFreshContext } from "./compute-context-version";
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
  // The context version comes with the checks (one statement): a stale one refuses the answer, whatever they say.
  const verdict = await explainManualSelection({
    db,
    restaurantId,
    bookingId,
    tableIds,
    booking,
    withContextVersion: true,
  });
  const current = assertFreshContext({ bookingId, current: verdict.contextVersion, expected: contextVersion });
  return { ok: verdict.ok, checks: verdict.checks, contextVersion: current };
}
