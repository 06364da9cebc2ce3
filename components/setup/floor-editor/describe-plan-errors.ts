import type { FieldError } from "@/server/errors/domain-error";
import { type TFloorPlan, ZFloorPlanSchema } from "@/server/setup/floor/floor-plan-schema";

/**
 * Errors of a plan in words naming the row ("Table T3: min party cannot exceed capacity"): the server's field
 * errors when given, else the plan's own zod check (run before saving, so an obvious slip never costs a request).
 */
export function describePlanErrors(plan: TFloorPlan, errors?: readonly FieldError[]): string[] {
  const found: readonly FieldError[] =
    errors ??
    (ZFloorPlanSchema.safeParse(plan).error?.issues.map((issue) => ({
      path: issue.path.join("."),
      message: issue.message,
    })) ||
      []);
  return [
    ...new Set(
      found.map(({ path, message }) => {
        const [kind, index] = path.split(".");
        const row = Number(index);
        if (kind === "tables" && Number.isInteger(row))
          return `Table ${plan.tables[row]?.label || row + 1}: ${message}`;
        if (kind === "zones" && Number.isInteger(row)) return `Zone ${plan.zones[row]?.name || row + 1}: ${message}`;
        if (kind === "adjacency") return `Link ${Number.isInteger(row) ? row + 1 : ""}: ${message}`;
        return message;
      }),
    ),
  ];
}
