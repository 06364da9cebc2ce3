import { z } from "zod";
import { ZNoPlanReasonSchema, ZPlanDiagnosticsSchema, ZTablePlanSchema } from "@/server/coordinator/table-plan-schema";

/** The hold TTL bounds create_hold enforces (seconds). */
export const HOLD_TTL_MIN_SECONDS = 30;
export const HOLD_TTL_MAX_SECONDS = 600;

/**
 * POST /api/staff/auto/quote: the planner's best plan for a booking, held. `zoneId` keeps plans in that zone only;
 * `avoidTableIds` leaves tables out; `maxTables` caps the merge size below the venue's own limit; `holdTtlSeconds`
 * defaults to the restaurant's hold TTL (120 s unless changed).
 */
export const ZQuoteRequestSchema = z.object({
  bookingId: z.uuid(),
  zoneId: z.uuid().optional(),
  maxTables: z.int().min(1).max(6).optional(),
  avoidTableIds: z.array(z.uuid()).max(200).optional(),
  holdTtlSeconds: z.int().min(HOLD_TTL_MIN_SECONDS).max(HOLD_TTL_MAX_SECONDS).optional(),
});

export type TQuoteRequest = z.infer<typeof ZQuoteRequestSchema>;

/**
 * The answer: the hold on the best plan (null when nothing fits), that plan, the next-best distinct plans, the
 * planner's diagnostics; when nothing fits, `reason` says why and `nextTimes` are the nearest starts of that day
 * (ISO instants, not in the past) at which the same request has a plan.
 */
export const ZQuoteResponseSchema = z.object({
  hold: z.object({ id: z.uuid(), expiresAt: z.iso.datetime(), tableIds: z.array(z.uuid()) }).nullable(),
  plan: ZTablePlanSchema.nullable(),
  alternates: z.array(ZTablePlanSchema),
  diagnostics: ZPlanDiagnosticsSchema,
  nextTimes: z.array(z.iso.datetime()),
  reason: ZNoPlanReasonSchema.nullable(),
});

export type TQuoteResponse = z.infer<typeof ZQuoteResponseSchema>;
