import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";

/** Table id → label and zone id → name of one restaurant: plans are ids inside, names for people. */
export type TFloorNames = { tables: ReadonlyMap<string, string>; zones: ReadonlyMap<string, string> };

type TNamesGlobal = typeof globalThis & { __maitreFloorNames?: Map<string, { version: number; names: TFloorNames }> };

function namesCache(): Map<string, { version: number; names: TFloorNames }> {
  const g = globalThis as TNamesGlobal;
  g.__maitreFloorNames ??= new Map();
  return g.__maitreFloorNames;
}

/**
 * Two small indexed reads, issued together (a restaurant has tens of tables and a handful of zones) — or none: with
 * the restaurant's venue_version (triggers bump it on any change to tables or zones), names read at that version
 * or later are reused, as the compiled venue is (get-compiled-venue.ts).
 */
export async function loadFloorNames(
  db: Queryable,
  { restaurantId, venueVersion }: { restaurantId: string; venueVersion?: number },
): Promise<TFloorNames> {
  const cached = namesCache().get(restaurantId);
  if (venueVersion !== undefined && cached && cached.version >= venueVersion) return cached.names;
  const [tables, zones] = await Promise.all([
    db.selectFrom("tables").select(["id", "label"]).where("restaurant_id", "=", restaurantId).execute(),
    db.selectFrom("zones").select(["id", "name"]).where("restaurant_id", "=", restaurantId).execute(),
  ]);
  const names = {
    tables: new Map(tables.map((t) => [t.id, t.label])),
    zones: new Map(zones.map((z) => [z.id, z.name])),
  };
  if (venueVersion !== undefined) namesCache().set(restaurantId, { version: venueVersion, names });
  return names;
}

/** Tables named in a request must be this restaurant's: another's (or none) is NOT_FOUND, one answer for both. */
export function requireOwnTables({
  names,
  tableIds,
  hint,
}: {
  names: TFloorNames;
  tableIds: readonly string[];
  hint: string;
}): void {
  const unknown = tableIds.filter((id) => !names.tables.has(id));
  if (unknown.length === 0) return;
  throw new DomainError("NOT_FOUND", `table(s) ${unknown.join(", ")} not found`, { hint, meta: { tableIds: unknown } });
}
