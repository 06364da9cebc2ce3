import type { Db } from "@/server/infra/db/open-db";
import type { Logger } from "@/server/infra/telemetry/logger";
import { DEMO_VENUES } from "./demo-venues";
import { seedDemoStaff, seedDemoVenue } from "./seed-demo-venue";

export type SeedDemoReport = { restaurants: number; tables: number; bookings: number; date: string | null };

/** The demo venues (one transaction, all or nothing). */
export async function seedDemo({ db }: { db: Db; log?: Logger; date?: string }): Promise<SeedDemoReport> {
  const venues = await db.transaction(async (tx) => {
    const staffIds = await seedDemoStaff(tx);
    const seeded = [];
    for (const venue of DEMO_VENUES) seeded.push(await seedDemoVenue(tx, venue, staffIds));
    return seeded;
  });
  return {
    restaurants: venues.length,
    tables: venues.reduce((sum, v) => sum + Object.keys(v.tableIds).length, 0),
    bookings: 0,
    date: null,
  };
}
