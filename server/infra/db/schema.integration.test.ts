import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { seedAdjacency, seedBookingRow, seedRestaurant, seedTables, seedZone } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { countAppliedMigrations, migrate, readMigrations } from "./migrate";

/** Postgres error code of a rejected statement (the test fails if the statement succeeds). */
async function sqlState(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
  throw new Error("expected the statement to be rejected");
}

describeEachBackend("schema invariants", ({ db }) => {
  let restaurantId: string;
  let tables: Record<string, string>;

  beforeAll(async () => {
    const restaurant = await seedRestaurant(db().kysely);
    restaurantId = restaurant.id;
    const zone = await seedZone(db().kysely, { restaurantId });
    tables = await seedTables(db().kysely, {
      restaurantId,
      zoneId: zone.id,
      tables: [
        { label: "T1", capacity: 4 },
        { label: "T2", capacity: 4 },
        { label: "T3", capacity: 2 },
      ],
    });
  });

  async function allocate({ table, start, end }: { table: string; start: string; end: string }) {
    const booking = await seedBookingRow(db().kysely, { restaurantId, startsAt: start, endsAt: end });
    await db()
      .kysely.insertInto("allocations")
      .values({
        restaurant_id: restaurantId,
        table_id: table,
        booking_id: booking.id,
        hold_id: null,
        kind: "assignment",
        during: sql<string>`tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)')`,
        assignment_group: randomUUID(),
        expires_at: null,
      })
      .execute();
  }

  it("rejects an overlapping allocation on one table (exclusion constraint)", async () => {
    const table = tables.T1 as string;
    await allocate({ table, start: "2026-03-06T18:00:00Z", end: "2026-03-06T19:30:00Z" });
    const code = await sqlState(() => allocate({ table, start: "2026-03-06T19:00:00Z", end: "2026-03-06T20:00:00Z" }));
    expect(code).toBe("23P01");
    const count = await db()
      .kysely.selectFrom("allocations")
      .where("table_id", "=", table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("accepts back-to-back windows on one table (half-open ranges) and overlaps on other tables", async () => {
    const table = tables.T2 as string;
    await allocate({ table, start: "2026-03-06T11:30:00Z", end: "2026-03-06T13:04:00Z" });
    await allocate({ table, start: "2026-03-06T13:04:00Z", end: "2026-03-06T14:30:00Z" });
    await allocate({ table: tables.T3 as string, start: "2026-03-06T12:00:00Z", end: "2026-03-06T14:00:00Z" });
    const rows = await db().kysely.selectFrom("allocations").where("table_id", "=", table).select("id").execute();
    expect(rows).toHaveLength(2);
  });

  it("rejects a reversed adjacency pair and a duplicate pair", async () => {
    const [low, high] = [tables.T1 as string, tables.T2 as string].sort() as [string, string];
    await seedAdjacency(db().kysely, { restaurantId, a: high, b: low });
    const reversed = await sqlState(() =>
      db()
        .kysely.insertInto("table_adjacency")
        .values({ restaurant_id: restaurantId, table_a: high, table_b: low })
        .execute(),
    );
    expect(reversed).toBe("23514"); // check_violation: table_a < table_b
    const duplicate = await sqlState(() =>
      db()
        .kysely.insertInto("table_adjacency")
        .values({ restaurant_id: restaurantId, table_a: low, table_b: high })
        .execute(),
    );
    expect(duplicate).toBe("23505"); // unique_violation
  });

  it("rejects adjacency between tables of different restaurants", async () => {
    const other = await seedRestaurant(db().kysely);
    const zone = await seedZone(db().kysely, { restaurantId: other.id });
    const foreign = await seedTables(db().kysely, {
      restaurantId: other.id,
      zoneId: zone.id,
      tables: [{ label: "X", capacity: 2 }],
    });
    const code = await sqlState(() =>
      seedAdjacency(db().kysely, { restaurantId, a: tables.T3 as string, b: foreign.X as string }),
    );
    expect(code).toBe("23503"); // foreign_key_violation: both ends must belong to the row's restaurant
  });

  it("rejects a status change that is not in booking_transitions, even from raw SQL", async () => {
    const booking = await seedBookingRow(db().kysely, {
      restaurantId,
      startsAt: "2026-03-07T19:00:00Z",
      endsAt: "2026-03-07T20:30:00Z",
    });
    const skip = await sqlState(() =>
      sql`update bookings set status = 'confirmed', state_version = state_version + 1 where id = ${booking.id}`.execute(
        db().kysely,
      ),
    );
    expect(skip).toBe("MT422");
    await sql`update bookings set status = 'capacity_verified', state_version = state_version + 1 where id = ${booking.id}`.execute(
      db().kysely,
    );
    const sameVersion = await sqlState(() =>
      sql`update bookings set status = 'assignment_pending' where id = ${booking.id}`.execute(db().kysely),
    );
    expect(sameVersion).toBe("MT409");
    const row = await db()
      .kysely.selectFrom("bookings")
      .select(["status", "state_version"])
      .where("id", "=", booking.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "capacity_verified", state_version: 1 });
  });

  it("rejects a booking inserted in any state but created", async () => {
    const code = await sqlState(() =>
      sql`insert into bookings (restaurant_id, reference, guest_name, party_size, starts_at, ends_at, source, status)
          values (${restaurantId}, 'SNEAKY01', 'X', 2, now(), now() + interval '1 hour', 'ops', 'confirmed')`.execute(
        db().kysely,
      ),
    );
    expect(code).toBe("MT422");
  });

  it("rejects an unknown time zone", async () => {
    const code = await sqlState(() => seedRestaurant(db().kysely, { timezone: "Mars/Olympus_Mons" }));
    expect(code).toBe("22023");
  });

  it("bumps the venue version when tables, adjacency or planner config change, and deletes cleanly", async () => {
    const venueVersion = async (id: string) =>
      Number(
        (
          await db()
            .kysely.selectFrom("restaurants")
            .select("venue_version")
            .where("id", "=", id)
            .executeTakeFirstOrThrow()
        ).venue_version,
      );
    const other = await seedRestaurant(db().kysely);
    const v0 = await venueVersion(other.id);
    const zone = await seedZone(db().kysely, { restaurantId: other.id });
    const ids = await seedTables(db().kysely, {
      restaurantId: other.id,
      zoneId: zone.id,
      tables: [
        { label: "A", capacity: 4 },
        { label: "B", capacity: 4 },
      ],
    });
    const v1 = await venueVersion(other.id);
    expect(v1).toBeGreaterThan(v0);
    await seedAdjacency(db().kysely, { restaurantId: other.id, a: ids.A as string, b: ids.B as string });
    const v2 = await venueVersion(other.id);
    expect(v2).toBeGreaterThan(v1);
    await db()
      .kysely.updateTable("restaurants")
      .set({ planner_config: JSON.stringify({ policy: { maxOverage: 2 } }) })
      .where("id", "=", other.id)
      .execute();
    expect(await venueVersion(other.id)).toBe(v2 + 1);
    await db().kysely.updateTable("restaurants").set({ name: "Renamed" }).where("id", "=", other.id).execute();
    expect(await venueVersion(other.id)).toBe(v2 + 1);
    const booking = await seedBookingRow(db().kysely, {
      restaurantId: other.id,
      startsAt: "2026-03-08T19:00:00Z",
      endsAt: "2026-03-08T20:00:00Z",
    });
    await db()
      .kysely.insertInto("allocations")
      .values({
        restaurant_id: other.id,
        table_id: ids.A as string,
        booking_id: booking.id,
        hold_id: null,
        kind: "assignment",
        during: "[2026-03-08 19:00:00+00,2026-03-08 20:00:00+00)",
        assignment_group: randomUUID(),
        expires_at: null,
      })
      .execute();
    await db().kysely.deleteFrom("restaurants").where("id", "=", other.id).execute();
    expect(await db().kysely.selectFrom("tables").select("id").where("restaurant_id", "=", other.id).execute()).toEqual(
      [],
    );
  });

  it("re-running migrations applies nothing and keeps the ledger", async () => {
    const report = await migrate(db());
    expect(report.applied).toEqual([]);
    expect(report.skipped).toBe(readMigrations().length);
    expect(await countAppliedMigrations(db())).toBe(readMigrations().length);
  });
});

describe("migration files", () => {
  it("are named in order with Supabase CLI timestamps", () => {
    const names = readMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    expect([...names].sort()).toEqual(names);
  });
});
