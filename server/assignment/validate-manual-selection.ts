import type { Db } from "@/server/infra/db/open-db";
import { requireFreshContext } from "./compute-context-version";
import { explainManualSelection } from "./explain-manual-selection";
import type { TManualCheck } from "./manual-selection-schema";

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
}: {
  db: Db;
  restaurantId: string;
  bookingId: string;
  tableIds: readonly string[];
  contextVersion?: string;
}): Promise<{ ok: boolean; checks: TManualCheck[]; contextVersion: string }> {
  const current = await requireFreshContext(db.kysely, { bookingId, expected: contextVersion });
  const { ok, checks } = await explainManualSelection({ db, restaurantId, bookingId, tableIds });
  return { ok, checks, contextVersion: current };
}
