import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "@/server/auth/api-key";
import { createBooking, type TCreatedBooking } from "@/server/booking/create-booking";
import type { Db, Queryable } from "@/server/infra/db/open-db";
import type { BookingSource } from "@/server/infra/db/schema";

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

export type TurnTimeSpec = { maxPartySize: number; turnMinutes: number };

/** A service period (every day by default, 17:00–21:30 seatings, closes 23:30) with its turn times. */
export async function seedServicePeriod(
  db: Queryable,
  {
    restaurantId,
    name = "Dinner",
    daysOfWeek = [1, 2, 3, 4, 5, 6, 7],
    opensAt = "17:00",
    lastSeatingAt = "21:30",
    closesAt = "23:30",
    bufferMinutes = 15,
    turnTimes = [
      { maxPartySize: 2, turnMinutes: 90 },
      { maxPartySize: 4, turnMinutes: 105 },
      { maxPartySize: 6, turnMinutes: 120 },
      { maxPartySize: 12, turnMinutes: 150 },
    ],
    pacingCoversPerSlot = null,
    pacingOnlineCoversPerSlot = null,
  }: {
    restaurantId: string;
    name?: string;
    daysOfWeek?: number[];
    opensAt?: string;
    lastSeatingAt?: string;
    closesAt?: string;
    bufferMinutes?: number;
    turnTimes?: TurnTimeSpec[];
    pacingCoversPerSlot?: number | null;
    pacingOnlineCoversPerSlot?: number | null;
  },
): Promise<{ id: string }> {
  const period = await db
    .insertInto("service_periods")
    .values({
      restaurant_id: restaurantId,
      name,
      days_of_week: daysOfWeek,
      opens_at: opensAt,
      last_seating_at: lastSeatingAt,
      closes_at: closesAt,
      buffer_minutes: bufferMinutes,
      pacing_covers_per_slot: pacingCoversPerSlot,
      pacing_online_covers_per_slot: pacingOnlineCoversPerSlot,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (turnTimes.length > 0) {
    await db
      .insertInto("service_turn_times")
      .values(
        turnTimes.map((t) => ({
          service_period_id: period.id,
          max_party_size: t.maxPartySize,
          turn_minutes: t.turnMinutes,
        })),
      )
      .execute();
  }
  return period;
}

export const SEED_ACTOR = { type: "system", id: "test-seed" } as const;

/** A booking created through the real use case (window from the service period, queued for assignment). */
export async function seedBooking(
  db: Db,
  {
    restaurantId,
    partySize = 2,
    startsAt,
    guestName = "Test Guest",
    source = "phone",
    idempotencyKey,
  }: {
    restaurantId: string;
    partySize?: number;
    startsAt: Date | string;
    guestName?: string;
    source?: BookingSource;
    idempotencyKey?: string;
  },
): Promise<TCreatedBooking> {
  const created = await createBooking({
    db,
    restaurantId,
    actor: SEED_ACTOR,
    partySize,
    startsAt,
    guestName,
    source,
    idempotencyKey,
  });
  return created.body;
}

/** Makes a hold look as if its TTL ran out a minute ago (tests cannot wait for a real expiry). */
export async function expireHold(db: Queryable, holdId: string): Promise<void> {
  await sql`update holds set created_at = now() - interval '10 minutes', expires_at = now() - interval '1 minute'
            where id = ${holdId}`.execute(db);
  await sql`update allocations set expires_at = now() - interval '1 minute' where hold_id = ${holdId}`.execute(db);
}

export type EveningScenario = {
  restaurantId: string;
  zoneId: string;
  timezone: string;
  /** Table ids by label. */
  tables: Record<string, string>;
  /** `date` defaults to the scenario's evening; `at` is local wall time in the restaurant. */
  book(request: {
    party: number;
    at: string;
    date?: string;
    source?: BookingSource;
    guestName?: string;
  }): Promise<TCreatedBooking>;
};

/**
 * A time zone where it is daytime now (local hour 09–17): for tests that book "now" (a walk-in seated at once) on a
 * restaurant open all day, which would otherwise fail in the minutes around its local midnight, whenever CI runs.
 */
export function zoneWhereItIsDaytime(now: Date = new Date()): string {
  const zones = [
    "Europe/London",
    "Asia/Tokyo",
    "America/New_York",
    "Asia/Kolkata",
    "America/Los_Angeles",
    "Pacific/Auckland",
  ];
  const hourIn = (timeZone: string) =>
    Number(new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(now));
  const zone = zones.find((z) => hourIn(z) >= 9 && hourIn(z) <= 17);
  if (!zone) throw new Error(`no listed time zone is in daytime at ${now.toISOString()}`);
  return zone;
}

/**
 * A restaurant with one dining room and a dinner service every day. `tables: "chain-of-4"` seeds A–B–C–D (4 seats
 * each, adjacent in a line); otherwise the given tables, with `adjacency` as label pairs.
 */
export async function setupEveningScenario(
  db: Db,
  {
    timezone = "Europe/London",
    tables = "chain-of-4",
    adjacency,
    date = "2027-03-05",
    plannerConfig,
    servicePeriod = {},
  }: {
    timezone?: string;
    tables?: "chain-of-4" | TableSpec[];
    adjacency?: [string, string][];
    date?: string;
    plannerConfig?: Record<string, unknown>;
    servicePeriod?: Omit<Parameters<typeof seedServicePeriod>[1], "restaurantId">;
  } = {},
): Promise<EveningScenario> {
  const restaurant = await seedRestaurant(db.kysely, { timezone });
  if (plannerConfig) {
    await db.kysely
      .updateTable("restaurants")
      .set({ planner_config: JSON.stringify(plannerConfig) })
      .where("id", "=", restaurant.id)
      .execute();
  }
  const zone = await seedZone(db.kysely, { restaurantId: restaurant.id });
  const chain = tables === "chain-of-4";
  const specs = chain ? ["A", "B", "C", "D"].map((label) => ({ label, capacity: 4 })) : tables;
  const ids = await seedTables(db.kysely, { restaurantId: restaurant.id, zoneId: zone.id, tables: specs });
  const edges: [string, string][] =
    adjacency ??
    (chain
      ? [
          ["A", "B"],
          ["B", "C"],
          ["C", "D"],
        ]
      : []);
  for (const [a, b] of edges) {
    await seedAdjacency(db.kysely, { restaurantId: restaurant.id, a: ids[a] as string, b: ids[b] as string });
  }
  await seedServicePeriod(db.kysely, { restaurantId: restaurant.id, ...servicePeriod });
  return {
    restaurantId: restaurant.id,
    zoneId: zone.id,
    timezone,
    tables: ids,
    book: ({ party, at, date: day = date, source, guestName }) =>
      seedBooking(db, {
        restaurantId: restaurant.id,
        partySize: party,
        startsAt: `${day}T${at}`,
        source,
        guestName,
      }),
  };
}

/** A booking client's API key for the restaurant (the key itself is returned; only its hash is stored). `key`
 * seeds a given value (a demo key, say); `revoked` seeds one that was revoked. */
export async function seedApiKey(
  db: Queryable,
  {
    restaurantId,
    key = generateApiKey().key,
    scopes,
    revoked = false,
  }: { restaurantId: string; key?: string; scopes?: string[]; revoked?: boolean },
): Promise<string> {
  await db
    .insertInto("api_keys")
    .values({
      restaurant_id: restaurantId,
      name: "Test client",
      prefix: apiKeyPrefix(key) as string,
      key_hash: hashApiKey(key),
      ...(scopes ? { scopes } : {}),
      ...(revoked ? { revoked_at: new Date() } : {}),
    })
    .execute();
  return key;
}
