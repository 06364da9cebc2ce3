import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { seedBookingRow, seedRestaurant } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import type { Queryable, Tx } from "./open-db";

/**
 * Supabase row-level security (supabase/migrations/20261130000900_row_level_security.sql), on PGlite and
 * PostgreSQL: both have roles and RLS, and the migration stubs Supabase's `auth` schema, auth.uid() and the
 * `anon`/`authenticated` roles where they are missing. A request is simulated as PostgREST makes it: SET LOCAL
 * ROLE plus the JWT's `sub` in request.jwt.claim.sub, inside one transaction.
 */
type TRequestRole = "authenticated" | "anon";

/** Postgres error code of a rejected statement (the test fails if the statement succeeds). */
async function sqlState(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
  throw new Error("expected the statement to be rejected");
}

describeEachBackend("row-level security", ({ db }) => {
  let mine: string;
  let theirs: string;
  let memberSub: string;
  let myBooking: string;
  let theirBooking: string;

  beforeAll(async () => {
    const k = db().kysely;
    mine = (await seedRestaurant(k)).id;
    theirs = (await seedRestaurant(k)).id;
    myBooking = (
      await seedBookingRow(k, { restaurantId: mine, startsAt: "2026-05-01T18:00:00Z", endsAt: "2026-05-01T20:00:00Z" })
    ).id;
    theirBooking = (
      await seedBookingRow(k, {
        restaurantId: theirs,
        startsAt: "2026-05-01T18:00:00Z",
        endsAt: "2026-05-01T20:00:00Z",
      })
    ).id;
    memberSub = randomUUID();
    const user = await k
      .insertInto("staff_users")
      .values({
        email: `rls-${memberSub.slice(0, 8)}@example.test`,
        display_name: "RLS Host",
        password_hash: "scrypt$not-a-real-hash",
        supabase_user_id: memberSub,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await k
      .insertInto("restaurant_memberships")
      .values({ staff_user_id: user.id, restaurant_id: mine, role: "host" })
      .execute();
  });

  /** Runs fn as PostgREST would for a request with this role and JWT subject; always rolled back. */
  async function as<T>(role: TRequestRole, sub: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const rollback = new Error("rollback");
    let result: T | undefined;
    try {
      await db().transaction(async (tx) => {
        await sql`select set_config('request.jwt.claim.sub', ${sub ?? ""}, true)`.execute(tx);
        await sql.raw(`set local role ${role}`).execute(tx);
        result = await fn(tx);
        throw rollback;
      });
    } catch (error) {
      if (error !== rollback) throw error;
    }
    return result as T;
  }
  const bookingIds = (tx: Queryable) =>
    tx
      .selectFrom("bookings")
      .select("id")
      .execute()
      .then((rows) => rows.map((row) => row.id));

  /** Public tables without RLS, and tables with a restaurant_id but no policy for `authenticated`. */
  async function unprotectedTables() {
    const { rows } = await sql<{ table_name: string; rls: boolean; tenant: boolean; policies: number }>`
      select c.relname as table_name, c.relrowsecurity as rls,
             exists (select 1 from information_schema.columns col
                     where col.table_schema = 'public' and col.table_name = c.relname
                       and col.column_name = 'restaurant_id') as tenant,
             (select count(*)::int from pg_policies p
              where p.schemaname = 'public' and p.tablename = c.relname
                and 'authenticated' = any (p.roles)) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      order by c.relname`.execute(db().kysely);
    return {
      tenantTables: rows.filter((row) => row.tenant).map((row) => row.table_name),
      withoutRls: rows.filter((row) => !row.rls).map((row) => row.table_name),
      tenantWithoutPolicy: rows.filter((row) => row.tenant && row.policies === 0).map((row) => row.table_name),
    };
  }

  it("enables RLS on every table of the public schema, with a policy on every table that has a restaurant_id", async () => {
    const found = await unprotectedTables();
    // The core tenant tables are found by the query (so it is not vacuously true) …
    expect(found.tenantTables).toEqual(expect.arrayContaining(["bookings", "holds", "allocations", "api_keys"]));
    // … and a table added later without RLS or without a member policy fails here, by name.
    expect(found.withoutRls).toEqual([]);
    expect(found.tenantWithoutPolicy).toEqual([]);
  });

  it("names a tenant table added without RLS (the check above bites)", async () => {
    await sql`create table rls_probe (id int, restaurant_id uuid)`.execute(db().kysely);
    try {
      const found = await unprotectedTables();
      expect(found.withoutRls).toEqual(["rls_probe"]);
      expect(found.tenantWithoutPolicy).toEqual(["rls_probe"]);
    } finally {
      await sql`drop table rls_probe`.execute(db().kysely);
    }
  });

  it("shows a member their restaurant's rows and not another restaurant's", async () => {
    const seen = await as("authenticated", memberSub, async (tx) => ({
      bookings: await bookingIds(tx),
      restaurants: (await tx.selectFrom("restaurants").select("id").execute()).map((row) => row.id),
      memberships: (await tx.selectFrom("restaurant_memberships").select("restaurant_id").execute()).map(
        (row) => row.restaurant_id,
      ),
      me: await tx.selectFrom("staff_users").select(["display_name"]).execute(),
    }));
    expect(seen.bookings).toContain(myBooking);
    expect(seen.bookings).not.toContain(theirBooking);
    expect(seen.restaurants).toEqual([mine]);
    expect(seen.memberships).toEqual([mine]);
    expect(seen.me).toEqual([{ display_name: "RLS Host" }]);
  });

  it("never shows a password hash and refuses writes by a member (writes go through the API)", async () => {
    expect(
      await sqlState(() => as("authenticated", memberSub, (tx) => tx.selectFrom("staff_users").selectAll().execute())),
    ).toBe("42501");
    expect(
      await sqlState(() =>
        as("authenticated", memberSub, (tx) =>
          tx.updateTable("bookings").set({ notes: "edited directly" }).where("id", "=", myBooking).execute(),
        ),
      ),
    ).toBe("42501");
  });

  it("shows a signed-in Supabase user with no membership nothing", async () => {
    expect(await as("authenticated", randomUUID(), bookingIds)).toEqual([]);
    expect(await as("authenticated", null, bookingIds)).toEqual([]);
  });

  it("gives anon nothing", async () => {
    // Its privileges are revoked (and no policy names it): a read is refused outright.
    expect(await sqlState(() => as("anon", memberSub, bookingIds))).toBe("42501");
    expect(await sqlState(() => as("anon", null, (tx) => tx.selectFrom("restaurants").select("id").execute()))).toBe(
      "42501",
    );
  });

  it("leaves the server's own role (the tables' owner) seeing and writing everything", async () => {
    const ids = await bookingIds(db().kysely);
    expect(ids).toEqual(expect.arrayContaining([myBooking, theirBooking]));
    const { rows } = await sql<{ bypass: boolean }>`
      select (r.rolsuper or r.rolbypassrls or c.relowner = r.oid) as bypass
      from pg_roles r, pg_class c where r.rolname = current_user and c.oid = 'public.bookings'::regclass`.execute(
      db().kysely,
    );
    expect(rows[0]?.bypass).toBe(true);
  });
});
