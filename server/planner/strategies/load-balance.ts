import { clamp, formatPercent, type TStrategy } from "./strategy-types";

/**
 * Spread the evening across zones: a zone busier than the venue as a whole (over the request window) scores
 * negative, a quieter one positive, so one section's staff is not swamped while another idles.
 * Value = venue-wide busy share − the plan's zone busy share (averaged over its zones); 0 with a single zone.
 */
export const loadBalanceStrategy: TStrategy = {
  name: "loadBalance",
  prepare: ({ venue, busy }) => {
    const zoneCount = venue.zones.length;
    const busyPerZone = new Float64Array(zoneCount);
    for (const table of venue.tables) {
      if (table.active && busy[table.index] === 1) {
        const zone = venue.zoneIndexOfTable[table.index] ?? 0;
        busyPerZone[zone] = (busyPerZone[zone] ?? 0) + 1;
      }
    }
    const load = venue.zones.map((_, z) => {
      const active = venue.activeTablesPerZone[z] ?? 0;
      return active === 0 ? 0 : (busyPerZone[z] ?? 0) / active;
    });
    const activeTotal = venue.activeTablesPerZone.reduce((sum, n) => sum + n, 0);
    const busyTotal = busyPerZone.reduce((sum, n) => sum + n, 0);
    const venueLoad = activeTotal === 0 ? 0 : busyTotal / activeTotal;
    const loadByZone = new Map(venue.zones.map((zone, z) => [zone, load[z] ?? 0]));
    const zoneLoad = (zone: string) => loadByZone.get(zone) ?? 0;
    const unitLoad = (zones: readonly string[]) => zones.reduce((sum, z) => sum + zoneLoad(z), 0) / zones.length;
    return {
      value: (unit) => (zoneCount < 2 ? 0 : clamp(venueLoad - unitLoad(unit.zones))),
      reason: (unit) => {
        if (zoneCount < 2) return "single zone: nothing to balance";
        return `${unit.zones.join(", ")} ${formatPercent(unitLoad(unit.zones))} busy vs ${formatPercent(venueLoad)} venue-wide`;
      },
    };
  },
};
