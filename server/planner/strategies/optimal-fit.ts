import type { TStrategy } from "./strategy-types";

/** Fewer wasted seats is better: 1 for an exact fit, falling linearly to 1/(maxOverage+1) at the overage cap. */
export const optimalFitStrategy: TStrategy = {
  name: "optimalFit",
  prepare: ({ venue, request }) => {
    const span = venue.policy.maxOverage + 1;
    return {
      value: (unit) => 1 - (unit.capacity - request.partySize) / span,
      reason: (unit) => {
        const spare = unit.capacity - request.partySize;
        if (spare === 0) return `exact fit: ${unit.capacity} seats for ${request.partySize}`;
        return `${spare} spare seat${spare === 1 ? "" : "s"} (${unit.capacity} seats for ${request.partySize})`;
      },
    };
  },
};
