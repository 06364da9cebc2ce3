import { DomainError, type FieldError } from "@/server/errors/domain-error";
import { NEW_ID_PREFIX, type TFloorPlan, type TFloorPlanResponse } from "./floor-plan-schema";

/**
 * The references and uniqueness a saved plan must satisfy beyond its zod shape, checked against the room as it is
 * (`current`): ids are either the room's own or `new:` keys, each used once; a table's zone and both ends of a
 * link are in the plan; table labels and zone names are unique. Every broken row is listed (path = the row):
 * FLOOR_PLAN_INVALID, nothing written.
 */
export function checkFloorPlan(plan: TFloorPlan, current: TFloorPlanResponse): void {
  const errors: FieldError[] = [];
  const knownZones = new Set(current.zones.map((z) => z.id));
  const knownTables = new Set(current.tables.map((t) => t.id));
  const isNew = (id: string) => id.startsWith(NEW_ID_PREFIX);

  const zoneIds = new Set<string>();
  const zoneNames = new Map<string, number>();
  plan.zones.forEach((zone, i) => {
    const path = `zones.${i}`;
    if (!isNew(zone.id) && !knownZones.has(zone.id)) {
      errors.push({ path: `${path}.id`, message: `zone "${zone.name}" is not in this room (reload the plan)` });
    }
    if (zoneIds.has(zone.id)) errors.push({ path: `${path}.id`, message: `zone id ${zone.id} is used twice` });
    zoneIds.add(zone.id);
    const key = zone.name.trim().toLowerCase();
    const first = zoneNames.get(key);
    if (first !== undefined) {
      errors.push({ path: `${path}.name`, message: `zone name "${zone.name}" is already used by zone ${first + 1}` });
    } else zoneNames.set(key, i);
  });

  const tableIds = new Set<string>();
  const labels = new Map<string, number>();
  plan.tables.forEach((table, i) => {
    const path = `tables.${i}`;
    if (!isNew(table.id) && !knownTables.has(table.id)) {
      errors.push({ path: `${path}.id`, message: `table ${table.label} is not in this room (reload the plan)` });
    }
    if (tableIds.has(table.id)) errors.push({ path: `${path}.id`, message: `table id ${table.id} is used twice` });
    tableIds.add(table.id);
    if (!zoneIds.has(table.zoneId)) {
      errors.push({ path: `${path}.zoneId`, message: `table ${table.label} is in a zone that is not in the plan` });
    }
    const key = table.label.trim().toLowerCase();
    const first = labels.get(key);
    if (first !== undefined) {
      errors.push({ path: `${path}.label`, message: `table name "${table.label}" is already used by another table` });
    } else labels.set(key, i);
  });

  plan.adjacency.forEach(([a, b], i) => {
    for (const end of [a, b]) {
      if (!tableIds.has(end))
        errors.push({ path: `adjacency.${i}`, message: `link ${i + 1} names a table not in the plan` });
    }
  });

  if (errors.length > 0) {
    throw new DomainError("FLOOR_PLAN_INVALID", `the floor plan has ${errors.length} error(s): ${errors[0]?.message}`, {
      errors,
    });
  }
}
