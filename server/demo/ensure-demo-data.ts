import { getEnv } from "@/server/env";
import type { Db } from "@/server/infra/db/open-db";
import type { Logger } from "@/server/infra/telemetry/logger";
import { type SeedDemoReport, seedDemo } from "./seed-demo";

export class DemoSeedRefusedError extends Error {
  override name = "DemoSeedRefusedError";
}

/**
 * Seeds the demo venues when the database has no restaurant yet; a database with data is never touched
 * (restarting the app keeps what ops did). The demo credentials are public, so production refuses.
 */
export async function ensureDemoData({
  db,
  log,
  date,
}: {
  db: Db;
  log?: Logger;
  date?: string;
}): Promise<{ seeded: boolean } & Partial<SeedDemoReport>> {
  if (getEnv().NODE_ENV === "production") {
    throw new DemoSeedRefusedError(
      "Refusing to seed demo data with NODE_ENV=production: its sign-ins and API keys are public. Unset DEMO_SEED.",
    );
  }
  const existing = await db.kysely.selectFrom("restaurants").select("id").limit(1).executeTakeFirst();
  if (existing) return { seeded: false };
  const report = await seedDemo({ db, log, date });
  return { seeded: true, ...report };
}
