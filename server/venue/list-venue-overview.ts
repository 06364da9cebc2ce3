import { countBookingsTodayByStatus } from "@/server/booking/count-bookings-today";
import type { Queryable } from "@/server/infra/db/open-db";

export type TVenueOverview = Array<{
  slug: string;
  name: string;
  timezone: string;
  zones: number;
  tables: number;
  bookingsToday: { total: number; byStatus: Record<string, number> };
}>;

/** The landing page's summary: each restaurant with its size and today's bookings (today in its own zone). */
export async function listVenueOverview(db: Queryable): Promise<TVenueOverview> {
  const [venues, today] = await Promise.all([
    db
      .selectFrom("restaurants as r")
      .select((eb) => [
        "r.id",
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
      ])
      .orderBy("r.name")
      .execute(),
    countBookingsTodayByStatus(db),
  ]);
  return venues.map((v) => {
    const byStatus: Record<string, number> = { ...today.get(v.id) };
    return {
      slug: v.slug,
      name: v.name,
      timezone: v.timezone,
      zones: Number(v.zones),
      tables: Number(v.tables),
      bookingsToday: { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus },
    };
  });
}
