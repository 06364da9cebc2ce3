import { defineJob } from "@/server/infra/queue/job-definition";
import { toZonedParts } from "@/server/time/zoned-time";
import { previewDay } from "./preview-day";

export type TOptimizerJobPayload = { restaurantId?: string; serviceDate?: string };

/**
 * `optimizer.run`: previews today's plan of each service of a restaurant (or of every restaurant), so ops find a
 * ready proposal to apply. Only previews: applying stays a human decision. The solver runs on a worker thread
 * (previewDay → optimizeDayOffThread), so the process's event loop stays free. Scheduled by OPTIMIZER_CRON.
 */
export const optimizerRunJob = defineJob<TOptimizerJobPayload>({
  name: "optimizer.run",
  run: async (payload, { db, log }) => {
    let restaurants = db.kysely.selectFrom("restaurants").select(["id", "timezone"]);
    if (payload.restaurantId) restaurants = restaurants.where("id", "=", payload.restaurantId);
    const runs: string[] = [];
    for (const restaurant of await restaurants.execute()) {
      const serviceDate = payload.serviceDate ?? toZonedParts(new Date(), restaurant.timezone).date;
      const periods = await db.kysely
        .selectFrom("service_periods")
        .select("id")
        .where("restaurant_id", "=", restaurant.id)
        .where("active", "=", true)
        .execute();
      for (const period of periods) {
        const preview = await previewDay({
          db,
          restaurantId: restaurant.id,
          serviceDate,
          servicePeriodId: period.id,
          createdBy: "optimizer.run",
        });
        log?.info(
          { restaurantId: restaurant.id, serviceDate, runId: preview.runId, moves: preview.moves.length },
          "optimizer preview stored",
        );
        runs.push(preview.runId);
      }
    }
    return { runs };
  },
});
