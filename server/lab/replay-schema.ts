import { z } from "zod";
import { ZPlannerPolicySchema, ZStrategyWeightsSchema } from "@/server/planner/planner-config";
import { zServiceDate } from "@/server/validation/z-service-date";

/**
 * The strategy lab (POST /api/ops/lab/replays, `npm run maitre -- replay`): recorded days replayed in arrival order
 * through the planner with the restaurant's current planner configuration and, optionally, a candidate one, side by
 * side with what really happened and with the exact optimum. Universal: the page parses the answer with it.
 */
export const LAB_LIMITS = { maxDays: 31 } as const;

/** A planner configuration as the planner-policy PUT takes it (every field has a default). */
export const ZLabConfigSchema = z.object({
  policy: ZPlannerPolicySchema.prefault({}),
  weights: ZStrategyWeightsSchema.prefault({}),
});

export const ZStartReplayRequestSchema = z.object({
  restaurantId: z.string().min(1).max(80),
  from: zServiceDate,
  to: zServiceDate,
  /** The candidate configuration; left out: only the current one is replayed. */
  config: ZLabConfigSchema.optional(),
});

export const ZLabMetricsSchema = z.object({
  /** Bookings (requests) of the day. */
  bookings: z.number(),
  seatedBookings: z.number(),
  seatedCovers: z.number(),
  /** Bookings left without tables: they go to manual review. */
  manualReviews: z.number(),
  /** Σ (seats − party) over seated bookings. */
  wastedSeats: z.number(),
  /** Tables taking part in a merge (A+B counts 2). */
  mergedTables: z.number(),
});

export const ZLatencySchema = z.object({ p50Ms: z.number(), p95Ms: z.number() });

export const ZReplayRunSchema = ZLabMetricsSchema.extend({ latency: ZLatencySchema, repairs: z.number() });

export const ZOptimumSchema = ZLabMetricsSchema.extend({
  /** Every criterion proven optimal within the time limit. */
  optimal: z.boolean(),
  /** (bound − seated covers) / bound: 0 means no plan seats more covers. */
  gap: z.number(),
  coversUpperBound: z.number(),
  durationMs: z.number(),
});

const ZComparisonSchema = z.object({
  /** The day's bookings and tables as they are now. */
  actual: ZLabMetricsSchema,
  current: ZReplayRunSchema,
  /** Only when a candidate configuration was given. */
  candidate: ZReplayRunSchema.nullable(),
  /** The exact optimum under the current configuration's policy (hindsight: every booking known in advance). */
  optimum: ZOptimumSchema,
});

export const ZReplayDaySchema = ZComparisonSchema.extend({ date: z.string() });

export const ZReplayResponseSchema = z.object({
  restaurantId: z.string(),
  from: z.string(),
  to: z.string(),
  /** The venue version the replays ran on (the floor as it is now) — send it back to adopt the candidate. */
  venueVersion: z.number(),
  currentConfig: ZLabConfigSchema,
  candidateConfig: ZLabConfigSchema.nullable(),
  /** The exact optimum's time limit per day. */
  optimizerTimeLimitMs: z.number(),
  days: z.array(ZReplayDaySchema),
  total: ZComparisonSchema,
  durationMs: z.number(),
});

export type TLabConfig = z.infer<typeof ZLabConfigSchema>;
export type TStartReplayRequest = z.infer<typeof ZStartReplayRequestSchema>;
export type TLabMetrics = z.infer<typeof ZLabMetricsSchema>;
export type TReplayRun = z.infer<typeof ZReplayRunSchema>;
export type TOptimum = z.infer<typeof ZOptimumSchema>;
export type TReplayDay = z.infer<typeof ZReplayDaySchema>;
export type TReplayResponse = z.infer<typeof ZReplayResponseSchema>;
