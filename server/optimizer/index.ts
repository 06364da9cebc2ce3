/**
 * Public API of the day optimizer's pure engine (`./engine`: no I/O besides loading the HiGHS WebAssembly module),
 * deterministic for a given input when the solvers finish within the time limit. Typical use:
 *   const parsed = parseOptimizerInput(json);            // or build a TOptimizerInput from the database
 *   const result = await optimizeDay(parsed.value);      // assignments, unplaced, metrics, bound, gap
 * HiGHS runs synchronously once loaded: call it from a worker or job, not from a latency-sensitive request.
 * The use cases beside this file (previewDay, applyOptimizerRun, createOptimizerRunJob, optimizeDayOffThread) touch the
 * database or Node and are imported by their own paths, so importing this entry never loads them.
 */

export { solveFcfsBaseline } from "./engine/heuristic/solve-fcfs-baseline";
export { buildDayModel, type TDayModel, type TModelBooking, type TOption } from "./engine/model/build-day-model";
export { computePlanMetrics, type TPlanChoice } from "./engine/model/compute-plan-metrics";
export { DEFAULT_TIME_LIMIT_MS, optimizeDay } from "./engine/optimize-day";
export {
  parseOptimizerInput,
  type TParseOptimizerInputResult,
  ZOptimizerInputSchema,
} from "./engine/parse-optimizer-input";
export * from "./engine/types";
