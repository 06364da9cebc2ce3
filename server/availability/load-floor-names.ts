import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";

/** Table id → label and zone id → name of one restaurant: plans are ids inside, names for people. */
export type TFloorNames = { tables: ReadonlyMap<string, string>; zones: ReadonlyMap<string, string> };

/** Two small indexed reads, issued together (a restaurant has tens of tables and a handful of zones). */
export async function loadFloorNames(db: Queryable, { restaurantId }: { restaurantId: string }): Promise<TFloorNames> {
  const [tables, zones] = await Promise.all([
    db.selectFrom("tables").select(["id", "label"]).where("restaurant_id", "=", restaurantId).execute(),
    db.selectFrom("zones").select(["id", "name"]).where("restaurant_id", "=", restaurantId).execute(),
  ]);
  return {
    tables: new Map(tables.map((t) => [t.id, t.label])),
    zones: new Map(zones.map((z) => [z.id, z.name])),
  };
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
