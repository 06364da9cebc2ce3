import type { Queryable } from "@/server/infra/db/open-db";
import { runSummaryOf } from "./describe-optimizer-run";
import type { TOptimizerRunSummary } from "./optimizer-run-schema";

/** GET /api/ops/optimizer/runs: a restaurant-day's runs, newest first (at most `limit`). */
export async function listOptimizerRuns(
  db: Queryable,
  { restaurantId, serviceDate, limit = 50 }: { restaurantId: string; serviceDate: string; limit?: number },
): Promise<{ runs: TOptimizerRunSummary[] }> {
  const rows = await db
    .selectFrom("optimizer_runs")
    .selectAll()
    .where("restaurant_id", "=", restaurantId)
    .where("service_date", "=", serviceDate)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  // Stale: a previewed run whose fenced bookings moved on since (one read for all of them).
  const fenced = [
    ...new Set(rows.filter((r) => r.status === "previewed").flatMap((r) => Object.keys(r.plan_fence ?? {}))),
  ];
  const versions = new Map(
    fenced.length
      ? (await db.selectFrom("bookings").select(["id", "state_version"]).where("id", "in", fenced).execute()).map(
          (b) => [b.id, b.state_version],
        )
      : [],
  );
  const isStale = (row: (typeof rows)[number]) =>
    row.status === "previewed" &&
    Object.entries(row.plan_fence as Record<string, number>).some(([id, version]) => versions.get(id) !== version);
  return { runs: rows.map((row) => runSummaryOf(row, isStale(row))) };
}
