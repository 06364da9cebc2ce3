import type { TDayModel } from "../model/build-day-model";
import { buildMilpRows, type TMilpRows } from "./build-milp-rows";
import { buildObjectiveLevels, type TObjectiveLevel } from "./build-objective-levels";
import { findConflictCliques, type TConflictCliques } from "./find-conflict-cliques";

/** The day as a 0-1 program: columns = (booking, option), rows = "Σ x ≤ 1", objective levels. Built once per run. */
export type TMilpProblem = {
  colCount: number;
  cliques: TConflictCliques;
  rows: TMilpRows;
  levels: TObjectiveLevel[];
};

export function prepareMilp({ model }: { model: TDayModel }): TMilpProblem {
  const cliques = findConflictCliques({ model });
  const colCount = cliques.colStart[model.bookings.length] ?? 0;
  return {
    colCount,
    cliques,
    rows: buildMilpRows({ model, cliques }),
    levels: buildObjectiveLevels({ model, colCount }),
  };
}
