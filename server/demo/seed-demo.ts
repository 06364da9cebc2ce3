import type { TCoordinatorDeps } from "@/server/coordinator/coordinator-deps";
import { toZonedParts } from "@/server/time/zoned-time";
import { DEMO_VENUES } from "./demo-venues";
import { LARGE_DEMO_VENUE } from "./large-demo-venue";
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
 * `largeVenue` adds the large venue (MAITRE_DEMO_LARGE_VENUE), seeded on its today (`date` if given) even after
 * the last seating: the performance target is today's timeline at 60 tables / 250 bookings.
 */
export async function seedDemo({
  deps,
  date,
  largeVenue = false,
  now = new Date(),
}: {
  deps: TCoordinatorDeps;
  date?: string;
  largeVenue?: boolean;
  now?: Date;
}): Promise<SeedDemoReport> {
  const venueList = largeVenue ? [...DEMO_VENUES, LARGE_DEMO_VENUE] : DEMO_VENUES;
  const venues = await deps.db.transaction(async (tx) => {
    const staffIds = await seedDemoStaff(tx);
    const seeded = [];
    for (const venue of venueList) seeded.push({ venue, seeded: await seedDemoVenue(tx, venue, staffIds) });
    return seeded;
  });
  const bookings: Record<string, TSeedBookingsReport> = {};
  for (const { venue, seeded } of venues) {
    if (venue !== LARGE_DEMO_VENUE) {
      bookings[venue.slug] = await seedDemoBookings({ deps, venue, seeded, date, now });
      continue;
    }
    const day = date ?? toZonedParts(now, venue.timezone).date;
    bookings[venue.slug] = await seedDemoBookings({ deps, venue, seeded, date: day, now });
  }
  return {
    restaurants: venues.length,
    tables: venues.reduce((sum, v) => sum + Object.keys(v.seeded.tableIds).length, 0),
    bookings,
  };
}
