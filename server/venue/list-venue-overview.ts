import { sql } from "kysely";
import { DEMO_API_KEYS, DEMO_PASSWORD, DEMO_STAFF } from "@/server/demo/demo-credentials";
import { getEnv } from "@/server/env";
import { getDb } from "@/server/infra/db/get-db";

export type TVenueOverview = {
  venues: Array<{
    slug: string;
    name: string;
    timezone: string;
    zones: number;
    tables: number;
    bookingsToday: { total: number; byStatus: Record<string, number> };
  }>;
  demoSignIn: null | {
    password: string;
    accounts: Array<{ email: string; role: string }>;
    apiKeys: Array<{ slug: string; key: string }>;
  };
};

/** The landing page's summary: each restaurant with its size and today's bookings (today in its own zone). */
export async function listVenueOverview(): Promise<TVenueOverview> {
  const db = await getDb();
  const venues = await db.kysely
    .selectFrom("restaurants as r")
    .select((eb) => [
      "r.slug",
      "r.name",
      "r.timezone",
      eb
        .selectFrom("zones")
        .whereRef("zones.restaurant_id", "=", "r.id")
        .select(eb.fn.countAll<number>().as("n"))
        .as("zones"),
      eb
        .selectFrom("tables")
        .whereRef("tables.restaurant_id", "=", "r.id")
        .select(eb.fn.countAll<number>().as("n"))
        .as("tables"),
      sql<Record<string, number> | null>`(
        select jsonb_object_agg(status, n) from (
          select b.status, count(*)::int as n from bookings b
          where b.restaurant_id = r.id
            and (b.starts_at at time zone r.timezone)::date = (now() at time zone r.timezone)::date
          group by b.status) s)`.as("by_status"),
    ])
    .orderBy("r.name")
    .execute();
  const showDemo = getEnv().NODE_ENV !== "production" && venues.some((v) => v.slug in DEMO_API_KEYS);
  return {
    venues: venues.map((v) => {
      const byStatus = v.by_status ?? {};
      return {
        slug: v.slug,
        name: v.name,
        timezone: v.timezone,
        zones: Number(v.zones),
        tables: Number(v.tables),
        bookingsToday: { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus },
      };
    }),
    demoSignIn: showDemo
      ? {
          password: DEMO_PASSWORD,
          accounts: DEMO_STAFF.map((s) => ({ email: s.email, role: s.role })),
          apiKeys: Object.entries(DEMO_API_KEYS).map(([slug, key]) => ({ slug, key })),
        }
      : null,
  };
}
