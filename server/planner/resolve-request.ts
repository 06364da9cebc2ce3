import { PlannerInputError } from "./planner-error";
import type { TCompiledVenue, TInstant, TPlanRequest } from "./types";

export const DEFAULT_PLAN_LIMIT = 5;
export const MAX_PLAN_LIMIT = 100;

/** A request checked and turned into index form: what every rule of the planner reads. */
export type TResolvedRequest = {
  partySize: number;
  start: TInstant;
  end: TInstant;
  zone: string | null;
  zoneLocked: boolean;
  /** Flag per table index. Unknown ids are harmless (nothing to avoid) and ignored. */
  avoided: Uint8Array;
  /** Largest table count a plan may have for this request (absent: the venue's policy alone decides). */
  maxTables?: number;
  limit: number;
  onlineOnly: boolean;
  ignoreBookingId?: string;
};

export function resolveRequest({ venue, request }: { venue: TCompiledVenue; request: TPlanRequest }): TResolvedRequest {
  const { partySize, start, end } = request;
  if (!Number.isInteger(partySize) || partySize < 1) {
    throw new PlannerInputError({ field: "request.partySize", message: "must be a positive integer" });
  }
  if (!Number.isFinite(start)) throw new PlannerInputError({ field: "request.start", message: "must be a time" });
  if (!Number.isFinite(end) || end <= start) {
    throw new PlannerInputError({ field: "request.end", message: "must be a time after request.start" });
  }
  const limit = request.limit ?? DEFAULT_PLAN_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PLAN_LIMIT) {
    throw new PlannerInputError({ field: "request.limit", message: `must be an integer from 1 to ${MAX_PLAN_LIMIT}` });
  }
  const avoided = new Uint8Array(venue.tables.length);
  for (const id of request.avoidTables ?? []) {
    const index = venue.indexById.get(id);
    if (index !== undefined) avoided[index] = 1;
  }
  const { maxTables } = request;
  if (maxTables !== undefined && (!Number.isInteger(maxTables) || maxTables < 1)) {
    throw new PlannerInputError({ field: "request.maxTables", message: "must be a positive integer" });
  }
  const zone = request.zone ?? null;
  return {
    partySize,
    start,
    end,
    zone,
    zoneLocked: zone !== null && request.zoneLocked === true,
    avoided,
    ...(maxTables === undefined ? {} : { maxTables }),
    limit,
    onlineOnly: request.onlineOnly === true,
    ...(request.ignoreBookingId === undefined ? {} : { ignoreBookingId: request.ignoreBookingId }),
  };
}

/** The same request at another start time, keeping its duration (used by nextTimes). */
export function shiftRequest({ request, start }: { request: TResolvedRequest; start: TInstant }): TResolvedRequest {
  return { ...request, start, end: start + (request.end - request.start) };
}
