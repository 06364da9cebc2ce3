import type { TStaffBookingDetail } from "@/server/booking/staff-booking-detail-schema";
import type { TStaffEventName } from "@/server/booking/staff-booking-events";
import type { TStaffBookingResponse } from "@/server/booking/staff-booking-schema";
import { STATUS_LOOK } from "../ui/booking-status";
import { formatDay, formatTime } from "../ui/time";

/**
 * The drawer's words: what each action, event, actor, attempt and notification is called by a host, and the
 * planner's diagnostics summarised in a sentence. Pure (no React), so every section reads the same vocabulary.
 */

/** The buttons, by the API's event names. */
export const ACTION_LABEL: Record<TStaffEventName, string> = {
  check_in: "Check in",
  complete: "Complete",
  cancel: "Cancel booking",
  no_show: "Mark no-show",
  undo_no_show: "Undo no-show",
  request_review: "Send to review",
  confirm: "Confirm",
  retry_assignment: "Retry auto-assign",
};

/** Which action is the primary button when several are legal (first wins); destructive ones never are. */
export const ACTION_PRIORITY: readonly TStaffEventName[] = [
  "check_in",
  "complete",
  "confirm",
  "undo_no_show",
  "retry_assignment",
  "request_review",
  "no_show",
  "cancel",
];

/** Actions that end or mark the booking: a dialog confirms them, with a reason. */
export const DESTRUCTIVE_ACTIONS: ReadonlySet<TStaffEventName> = new Set(["cancel", "no_show"]);

/** Actions that ask for a reason (kept in the history; a review's reason is shown in the queue). */
export const ACTIONS_WITH_REASON: ReadonlySet<TStaffEventName> = new Set(["cancel", "no_show", "request_review"]);

/** The confirmation dialog's words per action that has one. */
export const ACTION_DIALOG: Partial<
  Record<TStaffEventName, { title: string; body: string; confirm: string; presets: string[]; reasonRequired: boolean }>
> = {
  cancel: {
    title: "Cancel this booking?",
    body: "Its tables are freed and the guest is told by email. This cannot be undone.",
    confirm: "Cancel booking",
    presets: ["Guest called to cancel", "Duplicate booking", "Restaurant closed"],
    reasonRequired: true,
  },
  no_show: {
    title: "Mark as no-show?",
    body: "The party did not come. A manager can undo this for a while if they arrive late.",
    confirm: "Mark no-show",
    presets: ["Did not arrive", "No answer on the phone"],
    reasonRequired: true,
  },
  request_review: {
    title: "Send to manual review?",
    body: "The booking leaves its tables and waits in the review queue for a person to place it.",
    confirm: "Send to review",
    presets: ["Guest asked for a specific table", "Special arrangement needed"],
    reasonRequired: true,
  },
};

/** `Confirmed → Seated` words of what a transition did. */
const EVENT_WORDS: Record<string, string> = {
  CREATE: "Booked",
  CAPACITY_VERIFIED: "Capacity checked",
  QUEUE_ASSIGNMENT: "Queued for automatic assignment",
  START_ASSIGNMENT: "Automatic assignment started",
  ASSIGNMENT_SUCCEEDED: "Tables assigned",
  ASSIGNMENT_FAILED: "Automatic assignment failed",
  MANUAL_ASSIGN: "Tables set by hand",
  TABLES_CHANGED: "Tables changed",
  UNASSIGN: "Tables released",
  CONFIRM: "Confirmed",
  CHECK_IN: "Checked in",
  COMPLETE: "Completed",
  CANCEL: "Cancelled",
  MARK_NO_SHOW: "Marked no-show",
  UNDO_NO_SHOW: "No-show undone",
  REQUEST_REVIEW: "Sent to review",
  EDIT: "Edited",
};

export function eventWords(event: string): string {
  return EVENT_WORDS[event] ?? event.toLowerCase().replaceAll("_", " ");
}

export function statusWords(status: string): string {
  return status in STATUS_LOOK ? STATUS_LOOK[status as keyof typeof STATUS_LOOK].label : status.replaceAll("_", " ");
}

type THistoryEntry = TStaffBookingDetail["history"][number];

/** Who did it: a person's name, or what the system part is called. */
export function actorWords(actor: THistoryEntry["actor"]): string {
  switch (actor.type) {
    case "staff":
      return actor.name ? `${actor.name} (staff)` : "A member of staff";
    case "guest":
      return "The guest";
    case "api_key":
      return "Booking site";
    case "coordinator":
      return "Automatic assignment";
    case "optimizer":
      return "Optimizer";
    case "system":
      return actor.id === "seed" ? "Demo data" : "System";
    default:
      return actor.type;
  }
}

const VIA_WORDS: Record<string, string> = {
  review: "from the review queue",
  "ops.unassign_table": "ops dashboard · took a table off",
  "ops.transitions": "ops dashboard",
};

const SOURCE_WORDS: Record<string, string> = {
  online: "Online",
  phone: "Phone",
  walk_in: "Walk-in",
  ops: "Staff dashboard",
};

export function sourceWords(source: string): string {
  return SOURCE_WORDS[source] ?? source;
}

/** Where it came from, when the history row says: the channel of a creation, the screen of a change. */
export function whereWords(entry: THistoryEntry): string | null {
  const { metadata, actor } = entry;
  if (typeof metadata.via === "string") {
    return VIA_WORDS[metadata.via] ?? (metadata.via.startsWith("ops.") ? "ops dashboard" : `via ${metadata.via}`);
  }
  if (entry.event === "CREATE" && typeof metadata.source === "string") {
    return `${sourceWords(metadata.source).toLowerCase()} booking`;
  }
  if (actor.type === "coordinator" && actor.id) return TRIGGER_WORDS[actor.id] ?? null;
  if (actor.type === "staff") return "ops dashboard";
  if (actor.type === "api_key") return "booking API";
  return null;
}

/** An edit's change in words (`19:00 → 19:30, party 4 → 5`), from the history row's before/after. */
export function editWords(entry: THistoryEntry, timezone: string): string | null {
  const before = entry.metadata.before as Record<string, unknown> | undefined;
  const after = entry.metadata.after as Record<string, unknown> | undefined;
  if (!before || !after) return null;
  const parts: string[] = [];
  if (typeof before.startsAt === "string" && typeof after.startsAt === "string" && before.startsAt !== after.startsAt) {
    parts.push(`time ${formatTime(before.startsAt, timezone)} → ${formatTime(after.startsAt, timezone)}`);
  }
  if (
    typeof before.partySize === "number" &&
    typeof after.partySize === "number" &&
    before.partySize !== after.partySize
  ) {
    parts.push(`party ${before.partySize} → ${after.partySize}`);
  }
  if ("notes" in after) parts.push("notes changed");
  return parts.length ? parts.join(", ") : null;
}

const TRIGGER_WORDS: Record<string, string> = {
  inline: "when booked",
  job: "background retry",
  manual: "asked by staff",
  optimizer: "optimizer",
  bulk: "assign all",
};

export function triggerWords(trigger: string): string {
  return TRIGGER_WORDS[trigger] ?? trigger;
}

const OUTCOME_WORDS: Record<string, string> = {
  assigned: "Placed",
  already_assigned: "Already had tables",
  no_plan: "No table fitted",
  conflict: "Tables taken meanwhile",
  lock_busy: "Another assignment was running",
  stale: "Booking changed meanwhile",
  timeout: "Timed out",
  error: "Error",
  skipped: "Skipped",
};

export function outcomeWords(outcome: string): string {
  return OUTCOME_WORDS[outcome] ?? outcome.replaceAll("_", " ");
}

/** The planner's rejection rules, as what made a table (or combination) unusable. */
const REJECTION_WORDS: Record<string, string> = {
  capacity: "wrong size for the party",
  overage: "too many spare seats",
  inactive: "out of service",
  avoided: "avoided by policy",
  not_online: "not bookable online",
  zone: "outside the preferred zone",
  busy: "taken at that time",
  not_mergeable: "too small and not combinable",
  not_adjacent: "too small with no free neighbour to combine",
};

export function rejectionWords(rule: string): string {
  return REJECTION_WORDS[rule] ?? rule.replaceAll("_", " ");
}

/** `65 wrong size for the party, 10 taken at that time` — the rules that ruled options out, most first. */
export function rejectedSummary(rejected: unknown): string | null {
  if (!rejected || typeof rejected !== "object") return null;
  const counts = Object.entries(rejected as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === "number" && e[1] > 0)
    .sort((a, b) => b[1] - a[1]);
  if (counts.length === 0) return null;
  return counts.map(([rule, n]) => `${n} ${rejectionWords(rule)}`).join(", ");
}

/**
 * An attempt's diagnostics as sentences: how many options were looked at and fitted, what ruled the others out,
 * the plan's score, the next times that would fit. Unknown keys are left to the JSON view.
 */
export function diagnosticsWords(diagnostics: Record<string, unknown>, timezone: string): string[] {
  const lines: string[] = [];
  const evaluated = diagnostics.combinationsEvaluated;
  const candidates = diagnostics.candidates;
  if (typeof evaluated === "number" || typeof candidates === "number") {
    const looked =
      typeof evaluated === "number" ? `${evaluated} table option${evaluated === 1 ? "" : "s"} checked` : "";
    const fit = typeof candidates === "number" ? `${candidates} fitted` : "";
    lines.push([looked, fit].filter(Boolean).join(", "));
  }
  const rejected = rejectedSummary(diagnostics.rejected);
  if (rejected) lines.push(`Ruled out: ${rejected}`);
  if (typeof diagnostics.rank === "number" && diagnostics.rank > 1) {
    lines.push(`Took plan #${diagnostics.rank} (the better ones were taken meanwhile)`);
  }
  if (typeof diagnostics.score === "number") lines.push(`Plan score ${diagnostics.score.toFixed(2)}`);
  if (Array.isArray(diagnostics.nextTimes)) {
    const times = diagnostics.nextTimes.filter((t): t is string => typeof t === "string");
    lines.push(
      times.length
        ? `Next times that would fit: ${times.map((t) => formatTime(t, timezone)).join(", ")}`
        : "No other time that day would fit",
    );
  }
  if (typeof diagnostics.error === "string") lines.push(`Error: ${diagnostics.error}`);
  if (typeof diagnostics.plannerMs === "number") lines.push(`Planner took ${formatMs(diagnostics.plannerMs)}`);
  return lines;
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

const KIND_WORDS: Record<string, string> = {
  booking_confirmed: "Confirmation email",
  booking_cancelled: "Cancellation email",
  booking_changed: "Change email",
};

export function notificationKindWords(kind: string): string {
  return KIND_WORDS[kind] ?? kind.replaceAll("_", " ");
}

const NOTIFICATION_STATUS_WORDS: Record<string, string> = {
  pending: "Waiting to send",
  sent: "Sent",
  failed: "Failed",
};

export function notificationStatusWords(status: string): string {
  return NOTIFICATION_STATUS_WORDS[status] ?? status;
}

/** `19:30–21:45` in the restaurant's zone. */
export function timeRange(startsAt: string, endsAt: string, timezone: string): string {
  return `${formatTime(startsAt, timezone)}–${formatTime(endsAt, timezone)}`;
}

/** `19:02` today, `Sat 29 Nov 19:02` another day (restaurant's zone). */
export function whenWords(at: string, timezone: string, today: string): string {
  const day = formatDay(at, timezone);
  return day === today ? formatTime(at, timezone) : `${day} ${formatTime(at, timezone)}`;
}

/**
 * What a colleague changed between the booking the drawer showed and the booking as it is now (a 409
 * STALE_VERSION's `current`): `status Confirmed → Seated; tables T1 → T2`.
 */
export function describeChange(
  before: Pick<TStaffBookingResponse, "status" | "tables" | "startsAt" | "partySize" | "notes">,
  after: Pick<TStaffBookingResponse, "status" | "tables" | "startsAt" | "partySize" | "notes">,
  timezone: string,
): string {
  const parts: string[] = [];
  if (before.status !== after.status) parts.push(`status ${statusWords(before.status)} → ${statusWords(after.status)}`);
  const names = (tables: { name: string }[]) => (tables.length ? tables.map((t) => t.name).join(", ") : "none");
  if (names(before.tables) !== names(after.tables)) {
    parts.push(`tables ${names(before.tables)} → ${names(after.tables)}`);
  }
  if (before.startsAt !== after.startsAt) {
    parts.push(`time ${formatTime(before.startsAt, timezone)} → ${formatTime(after.startsAt, timezone)}`);
  }
  if (before.partySize !== after.partySize) parts.push(`party ${before.partySize} → ${after.partySize}`);
  if ((before.notes ?? "") !== (after.notes ?? "")) parts.push("notes changed");
  return parts.length
    ? `Someone changed this booking meanwhile: ${parts.join("; ")}.`
    : "Someone changed this booking meanwhile.";
}

/** Why a booking waits in review (the stored code, or the words staff gave), as the review queue says it. */
const REVIEW_REASON_WORDS: Record<string, string> = {
  NO_PLAN: "No table or combination seats the party at that time.",
  CONFLICT_RETRIES_EXHAUSTED: "Automatic assignment kept losing its tables to bookings placed at the same time.",
  ASSIGNMENT_RETRIES_EXHAUSTED: "Automatic assignment failed on every retry.",
  ASSIGNMENT_ERROR: "Automatic assignment hit an error it cannot retry.",
  WAITING_FOR_EARLIER_BOOKINGS: "The free tables were set aside for earlier bookings still waiting for theirs.",
};

export function reviewReasonWords(reason: string): string {
  return REVIEW_REASON_WORDS[reason] ?? `Sent to review by staff: ${reason}`;
}

/** A history row's reason: a known code in words, else what the person typed. */
export function reasonWords(reason: string): string {
  return REVIEW_REASON_WORDS[reason] ?? reason;
}
