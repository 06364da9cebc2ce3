import { randomBytes } from "node:crypto";
import type { Queryable } from "@/server/infra/db/open-db";

/**
 * Row factories for integration tests: the smallest valid rows, overridable. Bookings start in `created`
 * (the trigger allows nothing else); tests that need other states move them through the lifecycle.
 */
export async function seedRestaurant(
  db: Queryable,
  overrides: { slug?: string; timezone?: string; name?: string } = {},
): Promise<{ id: string; slug: string; timezone: string }> {
  const slug = overrides.slug ?? `test-${randomBytes(3).toString("hex")}`;
  return db
    .insertInto("restaurants")
    .values({ slug, name: overrides.name ?? `Test ${slug}`, timezone: overrides.timezone ?? "Europe/London" })
    .returning(["id", "slug", "timezone"])
    .executeTakeFirstOrThrow();
}

export async function seedZone(
  db: Queryable,
  { restaurantId, name = "Main" }: { restaurantId: string; name?: string },
) {
  return db.insertInto("zones").values({ restaurant_id: restaurantId, name }).returning("id").executeTakeFirstOrThrow();
}

export type TableSpec = { label: string; capacity: number; minParty?: number; mergeable?: boolean; active?: boolean };

/** Inserts tables into one zone and returns their ids by label. */
export async function seedTables(
  db: Queryable,
  { restaurantId, zoneId, tables }: { restaurantId: string; zoneId: string; tables: TableSpec[] },
): Promise<Record<string, string>> {
  const rows = await db
    .insertInto("tables")
    .values(
      tables.map((t, i) => ({
        restaurant_id: restaurantId,
        zone_id: zoneId,
        label: t.label,
        capacity: t.capacity,
        min_party: t.minParty ?? 1,
        mergeable: t.mergeable ?? true,
        active: t.active ?? true,
        x: i * 2,
      })),
    )
    .returning(["id", "label"])
    .execute();
  return Object.fromEntries(rows.map((r) => [r.label, r.id]));
}

/** Inserts one undirected adjacency edge in canonical order (smaller id first). */
export async function seedAdjacency(
  db: Queryable,
  { restaurantId, a, b }: { restaurantId: string; a: string; b: string },
) {
  const [tableA, tableB] = a < b ? [a, b] : [b, a];
  await db
    .insertInto("table_adjacency")
    .values({ restaurant_id: restaurantId, table_a: tableA, table_b: tableB })
    .execute();
}

export async function seedBookingRow(
  db: Queryable,
  {
    restaurantId,
    partySize = 2,
    startsAt,
    endsAt,
    guestName = "Test Guest",
  }: { restaurantId: string; partySize?: number; startsAt: string; endsAt: string; guestName?: string },
): Promise<{ id: string; reference: string }> {
  return db
    .insertInto("bookings")
    .values({
      restaurant_id: restaurantId,
      reference: randomBytes(4).toString("hex").toUpperCase(),
      guest_name: guestName,
      party_size: partySize,
      starts_at: startsAt,
      ends_at: endsAt,
      source: "ops",
      service_period_id: null,
      guest_email: null,
      guest_phone: null,
      notes: null,
      preferred_zone_id: null,
      review_reason: null,
      idempotency_key: null,
    })
    .returning(["id", "reference"])
    .executeTakeFirstOrThrow();
}
