/** A venue or request the planner cannot work with; `field` names the offending input (e.g. "adjacency[3][1]"). */
export class PlannerInputError extends Error {
  readonly field: string;

  constructor({ field, message }: { field: string; message: string }) {
    super(`${field}: ${message}`);
    this.name = "PlannerInputError";
    this.field = field;
  }
}
