import type { ErrorCode } from "@/server/errors/error-codes";

/**
 * ONE table from domain error code to HTTP: the status, a title, and which of the error's `meta` fields a caller
 * may see. Problem bodies are built from this allowlist only (problem.ts): `public` fields reach every caller,
 * `staff` fields only staff routes. `staffDetail`: the error's message may name other guests' bookings or internal
 * ids, so a public caller gets the title in its place.
 */
export type ErrorSpec = {
  status: number;
  title: string;
  public?: readonly string[];
  staff?: readonly string[];
  staffDetail?: true;
};

const TABLE_CHECK = { staff: ["tableIds", "tables", "conflicts", "bookingId", "checks"], staffDetail: true } as const;

export const errorStatuses = {
  VALIDATION_FAILED: { status: 400, title: "Request is invalid" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Request body too large", public: ["limitBytes"] },
  UNAUTHENTICATED: { status: 401, title: "Sign-in required" },
  FORBIDDEN: { status: 403, title: "Not allowed", public: ["scope", "scopes"], staff: ["role", "roles"] },
  NOT_FOUND: { status: 404, title: "Not found", staff: ["bookingId", "holdId", "runId"], staffDetail: true },
  HOLD_EXPIRED: { status: 410, title: "Hold expired", staff: ["holdId", "reason", "expiresAt", "expiredAt"] },
  TABLE_CONFLICT: { status: 409, title: "Table already taken", ...TABLE_CHECK },
  STALE_VERSION: {
    status: 409,
    title: "Booking changed meanwhile",
    staff: ["bookingId", "reference", "status", "currentVersion", "expectedVersion", "stale", "current"],
    staffDetail: true,
  },
  STALE_CONTEXT: {
    status: 409,
    title: "Tables changed since the context was read",
    staff: ["contextVersion", "expectedContextVersion", "bookingId"],
  },
  SELECTION_INVALID: {
    status: 422,
    title: "The chosen tables fail a check",
    staff: ["checks", "bookingId", "tableIds"],
  },
  OVERRIDE_NOT_ALLOWED: {
    status: 403,
    title: "Override not allowed",
    staff: ["checks", "role", "roles"],
  },
  INVALID_TRANSITION: {
    status: 409,
    title: "Not possible in the booking's current state",
    public: ["status"],
    staff: ["event", "allowedEvents", "possibleFrom"],
  },
  ALREADY_ASSIGNED: { status: 409, title: "Booking already has tables", staff: ["status"], staffDetail: true },
  NO_TABLE_NOW: {
    status: 409,
    title: "No table free for this party now",
    staff: ["partySize", "nextTimes", "rejected"],
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: "Idempotency key reused with a different request",
    public: ["key", "reference"],
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    title: "A request with this idempotency key is still running",
    public: ["key"],
  },
  CAPACITY: { status: 422, title: "Tables do not seat this party", ...TABLE_CHECK },
  NOT_MERGEABLE: { status: 422, title: "Table cannot be merged", ...TABLE_CHECK },
  NOT_CONNECTED: { status: 422, title: "Tables are not adjacent", ...TABLE_CHECK },
  CROSS_ZONE: { status: 422, title: "Tables are in different zones", ...TABLE_CHECK },
  TABLE_UNAVAILABLE: { status: 422, title: "Table is inactive or belongs to another restaurant", ...TABLE_CHECK },
  OUTSIDE_SERVICE: {
    status: 422,
    title: "No service at that time",
    public: ["localDate", "localTime", "seatings"],
  },
  BEYOND_BOOKING_HORIZON: {
    status: 422,
    title: "Too far ahead",
    public: ["horizonDays", "lastBookableDate"],
  },
  PARTY_TOO_LARGE: { status: 422, title: "Party too large", public: ["partySize", "maxPartySize"] },
  PACING_LIMIT: {
    status: 409,
    title: "Too many covers starting at that time",
    public: ["slotStart", "partySize"],
    staff: ["covers", "cap", "onlineCovers", "onlineCap"],
  },
  RULES_CHANGED: { status: 409, title: "The restaurant's booking rules changed during the request" },
  OPTIMIZER_RUN_STALE: {
    status: 409,
    title: "The day changed since the optimizer's preview",
    staff: ["runId", "stale", "cause", "conflicts"],
  },
  OPTIMIZER_BELOW_THRESHOLD: {
    status: 422,
    title: "The optimizer's plan is not enough of an improvement",
    staff: ["runId"],
  },
  OPTIMIZER_RUN_CLOSED: {
    status: 409,
    title: "The optimizer run was already applied, rejected or went stale",
    staff: ["runId", "status"],
  },
  OPTIMIZER_MOVES_DEPENDENT: {
    status: 422,
    title: "Some chosen moves need moves that were left out",
    staff: ["needs"],
  },
  STALE: {
    status: 409,
    title: "Changed by someone else meanwhile",
    staff: ["expectedVersion", "currentVersion", "current"],
  },
  STRANDS_BOOKINGS: { status: 409, title: "The change would strand existing bookings", staff: ["stranded"] },
  FLOOR_PLAN_INVALID: { status: 422, title: "The floor plan has errors" },
  IMPORT_INVALID: { status: 422, title: "The file has errors", staff: ["rowErrors", "totalErrors", "kind"] },
  SLUG_TAKEN: { status: 409, title: "Web address already taken", public: ["slug", "suggestion"] },
  LAST_OWNER: { status: 409, title: "The last owner must stay", staff: ["staffUserId"] },
  ALREADY_MEMBER: { status: 409, title: "Already a member of this restaurant", staff: ["email", "role"] },
  INVITE_UNUSABLE: { status: 410, title: "Invitation no longer valid", public: ["reason"] },
  PASSWORD_RESET_UNUSABLE: { status: 410, title: "Password-reset link no longer valid", public: ["reason"] },
  PASSWORDS_MANAGED_ELSEWHERE: { status: 409, title: "Passwords are not kept by Maitre here" },
  SERVICE_RULES_INVALID: { status: 422, title: "The service settings have errors" },
  PERIOD_HAS_BOOKINGS: { status: 409, title: "The service still has upcoming bookings", staff: ["bookings"] },
  TOO_LATE_TO_BOOK_ONLINE: {
    status: 422,
    title: "Too late to book online",
    public: ["cutoffMinutes", "earliestStart"],
  },
  GUEST_INVALID: { status: 422, title: "The guest's notes or tags are not acceptable" },
  RATE_LIMITED: { status: 429, title: "Too many requests", public: ["limit", "retryAfterSeconds"] },
  DEPENDENCY_UNAVAILABLE: {
    status: 503,
    title: "A dependency is unavailable",
    public: ["dependency", "retryAfterSeconds"],
    staff: ["migrations"],
  },
  OVERLOADED: { status: 503, title: "The server is at capacity", public: ["retryAfterSeconds"] },
  INTERNAL: { status: 500, title: "Internal error" },
} as const satisfies Record<ErrorCode, ErrorSpec>;

export function statusOf(code: ErrorCode): number {
  return errorStatuses[code].status;
}
