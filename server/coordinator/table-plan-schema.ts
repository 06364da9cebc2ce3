import { z } from "zod";

/**
 * A table plan as staff routes answer it (quote, review suggestions): the tables by id and name, the seats they
 * give and how many go spare, the zone, and the planner's score with its per-strategy breakdown.
 */
export const ZTablePlanSchema = z.object({
  tableIds: z.array(z.uuid()),
  tables: z.array(z.object({ id: z.uuid(), name: z.string() })),
  seats: z.int(),
  spareSeats: z.int(),
  zone: z.object({ id: z.string(), name: z.string() }).nullable(),
  score: z.number(),
  breakdown: z.record(
    z.string(),
    z.object({ value: z.number(), weight: z.number(), score: z.number(), reason: z.string() }),
  ),
});

export type TTablePlanResponse = z.infer<typeof ZTablePlanSchema>;

/** The planner's diagnostics: units ruled out per reason, how many were examined and passed, and its time. */
export const ZPlanDiagnosticsSchema = z.object({
  rejected: z.record(z.string(), z.int()),
  combinationsEvaluated: z.int(),
  candidates: z.int(),
  unitsTotal: z.int(),
  durationMs: z.number(),
});

/** Why no plan exists, as a code for programs and a sentence for people. */
export const ZNoPlanReasonSchema = z.object({ code: z.string(), message: z.string() });

export type TNoPlanReason = z.infer<typeof ZNoPlanReasonSchema>;
