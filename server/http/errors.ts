/**
 * ONE table from domain error code to HTTP. Every entry says what happened (title), which status it maps to
 * and what the caller should do next (hint). Domain code throws `DomainError` with one of these codes;
 * `withRoute` renders it as application/problem+json.
 */
export type ErrorSpec = { status: number; title: string; hint: string };

export const errorCodes = {
  VALIDATION_FAILED: { status: 400, title: "Request is invalid", hint: "Fix the fields listed in errors and resend" },
  UNAUTHENTICATED: { status: 401, title: "Sign-in required", hint: "Sign in, or send a valid API key" },
  FORBIDDEN: { status: 403, title: "Not allowed", hint: "Ask a manager or owner of this restaurant to do this" },
  NOT_FOUND: { status: 404, title: "Not found", hint: "Check the identifier; it may belong to another restaurant" },
  HOLD_EXPIRED: { status: 410, title: "Hold expired", hint: "Create a new hold and confirm it within its time limit" },
  TABLE_CONFLICT: {
    status: 409,
    title: "Table already taken",
    hint: "Re-open the availability for this time and pick free tables",
  },
  STALE_VERSION: { status: 409, title: "Booking changed meanwhile", hint: "Reload the booking and retry" },
  INVALID_TRANSITION: {
    status: 409,
    title: "Not possible in the booking's current state",
    hint: "Reload the booking to see which actions are available now",
  },
  ALREADY_ASSIGNED: { status: 409, title: "Booking already has tables", hint: "Unassign its tables first to reassign" },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: "Idempotency key reused with a different request",
    hint: "Use a new Idempotency-Key for a different request",
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    title: "A request with this idempotency key is still running",
    hint: "Wait a moment and retry with the same key",
  },
  CAPACITY: {
    status: 422,
    title: "Tables do not seat this party",
    hint: "Choose tables whose seats cover the party within the overage limit",
  },
  NOT_MERGEABLE: { status: 422, title: "Table cannot be merged", hint: "Use fixed tables on their own only" },
  NOT_CONNECTED: {
    status: 422,
    title: "Tables are not adjacent",
    hint: "Pick tables that form one connected group on the floor plan",
  },
  CROSS_ZONE: {
    status: 422,
    title: "Tables are in different zones",
    hint: "Pick tables in one zone, or allow cross-zone merges in the restaurant's planner settings",
  },
  TABLE_UNAVAILABLE: {
    status: 422,
    title: "Table is inactive or belongs to another restaurant",
    hint: "Pick active tables of this restaurant",
  },
  OUTSIDE_SERVICE: {
    status: 422,
    title: "No service at that time",
    hint: "Choose a time within a service period's seating hours",
  },
  PARTY_TOO_LARGE: { status: 422, title: "Party too large", hint: "Call the restaurant for large groups" },
  PACING_LIMIT: {
    status: 409,
    title: "Too many covers starting at that time",
    hint: "Choose a neighbouring time slot",
  },
  RULES_CHANGED: {
    status: 409,
    title: "The restaurant's booking rules changed during the request",
    hint: "Send the request again; it will be checked against the current rules",
  },
  OPTIMIZER_RUN_STALE: {
    status: 409,
    title: "The day changed since the optimizer's preview",
    hint: "Preview the day again and apply the new run",
  },
  OPTIMIZER_BELOW_THRESHOLD: {
    status: 422,
    title: "The optimizer's plan is not enough of an improvement",
    hint: "Keep the current plan, or lower the restaurant's optimizer threshold",
  },
  OPTIMIZER_RUN_CLOSED: {
    status: 409,
    title: "The optimizer run was already applied, rejected or went stale",
    hint: "Preview the day again",
  },
  RATE_LIMITED: { status: 429, title: "Too many requests", hint: "Wait for Retry-After seconds, then retry" },
  DEPENDENCY_UNAVAILABLE: {
    status: 503,
    title: "A dependency is unavailable",
    hint: "Retry shortly; the on-call engineer has been alerted by the metrics",
  },
  INTERNAL: { status: 500, title: "Internal error", hint: "Retry; if it persists, report the requestId" },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCodes;

export type FieldError = { path: string; message: string };

export class DomainError extends Error {
  override name = "DomainError";
  readonly code: ErrorCode;
  readonly hint: string;
  readonly meta: Record<string, unknown>;
  readonly errors: FieldError[] | undefined;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { hint?: string; meta?: Record<string, unknown>; errors?: FieldError[]; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.code = code;
    this.hint = options.hint ?? errorCodes[code].hint;
    this.meta = options.meta ?? {};
    this.errors = options.errors;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }
}

export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
