import { z } from "zod";

/**
 * A restaurant's optimizer settings (restaurants.optimizer_config). The apply threshold keeps ops from churning
 * tables for nothing: a run must seat at least `minExtraBookings` more bookings, or cut wasted seats by
 * `minWasteReductionPct` percent.
 */
export const ZOptimizerSettingsSchema = z
  .object({
    minExtraBookings: z.int().min(0).default(1),
    minWasteReductionPct: z.number().min(0).max(100).default(10),
    /** Bookings starting within this many minutes are not moved (the host is seating them). */
    freezeMinutes: z.int().min(0).max(720).default(30),
    timeLimitMs: z.int().min(100).max(120_000).default(10_000),
  })
  .prefault({});

export type TOptimizerSettings = z.infer<typeof ZOptimizerSettingsSchema>;

export function parseOptimizerSettings(input: unknown): TOptimizerSettings {
  return ZOptimizerSettingsSchema.parse(input ?? {});
}

/** Why a run does not pass the threshold, or null when it does. */
export function explainThresholdMiss({
  baseline,
  proposed,
  settings,
}: {
  baseline: { seatedBookings: number; wastedSeats: number };
  proposed: { seatedBookings: number; wastedSeats: number };
  settings: TOptimizerSettings;
}): string | null {
  const extraBookings = proposed.seatedBookings - baseline.seatedBookings;
  const wasteCutPct =
    baseline.wastedSeats > 0 ? ((baseline.wastedSeats - proposed.wastedSeats) / baseline.wastedSeats) * 100 : 0;
  const enoughBookings = settings.minExtraBookings > 0 && extraBookings >= settings.minExtraBookings;
  const enoughWaste =
    wasteCutPct >= settings.minWasteReductionPct && proposed.seatedBookings >= baseline.seatedBookings;
  if (enoughBookings || enoughWaste) return null;
  return (
    `The plan seats ${extraBookings >= 0 ? `${extraBookings} more` : `${-extraBookings} fewer`} booking(s) and cuts wasted ` +
    `seats by ${wasteCutPct.toFixed(1)} %; the restaurant requires at least ${settings.minExtraBookings} more booking(s) ` +
    `or ${settings.minWasteReductionPct} % fewer wasted seats.`
  );
}
