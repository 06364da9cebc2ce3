import { apiKeyPrefix, hashApiKey } from "@/server/auth/api-key";
import { hashPassword } from "@/server/auth/hash-password";
import type { Tx } from "@/server/infra/db/open-db";
import { DEMO_API_KEYS, DEMO_PASSWORD, DEMO_STAFF } from "./demo-credentials";
import { type DemoTable, type DemoVenue, TURN_TIMES } from "./demo-venues";

export type SeededVenue = {
  restaurantId: string;
  tableIds: Record<string, string>;
  zoneIds: Record<string, string>;
};

const ZONE_GAP = 2;
const TABLE_GAP = 0.6;
const ROW_GAP = 1.4;

function footprint(table: DemoTable): { width: number; height: number } {
  if (table.shape === "round") return { width: 1.8, height: 1.8 };
  if (table.capacity <= 2) return { width: 0.8, height: 0.8 };
  return { width: 0.6 * Math.ceil(table.capacity / 2), height: 0.9 };
}

/**
 * Writes one demo restaurant's configuration: zones laid out side by side on the floor plan, tables in rows
 * with an adjacency edge between neighbours in a row, service periods with turn times and pacing, staff
 * memberships and the restaurant's API key. Bookings are created separately, through the use cases.
 */
export async function seedDemoVenue(tx: Tx, venue: DemoVenue, staffIds: Record<string, string>): Promise<SeededVenue> {
  const restaurant = await tx
    .insertInto("restaurants")
    .values({
      slug: venue.slug,
      name: venue.name,
      timezone: venue.timezone,
      planner_config: JSON.stringify({ policy: { maxTablesPerPlan: 3, maxOverage: 4, requireAdjacency: true } }),
      optimizer_config: JSON.stringify({}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const restaurantId = restaurant.id;
  const zoneIds: Record<string, string> = {};
  const tableIds: Record<string, string> = {};
  let zoneX = 0;

  for (const [zoneIndex, zone] of venue.zones.entries()) {
    const { id: zoneId } = await tx
      .insertInto("zones")
      .values({ restaurant_id: restaurantId, name: zone.name, sort_order: zoneIndex })
      .returning("id")
      .executeTakeFirstOrThrow();
    zoneIds[zone.name] = zoneId;
    let number = 1;
    let y = 0;
    let zoneWidth = 0;
    for (const row of zone.rows) {
      let x = zoneX;
      let rowHeight = 0;
      const rowIds: string[] = [];
      for (const table of row) {
        const { width, height } = footprint(table);
        const label = `${zone.prefix}${number++}`;
        const { id } = await tx
          .insertInto("tables")
          .values({
            restaurant_id: restaurantId,
            zone_id: zoneId,
            label,
            capacity: table.capacity,
            min_party: table.minParty ?? 1,
            mergeable: table.mergeable ?? true,
            online_bookable: table.online ?? true,
            priority: table.capacity <= 2 ? 1 : 0,
            shape: table.shape ?? "rect",
            x,
            y,
            width,
            height,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        tableIds[label] = id;
        rowIds.push(id);
        x += width + TABLE_GAP;
        rowHeight = Math.max(rowHeight, height);
      }
      for (let i = 1; i < rowIds.length; i++) {
        const [a, b] = [rowIds[i - 1] as string, rowIds[i] as string].sort() as [string, string];
        await tx
          .insertInto("table_adjacency")
          .values({ restaurant_id: restaurantId, table_a: a, table_b: b })
          .execute();
      }
      zoneWidth = Math.max(zoneWidth, x - zoneX);
      y += rowHeight + ROW_GAP;
    }
    zoneX += zoneWidth + ZONE_GAP;
  }

  for (const period of venue.servicePeriods) {
    const { id: periodId } = await tx
      .insertInto("service_periods")
      .values({
        restaurant_id: restaurantId,
        name: period.name,
        days_of_week: period.days,
        opens_at: period.opens,
        last_seating_at: period.lastSeating,
        closes_at: period.closes,
        buffer_minutes: 15,
        pacing_covers_per_slot: period.pacingCovers,
        pacing_online_covers_per_slot: period.pacingOnlineCovers,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("service_turn_times")
      .values(
        TURN_TIMES.map((tt) => ({
          service_period_id: periodId,
          max_party_size: tt.maxPartySize,
          turn_minutes: tt.minutes,
        })),
      )
      .execute();
  }

  await tx
    .insertInto("restaurant_memberships")
    .values(
      DEMO_STAFF.map((s) => ({
        staff_user_id: staffIds[s.email] as string,
        restaurant_id: restaurantId,
        role: s.role,
      })),
    )
    .execute();

  const key = DEMO_API_KEYS[venue.slug];
  const prefix = key ? apiKeyPrefix(key) : null;
  if (key && prefix) {
    await tx
      .insertInto("api_keys")
      .values({ restaurant_id: restaurantId, name: "Demo booking client", prefix, key_hash: hashApiKey(key) })
      .execute();
  }
  return { restaurantId, tableIds, zoneIds };
}

export async function seedDemoStaff(tx: Tx): Promise<Record<string, string>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const rows = await tx
    .insertInto("staff_users")
    .values(DEMO_STAFF.map((s) => ({ email: s.email, display_name: s.displayName, password_hash: passwordHash })))
    .returning(["id", "email"])
    .execute();
  return Object.fromEntries(rows.map((r) => [r.email, r.id]));
}
