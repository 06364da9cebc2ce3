import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { restaurantNotFound } from "@/server/auth/require-restaurant-role";
import { enqueueBookingEffects } from "@/server/booking/enqueue-booking-effects";
import { generateBookingReference } from "@/server/booking/generate-booking-reference";
import { bookingContextOf } from "@/server/booking/load-booking-for-transition";
import { loadBookingRules, type TBookingRules } from "@/server/booking/load-booking-rules";
import {
  planBookingTransitions,
  type TBookingActor,
  type TBookingEvent,
  type TPlannedTransition,
} from "@/server/booking/machine";
import { mapDbErrors } from "@/server/booking/map-db-error";
import { resolveServiceWindow } from "@/server/booking/resolve-service-window";
import { DomainError, isDomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";
import type { TEnqueue } from "@/server/infra/queue/job-definition";
import { addMinutes, zonedTimeToInstant } from "@/server/time/zoned-time";
import { importInvalid } from "./import-invalid";
import type { TBookingRow } from "./import-row-schema";
import type { TImportRowError } from "./import-schema";
import type { TLocated } from "./parse-import-file";

export type TBookingImportResult = {
  created: number;
  byStatus: Record<string, number>;
  waitingForTables: number;
  sentToReview: number;
  renamedReferences: Array<{ line: number; from: string; to: string }>;
};

type TTableInfo = { id: string; label: string; capacity: number; mergeable: boolean; active: boolean };

type TPlannedRow = {
  line: number;
  id: string;
  reference: string;
  servicePeriodId: string | null;
  row: TBookingRow;
  startsAt: Date;
  endsAt: Date;
  tables: TTableInfo[];
  steps: Array<{ from: BookingStatus; to: BookingStatus; event: string; reason: string | null }>;
  final: BookingStatus;
  requestsAssignment: boolean;
};

const REVIEW_REASON = "imported without tables after its start: choose its tables";

/**
 * Imports a file's bookings into one restaurant, all or nothing. Every row is checked first (its time in the
 * restaurant's zone, its window, its tables, its lifecycle path, overlaps with the file's other rows and with the
 * bookings already there) and every error is reported with its line; only a clean file is written, in ONE
 * transaction and a few statements (maitre_import_bookings), whatever its size.
 *
 * Statuses: the machine plans each row's path from `created` (history row per step). With tables: confirmed
 * (MANUAL_ASSIGN, CONFIRM), then CHECK_IN, COMPLETE or MARK_NO_SHOW as the row asks (the machine's guards apply:
 * no check-in long before the start, no no-show before it). Without tables: a confirmed booking that has not
 * started waits for the coordinator (assignment_pending, an assign job queued with it); one that has started goes
 * to manual review; checked_in/completed/no_show need their tables. Cancelled rows get no tables. No guest is
 * emailed and pacing caps are not applied (the restaurant is recording bookings it already took).
 */
export async function importBookings({
  db,
  restaurantId,
  rows,
  actor,
  now = new Date(),
  dryRun = false,
  enqueue,
  errors: earlier = [],
}: {
  db: Db;
  restaurantId: string;
  rows: readonly TLocated<TBookingRow>[];
  actor: TBookingActor;
  now?: Date;
  dryRun?: boolean;
  enqueue?: TEnqueue;
  /** Errors already found in the file (parsing): reported with the ones found here. */
  errors?: readonly TImportRowError[];
}): Promise<TBookingImportResult> {
  const rules = await loadBookingRules(db.kysely, restaurantId);
  if (!rules) throw restaurantNotFound(restaurantId);
  const tables = await db.kysely
    .selectFrom("tables")
    .select(["id", "label", "capacity", "mergeable", "active"])
    .where("restaurant_id", "=", restaurantId)
    .execute();
  const byLabel = new Map(tables.map((t) => [t.label.toLowerCase(), t]));
  const errors: TImportRowError[] = [...earlier];
  const planned: TPlannedRow[] = [];
  const caches = newCaches();
  for (const located of rows) {
    const plannedRow = planRow({ located, rules, byLabel, actor, now, errors, caches });
    if (plannedRow) planned.push(plannedRow);
  }
  const renamedReferences = await checkReferences({ db, restaurantId, planned, rows, errors });
  checkOverlapsInFile(planned, errors);
  await checkOverlapsWithExisting({ db, restaurantId, planned, now, errors });
  if (errors.length > 0) throw importInvalid("bookings", errors);

  const result: TBookingImportResult = {
    created: planned.length,
    byStatus: {},
    waitingForTables: planned.filter((p) => p.final === "assignment_pending").length,
    sentToReview: planned.filter((p) => p.final === "manual_review").length,
    renamedReferences,
  };
  for (const p of planned) result.byStatus[p.final] = (result.byStatus[p.final] ?? 0) + 1;
  if (dryRun || planned.length === 0) return result;

  const payload = planned.map((p) => ({
    id: p.id,
    reference: p.reference,
    service_period_id: p.servicePeriodId,
    guest_name: p.row.guest_name,
    guest_email: p.row.guest_email ?? null,
    guest_phone: p.row.guest_phone ?? null,
    party_size: p.row.party_size,
    starts_at: p.startsAt.toISOString(),
    ends_at: p.endsAt.toISOString(),
    source: p.row.source,
    notes: p.row.notes ?? null,
    tags: p.row.tags,
    table_ids: hasTables(p) ? p.tables.map((t) => t.id) : [],
    group: randomUUID(),
    steps: p.steps.map((s) => ({
      ...s,
      metadata: s.event === "MANUAL_ASSIGN" ? { tableIds: p.tables.map((t) => t.id) } : {},
    })),
  }));
  await mapDbErrors(() =>
    db.transaction(async (tx) => {
      await sql`select maitre_import_bookings(${restaurantId}::uuid, ${JSON.stringify(payload)}::jsonb,
        ${actor.type}, ${actor.id}, ${JSON.stringify({ import: true })}::jsonb) as result`.execute(tx);
      for (const p of planned) {
        if (!p.requestsAssignment) continue;
        await enqueueBookingEffects(tx, {
          effects: ["requestAssignment"],
          bookingId: p.id,
          restaurantId,
          stateVersion: p.steps.length,
          enqueue,
        });
      }
    }),
  );
  return result;
}

function hasTables(p: TPlannedRow): boolean {
  return (
    p.tables.length > 0 && p.final !== "cancelled" && p.final !== "assignment_pending" && p.final !== "manual_review"
  );
}

/**
 * Thousands of rows share a handful of start times, windows and lifecycle paths: each is worked out once per import
 * (asking the machine costs about a millisecond per event, converting a local time a fraction of one).
 */
type TCaches = {
  instants: Map<string, Date | null>;
  windows: Map<string, ReturnType<typeof resolveServiceWindow> | null>;
  plans: Map<string, TPlannedTransition[] | DomainError>;
};

function newCaches(): TCaches {
  return { instants: new Map(), windows: new Map(), plans: new Map() };
}

function localInstant(caches: TCaches, date: string, time: string, timeZone: string): Date | null {
  const key = `${date}T${time}`;
  if (!caches.instants.has(key)) {
    let instant: Date | null = null;
    try {
      instant = zonedTimeToInstant({ date, time, timeZone });
    } catch {
      instant = null;
    }
    caches.instants.set(key, instant);
  }
  return caches.instants.get(key) ?? null;
}

function serviceWindow(caches: TCaches, rules: TBookingRules, startsAt: Date, partySize: number) {
  const key = `${startsAt.getTime()}|${partySize}`;
  if (!caches.windows.has(key)) {
    try {
      caches.windows.set(key, resolveServiceWindow({ rules, startsAt, partySize }));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      caches.windows.set(key, null);
    }
  }
  return caches.windows.get(key) ?? null;
}

/** The machine's plan for a path; the only guards on these paths read "has it started" and "may it check in". */
function planPath(
  caches: TCaches,
  {
    events,
    startsAt,
    rules,
    actor,
    now,
  }: {
    events: TBookingEvent[];
    startsAt: Date;
    rules: TBookingRules;
    actor: TBookingActor;
    now: Date;
  },
): TPlannedTransition[] | DomainError {
  const started = now >= startsAt;
  const checkInOpen = now.getTime() >= startsAt.getTime() - rules.checkInLeadMinutes * 60_000;
  const key = `${events.map((e) => e.type).join(">")}|${started}|${checkInOpen}`;
  const hit = caches.plans.get(key);
  if (hit) return hit;
  let result: TPlannedTransition[] | DomainError;
  try {
    result = planBookingTransitions({
      status: "created",
      context: bookingContextOf(
        {
          starts_at: startsAt,
          assignment_failures: 0,
          no_show_undo_minutes: rules.noShowUndoMinutes,
          check_in_lead_minutes: rules.checkInLeadMinutes,
        },
        { actor, now },
      ),
      events,
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    result = error;
  }
  caches.plans.set(key, result);
  return result;
}

function planRow({
  located: { line, row },
  rules,
  byLabel,
  actor,
  now,
  errors,
  caches,
}: {
  located: TLocated<TBookingRow>;
  rules: TBookingRules;
  byLabel: Map<string, TTableInfo>;
  actor: TBookingActor;
  now: Date;
  errors: TImportRowError[];
  caches: TCaches;
}): TPlannedRow | null {
  const fail = (field: string | null, message: string) => {
    errors.push({ line, field, message });
    return null;
  };
  const startsAt = localInstant(caches, row.date, row.time, rules.timezone);
  if (!startsAt) return fail("date", `${row.date} ${row.time} is not a valid date and time`);
  // The window: as given (duration or end), else the restaurant's turn time for the party plus the buffer.
  let endsAt: Date;
  let servicePeriodId: string | null = null;
  const window = serviceWindow(caches, rules, startsAt, row.party_size);
  if (window) servicePeriodId = window.servicePeriodId;
  if (row.duration_minutes !== undefined) endsAt = addMinutes(startsAt, row.duration_minutes);
  else if (row.end_time !== undefined) {
    const end = localInstant(caches, row.date, row.end_time, rules.timezone);
    if (!end) return fail("end_time", `${row.end_time} is not a valid time on ${row.date}`);
    endsAt = end;
    if (endsAt <= startsAt) endsAt = addMinutes(endsAt, 24 * 60);
    if (endsAt.getTime() - startsAt.getTime() > 12 * 3_600_000)
      return fail("end_time", "a booking lasts at most 12 hours");
  } else if (window) endsAt = window.endsAt;
  else {
    return fail(
      "duration_minutes",
      `${row.time} on ${row.date} is outside the service hours (no turn time for a party of ${row.party_size}): give duration_minutes or end_time`,
    );
  }

  const seen = new Set<string>();
  const tables: TTableInfo[] = [];
  for (const label of row.tables) {
    const table = byLabel.get(label.toLowerCase());
    if (!table) return fail("tables", `table ${label} does not exist in this restaurant (import the tables first)`);
    if (seen.has(table.id)) return fail("tables", `table ${label} is listed twice`);
    seen.add(table.id);
    tables.push(table);
  }
  const wantsTables = row.status !== "cancelled" && tables.length > 0;
  if (wantsTables) {
    const seats = tables.reduce((sum, t) => sum + t.capacity, 0);
    if (seats < row.party_size) {
      return fail(
        "tables",
        `${tables.map((t) => t.label).join(" + ")} seat ${seats}, not a party of ${row.party_size}`,
      );
    }
    const fixed = tables.filter((t) => !t.mergeable);
    if (tables.length > 1 && fixed.length > 0) {
      return fail(
        "tables",
        `${fixed.map((t) => t.label).join(", ")} cannot be combined with other tables (not mergeable)`,
      );
    }
    const inactive = tables.filter((t) => !t.active);
    if (inactive.length > 0 && endsAt > now) {
      return fail("tables", `${inactive.map((t) => t.label).join(", ")} is out of service (inactive)`);
    }
  }

  const started = startsAt <= now;
  let events: TBookingEvent[];
  let requestsAssignment = false;
  if (row.status === "cancelled") events = [{ type: "CANCEL" }];
  else if (!wantsTables) {
    if (row.status !== "confirmed") {
      return fail("tables", `a ${row.status.replace("_", "-")} booking needs its table labels (it was seated)`);
    }
    if (started) events = [{ type: "CAPACITY_VERIFIED" }, { type: "REQUEST_REVIEW", reason: REVIEW_REASON }];
    else {
      events = [{ type: "CAPACITY_VERIFIED" }, { type: "QUEUE_ASSIGNMENT" }];
      requestsAssignment = true;
    }
  } else {
    events = [{ type: "CAPACITY_VERIFIED" }, { type: "MANUAL_ASSIGN" }, { type: "CONFIRM" }];
    if (row.status === "checked_in" || row.status === "completed") events.push({ type: "CHECK_IN" });
    if (row.status === "completed") events.push({ type: "COMPLETE" });
    if (row.status === "no_show") events.push({ type: "MARK_NO_SHOW" });
  }
  const plans = planPath(caches, { events, startsAt, rules, actor, now });
  if (plans instanceof DomainError) {
    const error = plans;
    const last = events.at(-1)?.type;
    const why =
      last === "MARK_NO_SHOW"
        ? "a booking cannot be a no-show before its start"
        : last === "CHECK_IN" || last === "COMPLETE"
          ? `a party can be checked in from ${rules.checkInLeadMinutes} minutes before its start, not earlier`
          : error.message;
    return fail("status", `${row.status}: ${why}`);
  }
  const steps = plans.map((p) => ({
    from: p.from,
    to: p.to,
    event: p.event.type,
    reason: "reason" in p.event && p.event.reason ? p.event.reason : null,
  }));
  return {
    line,
    id: randomUUID(),
    reference: row.reference ?? "",
    servicePeriodId,
    row,
    startsAt,
    endsAt,
    tables: wantsTables ? tables : [],
    steps,
    final: plans.at(-1)?.to ?? "created",
    requestsAssignment,
  };
}

/**
 * References: unique within the file; one this restaurant already has is an error (the file was imported
 * before?); one another restaurant uses is replaced by a new one (references are unique across restaurants),
 * and reported. Rows without one get a new one.
 */
async function checkReferences({
  db,
  restaurantId,
  planned,
  rows,
  errors,
}: {
  db: Db;
  restaurantId: string;
  planned: TPlannedRow[];
  rows: readonly TLocated<TBookingRow>[];
  errors: TImportRowError[];
}): Promise<Array<{ line: number; from: string; to: string }>> {
  const firstLine = new Map<string, number>();
  for (const { line, row } of rows) {
    if (!row.reference) continue;
    const earlier = firstLine.get(row.reference);
    if (earlier !== undefined) {
      errors.push({ line, field: "reference", message: `reference ${row.reference} is also on line ${earlier}` });
    } else firstLine.set(row.reference, line);
  }
  const given = [...firstLine.keys()];
  const existing = new Map<string, string>();
  for (let i = 0; i < given.length; i += 1000) {
    const found = await db.kysely
      .selectFrom("bookings")
      .select(["reference", "restaurant_id"])
      .where("reference", "in", given.slice(i, i + 1000))
      .execute();
    for (const f of found) existing.set(f.reference, f.restaurant_id);
  }
  const taken = new Set(existing.keys());
  const renamed: Array<{ line: number; from: string; to: string }> = [];
  for (const p of planned) {
    const owner = p.reference ? existing.get(p.reference) : undefined;
    if (p.reference && owner === restaurantId) {
      errors.push({
        line: p.line,
        field: "reference",
        message: `booking ${p.reference} already exists here (was this file imported before?)`,
      });
      continue;
    }
    if (p.reference && !owner) continue;
    let fresh = generateBookingReference();
    while (taken.has(fresh) || firstLine.has(fresh)) fresh = generateBookingReference();
    taken.add(fresh);
    if (p.reference) renamed.push({ line: p.line, from: p.reference, to: fresh });
    p.reference = fresh;
  }
  return renamed;
}

/** Two rows of the file on one table at overlapping times: an error on the later row naming the earlier one. */
function checkOverlapsInFile(planned: TPlannedRow[], errors: TImportRowError[]): void {
  const byTable = new Map<string, Array<{ p: TPlannedRow; label: string }>>();
  for (const p of planned) {
    if (!hasTables(p)) continue;
    for (const t of p.tables) {
      const list = byTable.get(t.id) ?? [];
      list.push({ p, label: t.label });
      byTable.set(t.id, list);
    }
  }
  const reported = new Set<TPlannedRow>();
  for (const list of byTable.values()) {
    list.sort((a, b) => a.p.startsAt.getTime() - b.p.startsAt.getTime() || a.p.line - b.p.line);
    let holder: TPlannedRow | null = null;
    for (const { p, label } of list) {
      if (holder && p.startsAt < holder.endsAt && !reported.has(p)) {
        const [first, second] = holder.line < p.line ? [holder, p] : [p, holder];
        errors.push({
          line: second.line,
          field: "tables",
          message: `table ${label} is also booked on line ${first.line} (${first.row.guest_name}, ${first.row.date} ${first.row.time}) at an overlapping time`,
        });
        reported.add(second);
      }
      if (!holder || p.endsAt > holder.endsAt) holder = p;
    }
  }
}

/** A row on a table already taken (a booking or a live hold) at an overlapping time, named by its reference. */
async function checkOverlapsWithExisting({
  db,
  restaurantId,
  planned,
  now,
  errors,
}: {
  db: Db;
  restaurantId: string;
  planned: TPlannedRow[];
  now: Date;
  errors: TImportRowError[];
}): Promise<void> {
  const seated = planned.filter(hasTables);
  if (seated.length === 0) return;
  const from = new Date(Math.min(...seated.map((p) => p.startsAt.getTime())));
  const to = new Date(Math.max(...seated.map((p) => p.endsAt.getTime())));
  const { rows } = await sql<{ table_id: string; reference: string; kind: string; starts: Date; ends: Date }>`
    select a.table_id, b.reference, a.kind, lower(a.during) as starts, upper(a.during) as ends
    from allocations a join bookings b on b.id = a.booking_id
    where a.restaurant_id = ${restaurantId} and a.during && tstzrange(${from}, ${to}, '[)')
      and (a.kind = 'assignment' or a.expires_at > ${now})`.execute(db.kysely);
  if (rows.length === 0) return;
  const byTable = new Map<string, typeof rows>();
  for (const r of rows) byTable.set(r.table_id, [...(byTable.get(r.table_id) ?? []), r]);
  for (const p of seated) {
    for (const t of p.tables) {
      const clash = byTable.get(t.id)?.find((r) => new Date(r.starts) < p.endsAt && new Date(r.ends) > p.startsAt);
      if (clash) {
        errors.push({
          line: p.line,
          field: "tables",
          message: `table ${t.label} is already taken by booking ${clash.reference}${clash.kind === "hold" ? " (a hold)" : ""} at an overlapping time`,
        });
        break;
      }
    }
  }
}
