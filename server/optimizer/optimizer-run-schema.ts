import { z } from "zod";
import { zServiceDate } from "@/server/validation/z-service-date";

/**
 * The optimizer's HTTP contract (/api/ops/optimizer/runs…), universal: the routes validate with it and the
 * dashboard parses with it.
 */
export const OPTIMIZER_SOLVERS = ["auto", "exact", "heuristic"] as const;
export const OPTIMIZER_TIME_LIMIT_MS = { min: 200, max: 60_000 } as const;

export const ZStartOptimizerRunRequestSchema = z.object({
  restaurantId: z.uuid(),
  /** The local service date (YYYY-MM-DD). */
  date: zServiceDate,
  /** A service period's id; omitted: the whole day. */
  service: z.uuid().optional(),
  solver: z.enum(OPTIMIZER_SOLVERS).optional(),
  /** The solver's wall-clock budget; omitted: the restaurant's optimizer setting. */
  timeLimitMs: z.int().min(OPTIMIZER_TIME_LIMIT_MS.min).max(OPTIMIZER_TIME_LIMIT_MS.max).optional(),
});
export type TStartOptimizerRunRequest = z.infer<typeof ZStartOptimizerRunRequestSchema>;

export const ZStartOptimizerRunResponseSchema = z.object({ runId: z.uuid(), version: z.int() });

export const ZListOptimizerRunsQuerySchema = z.object({ restaurantId: z.uuid(), date: zServiceDate });

export const OPTIMIZER_RUN_STATUSES = [
  "queued",
  "running",
  "previewed",
  "applied",
  "stale",
  "rejected",
  "failed",
] as const;
export type TOptimizerRunStatus = (typeof OPTIMIZER_RUN_STATUSES)[number];

/** A plan measured the way a host counts it. */
export const ZOptimizerRunMetricsSchema = z.object({
  bookingsSeated: z.int(),
  coversSeated: z.int(),
  seatsWasted: z.int(),
  /** Tables taking part in a merge (A+B counts 2). */
  merges: z.int(),
  /** Bookings that change tables (moved or newly placed). */
  moves: z.int(),
});
export type TOptimizerRunMetrics = z.infer<typeof ZOptimizerRunMetricsSchema>;

const ZTableRef = z.object({ id: z.uuid(), name: z.string() });

/** One move of the plan; its id is the booking's id (a plan moves a booking at most once). */
export const ZOptimizerRunMoveSchema = z.object({
  id: z.uuid(),
  bookingId: z.uuid(),
  reference: z.string(),
  guestName: z.string(),
  partySize: z.int(),
  /** moved: from its tables to others; placed: a booking without tables gets some. */
  change: z.enum(["moved", "placed"]),
  fromTables: z.array(ZTableRef),
  toTables: z.array(ZTableRef),
  startsAt: z.iso.datetime({ offset: true }).nullable(),
  endsAt: z.iso.datetime({ offset: true }).nullable(),
});
export type TOptimizerRunMove = z.infer<typeof ZOptimizerRunMoveSchema>;

const ZRunSummaryFields = {
  runId: z.uuid(),
  restaurantId: z.uuid(),
  date: z.string(),
  serviceId: z.uuid().nullable(),
  status: z.enum(OPTIMIZER_RUN_STATUSES),
  /** Name it as expectedRunVersion when applying. */
  version: z.int(),
  /** The solver that produced the plan (or the one asked for, before it ran). */
  solver: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  appliedAt: z.iso.datetime({ offset: true }).nullable(),
  baseline: ZOptimizerRunMetricsSchema.nullable(),
  proposed: ZOptimizerRunMetricsSchema.nullable(),
  moveCount: z.int(),
  /** A previewed plan whose bookings changed since (any fenced booking's version moved on): apply would fail. */
  stale: z.boolean(),
};

export const ZOptimizerRunSummarySchema = z.object(ZRunSummaryFields);
export type TOptimizerRunSummary = z.infer<typeof ZOptimizerRunSummarySchema>;

export const ZListOptimizerRunsResponseSchema = z.object({ runs: z.array(ZOptimizerRunSummarySchema) });

export const ZOptimizerRunResponseSchema = z.object({
  ...ZRunSummaryFields,
  /** Every objective level proven optimal (null before the run finished). */
  optimal: z.boolean().nullable(),
  /** Proven gap on covers (0: no plan seats more); null before the run finished. */
  gap: z.number().nullable(),
  durationMs: z.number().nullable(),
  /** Warnings of the solver, why it failed, or why it went stale or was rejected. */
  reason: z.string().nullable(),
  staleBookings: z.array(z.object({ bookingId: z.uuid(), reference: z.string() })),
  /** Why the plan is not enough of an improvement for the restaurant's threshold (apply refuses), or null. */
  belowThreshold: z.string().nullable(),
  moves: z.array(ZOptimizerRunMoveSchema),
  appliedMoveIds: z.array(z.uuid()).nullable(),
});
export type TOptimizerRunResponse = z.infer<typeof ZOptimizerRunResponseSchema>;

export const ZApplyOptimizerRunRequestSchema = z.object({
  /** The run's version the manager looked at (GET …/runs/{id}). */
  expectedRunVersion: z.int().min(1),
  /** The moves (booking ids) to apply; omitted: all of them. */
  moveIds: z.array(z.uuid()).min(1).max(1_000).optional(),
});
export type TApplyOptimizerRunRequest = z.infer<typeof ZApplyOptimizerRunRequestSchema>;

export const ZApplyOptimizerRunResponseSchema = z.object({
  runId: z.uuid(),
  status: z.literal("applied"),
  moved: z.int(),
  placed: z.int(),
  appliedMoveIds: z.array(z.uuid()),
});
