import type { TCoordinatorDeps } from "@/server/coordinator/coordinator-deps";
import { getEnv } from "@/server/env";
import { type SeedDemoReport, seedDemo } from "./seed-demo";

export class DemoSeedRefusedError extends Error {
  override name = "DemoSeedRefusedError";
}

/**
 * Seeds the demo venues when the database has no restaurant yet; a database with data is never touched
 * (restarting the app keeps what ops did). The demo credentials are public, so production refuses.
 */
export async function ensureDemoData({
  deps,
  date,
}: {
  deps: TCoordinatorDeps;
  date?: string;
}): Promise<{ seeded: boolean } & Partial<SeedDemoReport>> {
  if (getEnv().NODE_ENV === "production") {
    throw new DemoSeedRefusedError(
      "Refusing to seed demo data with NODE_ENV=production: its sign-ins and API keys are public. Unset DEMO_SEED.",
    );
  }
  const existing = await deps.db.kysely.selectFrom("restaurants").select("id").limit(1).executeTakeFirst();
  if (existing) return { seeded: false };
  const report = await seedDemo({ deps, date, largeVenue: getEnv().MAITRE_DEMO_LARGE_VENUE });
  return { seeded: true, ...report };
}
