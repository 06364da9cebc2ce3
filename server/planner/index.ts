/**
 * Public API of the planner: pure, synchronous, no I/O. Typical use per day:
 *   const venue = cache.get({ venue: input, config: restaurant.planner_config }); // once per venue version
 *   const occupancy = buildOccupancy({ venue, intervals, asOf: now });            // once per day snapshot
 *   const result = rankTablePlans({ venue, occupancy, request, upcoming, stats, service }); // per quote
 */

export { buildOccupancy, isTableBusy, isWindowFree, markBusyTables } from "./build-occupancy";
export { measureDiameter } from "./build-plan-units";
export { compileVenue } from "./compile-venue";
export { createCompiledVenueCache, type TCompiledVenueCache } from "./create-compiled-venue-cache";
export { enumerateConnectedSets, MAX_MERGE_UNITS } from "./enumerate-connected-sets";
export {
  explainSelection,
  SELECTION_CHECKS,
  type TSelectionCheck,
  type TSelectionCheckName,
  type TSelectionExplanation,
} from "./explain-selection";
export { checkUnit, findCandidates, findCapacityRange, hasCandidate, type TCandidateSearch } from "./find-candidates";
export { findNextTimes } from "./find-next-times";
export { formatPath, parsePlanInput, type TParsedPlanInput, ZPlanInputSchema } from "./parse-plan-input";
export {
  parsePlannerConfig,
  STRATEGY_NAMES,
  type TPlannerConfigInput,
  ZPlannerConfigSchema,
  ZPlannerPolicySchema,
  ZStrategyWeightsSchema,
} from "./planner-config";
export { PlannerInputError } from "./planner-error";
export { rankTablePlans, type TRankTablePlansInput } from "./rank-table-plans";
export { resolveRequest, type TResolvedRequest } from "./resolve-request";
export { DEFAULT_STRATEGIES } from "./strategies/default-strategies";
export type { TQuoteContext, TStrategy, TStrategyScorer } from "./strategies/strategy-types";
export * from "./types";
