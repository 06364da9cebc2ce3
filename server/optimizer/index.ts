/**
 * Public API of the day optimizer: pure (no I/O besides loading the HiGHS WebAssembly module), deterministic for
 * a given input when the solvers finish within the time limit. Typical use:
 *   const parsed = parseOptimizerInput(json);            // or build a TOptimizerInput from the database
 *   const result = await optimizeDay(parsed.value);      // assignments, unplaced, metrics, bound, gap
 * HiGHS runs synchronously once loaded: call it from a worker or job, not from a latency-sensitive request.
 */

export { buildDayModel, type TDayModel, type TModelBooking, type TOption } from "./build-day-model";
export { computePlanMetrics, type TPlanChoice } from "./compute-plan-metrics";
export { DEFAULT_TIME_LIMIT_MS, optimizeDay } from "./optimize-day";
export { parseOptimizerInput, type TParseOptimizerInputResult, ZOptimizerInputSchema } from "./parse-optimizer-input";
export { solveFcfsBaseline } from "./solve-fcfs-baseline";
export * from "./types";
