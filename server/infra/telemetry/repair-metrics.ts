import { Counter } from "prom-client";
import { getMetricsRegistry } from "./metrics";

/**
 * Online repair counters (issue #14), registered on Maitre's registry on first use and kept on globalThis for the
 * same reason as the others (module reloads must not register a name twice).
 */
type TRepairMetrics = {
  tried: Counter<"outcome">;
  moves: Counter;
};

type TRepairMetricsGlobal = typeof globalThis & { __maitreRepairMetrics?: TRepairMetrics };

function repairMetrics(): TRepairMetrics {
  const g = globalThis as TRepairMetricsGlobal;
  g.__maitreRepairMetrics ??= {
    tried: new Counter({
      name: "maitre_online_repairs_total",
      help: "Online repairs tried, by outcome (seated, not_found, lost); a restaurant with repair turned off tries none",
      labelNames: ["outcome"],
      registers: [getMetricsRegistry()],
    }),
    moves: new Counter({
      name: "maitre_online_repair_moves_total",
      help: "Bookings moved to another table set by online repairs that committed",
      registers: [getMetricsRegistry()],
    }),
  };
  return g.__maitreRepairMetrics;
}

/** One repair attempt: `seated` (committed, with its moves), `not_found`, `lost` (a fence failed at commit). */
export function recordOnlineRepair({
  outcome,
  moves = 0,
}: {
  outcome: "seated" | "not_found" | "lost";
  moves?: number;
}) {
  const metrics = repairMetrics();
  metrics.tried.inc({ outcome });
  if (outcome === "seated" && moves > 0) metrics.moves.inc(moves);
}
