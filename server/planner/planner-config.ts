import { z } from "zod";

/**
 * A restaurant's planner settings, stored in `restaurants.planner_config` (jsonb). Every field has a default, so
 * `{}` (or a missing column) is a complete, valid config; unknown keys are dropped so old rows keep parsing.
 */
export const ZPlannerPolicySchema = z.object({
  /** Largest merge; 1 disables merging. Above 4 the precomputed combination list grows quickly. */
  maxTablesPerPlan: z.int().min(1).max(6).default(3),
  /** Seats a plan may have beyond the party (applies to single tables and merges alike). */
  maxOverage: z.int().min(0).max(100).default(4),
  /** Merged tables must form a connected set in the adjacency graph. */
  requireAdjacency: z.boolean().default(true),
  /** Merges may span zones (only through adjacency edges when `requireAdjacency`). */
  allowCrossZone: z.boolean().default(false),
});

export const STRATEGY_NAMES = [
  "optimalFit",
  "compactness",
  "zonePreference",
  "loadBalance",
  "futureFit",
  "historicalSuccess",
  "timeFit",
] as const;
export type TStrategyName = (typeof STRATEGY_NAMES)[number];

const weight = (value: number) => z.number().min(0).max(1000).default(value);

/** Multipliers of each strategy's value (values lie in [-1, 1]); 0 switches a strategy off. */
export const ZStrategyWeightsSchema = z.object({
  optimalFit: weight(10),
  compactness: weight(6),
  zonePreference: weight(4),
  loadBalance: weight(2),
  futureFit: weight(5),
  historicalSuccess: weight(2),
  timeFit: weight(5),
});

export const ZPlannerConfigSchema = z
  .object({
    policy: ZPlannerPolicySchema.prefault({}),
    weights: ZStrategyWeightsSchema.prefault({}),
  })
  .prefault({});

export type TPlannerPolicy = z.infer<typeof ZPlannerPolicySchema>;
export type TStrategyWeights = z.infer<typeof ZStrategyWeightsSchema>;
export type TPlannerConfig = z.infer<typeof ZPlannerConfigSchema>;
export type TPlannerConfigInput = z.input<typeof ZPlannerConfigSchema>;

/** Parse a stored or user-supplied config (throws a ZodError naming the field). */
export function parsePlannerConfig(input: unknown): TPlannerConfig {
  return ZPlannerConfigSchema.parse(input ?? {});
}
