import type { TCoordinatorDeps } from "@/server/coordinator/coordinator-deps";
import { DEMO_VENUES } from "./demo-venues";
import { seedDemoBookings, type TSeedBookingsReport } from "./seed-demo-bookings";
import { seedDemoStaff, seedDemoVenue } from "./seed-demo-venue";

export type SeedDemoReport = {
  restaurants: number;
  tables: number;
  bookings: Record<string, TSeedBookingsReport>;
};

/**
 * The demo: venues, staff and keys in one transaction (all or nothing), then a day of bookings per venue through
 * the booking use cases and the coordinator, so every booking has its history and every seated one its tables.
 */
export async function seedDemo({ deps, date }: { deps: TCoordinatorDeps; date?: string }): Promise<SeedDemoReport> {
  const venues = await deps.db.transaction(async (tx) => {
    const staffIds = await seedDemoStaff(tx);
    const seeded = [];
    for (const venue of DEMO_VENUES) seeded.push({ venue, seeded: await seedDemoVenue(tx, venue, staffIds) });
    return seeded;
  });
  const bookings: Record<string, TSeedBookingsReport> = {};
  for (const { venue, seeded } of venues) {
    bookings[venue.slug] = await seedDemoBookings({ deps, venue, seeded, date });
  }
  return {
    restaurants: venues.length,
    tables: venues.reduce((sum, v) => sum + Object.keys(v.seeded.tableIds).length, 0),
    bookings,
  };
}
