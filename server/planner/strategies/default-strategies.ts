import { compactnessStrategy } from "./compactness";
import { futureFitStrategy } from "./future-fit";
import { historicalSuccessStrategy } from "./historical-success";
import { loadBalanceStrategy } from "./load-balance";
import { optimalFitStrategy } from "./optimal-fit";
import type { TStrategy } from "./strategy-types";
import { timeFitStrategy } from "./time-fit";
import { zonePreferenceStrategy } from "./zone-preference";

/** The built-in strategies, in breakdown order; each is weighted by planner_config.weights[name]. */
export const DEFAULT_STRATEGIES: readonly TStrategy[] = [
  optimalFitStrategy,
  compactnessStrategy,
  zonePreferenceStrategy,
  loadBalanceStrategy,
  futureFitStrategy,
  historicalSuccessStrategy,
  timeFitStrategy,
];
