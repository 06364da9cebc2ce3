import type { TStrategy } from "./strategy-types";

/**
 * Fewer tables, and tables close together, are easier to serve and leave more of the floor intact:
 * 1 for a single table; each extra table costs 1 and each step of the merge's diameter 0.5.
 */
export const compactnessStrategy: TStrategy = {
  name: "compactness",
  prepare: () => ({
    value: (unit) => 1 / (unit.tableIndices.length + 0.5 * unit.diameter),
    reason: (unit) => {
      const count = unit.tableIndices.length;
      if (count === 1) return "single table";
      return `${count} tables merged, ${unit.diameter} step${unit.diameter === 1 ? "" : "s"} apart at most`;
    },
  }),
};
