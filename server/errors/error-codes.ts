/**
 * Every way a use case can refuse, with what the caller should do next. The domain throws `DomainError` with one
 * of these codes; how a code travels over HTTP (status, title, which fields are public) is server/http's table.
 */
export const errorHints = {
  VALIDATION_FAILED: "Fix the fields listed in errors and resend",
  PAYLOAD_TOO_LARGE: "Send a smaller body; booking requests are a few hundred bytes",
  UNAUTHENTICATED: "Sign in, or send a valid API key",
  FORBIDDEN: "Ask a manager or owner of this restaurant to do this",
  NOT_FOUND: "Check the identifier; it may belong to another restaurant",
  HOLD_EXPIRED: "Create a new hold and confirm it within its time limit",
  TABLE_CONFLICT: "Re-open the availability for this time and pick free tables",
  STALE_VERSION: "Reload the booking and retry",
  STALE_CONTEXT: "Reload the table context (contextVersion) and check the tables again",
  SELECTION_INVALID: "Fix the failing checks listed in checks, or (manager) override a policy check with a reason",
  OVERRIDE_NOT_ALLOWED: "Only a manager or owner may override, and only policy checks (never a conflict)",
  INVALID_TRANSITION: "Reload the booking to see which actions are available now",
  ALREADY_ASSIGNED: "Unassign its tables first to reassign",
  NO_TABLE_NOW: "No table set seats this party now: offer them a later time (nextTimes), or book them without seatNow",
  IDEMPOTENCY_KEY_REUSED: "Use a new Idempotency-Key for a different request",
  IDEMPOTENCY_IN_PROGRESS: "Wait a moment and retry with the same key",
  CAPACITY: "Choose tables whose seats cover the party within the overage limit",
  NOT_MERGEABLE: "Use fixed tables on their own only",
  NOT_CONNECTED: "Pick tables that form one connected group on the floor plan",
  CROSS_ZONE: "Pick tables in one zone, or allow cross-zone merges in the restaurant's planner settings",
  TABLE_UNAVAILABLE: "Pick active tables of this restaurant",
  OUTSIDE_SERVICE: "Choose a time within a service period's seating hours",
  BEYOND_BOOKING_HORIZON: "Choose an earlier date; the restaurant opens its book a limited time ahead",
  PARTY_TOO_LARGE: "Call the restaurant for large groups",
  PACING_LIMIT: "Choose a neighbouring time slot",
  RULES_CHANGED: "Send the request again; it will be checked against the current rules",
  OPTIMIZER_RUN_STALE: "Preview the day again and apply the new run",
  OPTIMIZER_BELOW_THRESHOLD: "Keep the current plan, or lower the restaurant's optimizer threshold",
  OPTIMIZER_RUN_CLOSED: "Preview the day again",
  OPTIMIZER_MOVES_DEPENDENT: "Also select the moves they need (listed in needs), or leave these out",
  STALE: "Someone else saved a change meanwhile: load the current version (current), redo your edit and save again",
  STRANDS_BOOKINGS:
    "Move the listed bookings (stranded) to manual review first, or keep what they need; then save again and re-seat them",
  FLOOR_PLAN_INVALID: "Fix the rows listed in errors and save again; nothing was saved",
  IMPORT_INVALID: "Fix the lines listed in rowErrors and import the file again; nothing was imported",
  SLUG_TAKEN: "Choose another web address (slug); that one belongs to another restaurant",
  LAST_OWNER: "Make another member an owner first; a restaurant always keeps at least one owner",
  ALREADY_MEMBER: "They are already on the team: change their role in the list instead",
  INVITE_UNUSABLE: "Ask the person who invited you for a new invitation link",
  PASSWORD_RESET_UNUSABLE: "Ask a manager of your restaurant to send a new link from the Team page",
  PASSWORDS_MANAGED_ELSEWHERE:
    "Staff sign in with Supabase Auth here: reset the password in Supabase (its recovery email or dashboard)",
  SERVICE_RULES_INVALID: "Fix the fields listed in errors and save again; nothing was saved",
  PERIOD_HAS_BOOKINGS:
    "Keep the service and switch it off (untick Active) instead, or move or cancel the listed bookings first",
  TOO_LATE_TO_BOOK_ONLINE: "Choose a later time, or call the restaurant: online bookings close shortly before a start",
  GUEST_INVALID: "Fix the notes or tags listed in errors and save again; nothing was saved",
  RATE_LIMITED: "Wait for Retry-After seconds, then retry",
  DEPENDENCY_UNAVAILABLE: "Retry shortly; the on-call engineer has been alerted by the metrics",
  OVERLOADED: "Nothing was changed: retry after Retry-After seconds (back off; retrying at once adds to the load)",
  INTERNAL: "Retry; if it persists, report the requestId",
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof errorHints;
