import type { TStrategy } from "./strategy-types";

/** The guest's (or host's) preferred zone: +1 inside it, 0 partly inside or no preference, -1 elsewhere. */
export const zonePreferenceStrategy: TStrategy = {
  name: "zonePreference",
  prepare: ({ request }) => {
    const preferred = request.zone;
    return {
      value: (unit) => {
        if (preferred === null) return 0;
        if (unit.zone === preferred) return 1;
        return unit.zones.includes(preferred) ? 0 : -1;
      },
      reason: (unit, value) => {
        if (preferred === null) return "no zone preference";
        if (value > 0) return `in preferred zone ${preferred}`;
        if (value === 0) return `partly in preferred zone ${preferred}`;
        return `outside preferred zone ${preferred} (${unit.zones.join(", ")})`;
      },
    };
  },
};
