import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import { findDuplicateNotifications } from "../invariants/queries/duplicate-notifications";
import { UNSETTLED_STATUSES } from "./drill-kit";
import type { TClientBooking, THttpRecord } from "./drill-load";

export type TFaultKind = "worker_kill" | "proxy_outage" | "pg_restart";
/** When a fault was in force: [start, end] (an instant for a kill). */
export type TFaultWindow = { kind: TFaultKind; start: number; end: number };

export type TBookingRow = {
  id: string;
  reference: string;
  key: string | null;
  createdAt: number;
  status: string;
  reviewReason: string | null;
  partySize: number;
  /** When the pipeline was done with it: first move to assigned, confirmed or manual_review (null: never). */
  settledAt: number | null;
};

const SETTLED_FINAL = new Set(["assigned", "confirmed", "manual_review"]);

export async function loadBookings(db: Queryable, restaurantId: string): Promise<TBookingRow[]> {
  const { rows } = await sql<{
    id: string;
    reference: string;
    key: string | null;
    createdAt: Date;
    status: string;
    reviewReason: string | null;
    partySize: number;
    settledAt: Date | null;
  }>`
    select b.id, b.reference, b.idempotency_key as key, b.created_at as "createdAt", b.status,
           b.review_reason as "reviewReason", b.party_size as "partySize",
           (select min(h.at) from booking_state_history h
             where h.booking_id = b.id and h.to_status in ('assigned', 'confirmed', 'manual_review')) as "settledAt"
      from bookings b
     where b.restaurant_id = ${restaurantId}`.execute(db);
  return rows.map((r) => ({
    ...r,
    createdAt: new Date(r.createdAt).getTime(),
    settledAt: r.settledAt ? new Date(r.settledAt).getTime() : null,
  }));
}

export type TFaultSettle = {
  kind: TFaultKind;
  /** Bookings created before the fault ended and still unsettled when it began. */
  delayed: number;
  /** max(settled − max(fault start, created)) over them (ms). */
  maxSettleMs: number | null;
  /** The last of them settled this long after the fault began (ms). */
  lastSettledAfterStartMs: number | null;
  unsettled: number;
};

export type TSettleFigures = {
  perFault: TFaultSettle[];
  /** Per booking: settled − max(created, start of the latest fault it lived through); the bound applies to this. */
  maxAttributedMs: number | null;
  /** Bookings that lived through no fault: settled − created. */
  maxUnfaultedMs: number | null;
  overBound: Array<{ reference: string; attributedMs: number; fault: TFaultKind | null; status: string }>;
};

export function settleFigures(
  rows: readonly TBookingRow[],
  faults: readonly TFaultWindow[],
  boundMs: number,
): TSettleFigures {
  const livedThrough = (row: TBookingRow, fault: TFaultWindow) =>
    row.createdAt <= fault.end && (row.settledAt === null || row.settledAt > fault.start);
  const perFault = faults.map((fault): TFaultSettle => {
    const delayed = rows.filter((row) => livedThrough(row, fault));
    const settled = delayed.filter((row) => row.settledAt !== null) as Array<TBookingRow & { settledAt: number }>;
    return {
      kind: fault.kind,
      delayed: delayed.length,
      maxSettleMs: maxOf(settled.map((row) => row.settledAt - Math.max(fault.start, row.createdAt))),
      lastSettledAfterStartMs: maxOf(settled.map((row) => row.settledAt - fault.start)),
      unsettled: delayed.length - settled.length,
    };
  });
  const overBound: TSettleFigures["overBound"] = [];
  const attributed: number[] = [];
  const unfaulted: number[] = [];
  for (const row of rows) {
    if (row.settledAt === null) continue;
    const through = faults.filter((fault) => livedThrough(row, fault)).sort((a, b) => b.start - a.start)[0];
    const ms = row.settledAt - Math.max(row.createdAt, through?.start ?? row.createdAt);
    attributed.push(ms);
    if (!through) unfaulted.push(ms);
    if (ms > boundMs) {
      overBound.push({ reference: row.reference, attributedMs: ms, fault: through?.kind ?? null, status: row.status });
    }
  }
  return { perFault, maxAttributedMs: maxOf(attributed), maxUnfaultedMs: maxOf(unfaulted), overBound };
}

export type TClientChecks = {
  sent: number;
  accepted: number;
  refused: Array<{ key: string; refusal: string }>;
  /** Accepted by the server, yet no booking (or not exactly one) carries the key, or its reference differs. */
  notExactlyOnce: string[];
  unsettled: Array<{ reference: string; status: string }>;
  reviewsWithoutReason: string[];
  /** Bookings whose client never saw an acceptance (it gave up): they must still settle. */
  unacknowledged: number;
  statuses: Record<string, number>;
};

export function clientChecks(clients: readonly TClientBooking[], rows: readonly TBookingRow[]): TClientChecks {
  const byKey = new Map<string, TBookingRow[]>();
  for (const row of rows) if (row.key) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  const accepted = clients.filter((c) => c.acceptedStatus !== null);
  const notExactlyOnce: string[] = [];
  for (const client of accepted) {
    const matches = byKey.get(client.key) ?? [];
    const references = new Set(client.references);
    if (matches.length !== 1 || references.size !== 1 || !references.has(matches[0]?.reference ?? "")) {
      notExactlyOnce.push(`${client.key}: ${matches.length} row(s), answers ${[...references].join("/")}`);
    }
  }
  const acceptedKeys = new Set(accepted.map((c) => c.key));
  const statuses: Record<string, number> = {};
  for (const row of rows) statuses[row.status] = (statuses[row.status] ?? 0) + 1;
  return {
    sent: clients.length,
    accepted: accepted.length,
    refused: clients.filter((c) => c.acceptedStatus === null).map((c) => ({ key: c.key, refusal: c.refusal ?? "?" })),
    notExactlyOnce,
    unsettled: rows
      .filter((row) => !SETTLED_FINAL.has(row.status) || (UNSETTLED_STATUSES as readonly string[]).includes(row.status))
      .map((row) => ({ reference: row.reference, status: row.status })),
    reviewsWithoutReason: rows.filter((r) => r.status === "manual_review" && !r.reviewReason).map((r) => r.reference),
    unacknowledged: rows.filter((row) => !row.key || !acceptedKeys.has(row.key)).length,
    statuses,
  };
}

export type THttpChecks = {
  bookings: Record<"2xx" | "4xx" | "5xx" | "none", number>;
  /** /api/health polls and post-load probes. */
  other: Record<"2xx" | "4xx" | "5xx" | "none", number>;
  fiveXX: number;
  /** 5xx answers that break the rule: not 503 problem+json with Retry-After, or outside the database outage. */
  violations: string[];
  /** Latest 5xx answer, relative to PostgreSQL answering again (ms; negative = during the outage). */
  lastFiveXXAfterReadyMs: number | null;
  /** First 2xx booking answer received after PostgreSQL answered again, relative to that (ms). */
  firstSuccessAfterReadyMs: number | null;
  statusCodes: Record<string, number>;
};

const classOf = (status: number | null) =>
  status === null ? "none" : status >= 500 ? "5xx" : status >= 400 ? "4xx" : ("2xx" as const);

export function httpChecks(
  records: readonly THttpRecord[],
  outage: { start: number; end: number } | null,
  graceMs: number,
): THttpChecks {
  const empty = () => ({ "2xx": 0, "4xx": 0, "5xx": 0, none: 0 });
  const bookings = empty();
  const other = empty();
  const statusCodes: Record<string, number> = {};
  const violations: string[] = [];
  let lastFiveXX: number | null = null;
  let firstSuccess: number | null = null;
  for (const r of records) {
    (r.route === "bookings" ? bookings : other)[classOf(r.status)] += 1;
    const code = `${r.route} ${r.status ?? r.error?.split(":")[0] ?? "none"}`;
    statusCodes[code] = (statusCodes[code] ?? 0) + 1;
    if (r.status !== null && r.status >= 500) {
      const problems: string[] = [];
      if (r.status !== 503) problems.push(`status ${r.status}`);
      if (!r.contentType?.includes("application/problem+json")) problems.push(`content-type ${r.contentType}`);
      if (!r.retryAfter) problems.push("no Retry-After");
      if (!outage || r.receivedAt < outage.start || r.receivedAt > outage.end + graceMs) {
        problems.push(
          outage
            ? `at ${((r.receivedAt - outage.start) / 1000).toFixed(2)} s from the restart (outage ${((outage.end - outage.start) / 1000).toFixed(2)} s + ${graceMs / 1000} s grace)`
            : "no database outage in this round",
        );
      }
      if (problems.length > 0) violations.push(`${r.route} ${r.key ?? ""} ${r.code ?? ""}: ${problems.join(", ")}`);
      if (outage) lastFiveXX = Math.max(lastFiveXX ?? -Infinity, r.receivedAt - outage.end);
    }
    if (outage && r.route === "bookings" && classOf(r.status) === "2xx" && r.receivedAt >= outage.end) {
      const after = r.receivedAt - outage.end;
      firstSuccess = firstSuccess === null ? after : Math.min(firstSuccess, after);
    }
  }
  return {
    bookings,
    other,
    fiveXX: bookings["5xx"] + other["5xx"],
    violations,
    lastFiveXXAfterReadyMs: lastFiveXX,
    firstSuccessAfterReadyMs: firstSuccess,
    statusCodes,
  };
}

export type TFreeTableReview = {
  reviewed: string;
  reason: string | null;
  party: number;
  later: string;
  tables: string;
  capacity: number;
  /** The later booking was settled before the reviewed one: it was planned while the reviewed one waited. */
  laterSettledFirst: boolean;
};

/**
 * Reviewed bookings that a later-created booking overtook: the later booking holds a table — or its whole merged
 * set — that fits the reviewed party by the planner's own rules (party ≤ capacity ≤ party + maxOverage, minimum
 * party, online-bookable for online bookings), overlaps the reviewed booking's window, and that no booking created
 * before the reviewed one occupies in that window (so it was free when the reviewed booking arrived).
 */
export async function reviewsOvertaken(db: Queryable, restaurantId: string): Promise<TFreeTableReview[]> {
  const { rows } = await sql<TFreeTableReview>`
    with cfg as (
      select coalesce((planner_config -> 'policy' ->> 'maxOverage')::int, 4) as max_overage
        from restaurants where id = ${restaurantId}
    ),
    placed as (
      select a.booking_id, a.assignment_group, a.table_id, a.during, t.label, t.capacity, t.min_party,
             t.online_bookable and t.active as online_ok, t.active
        from allocations a join tables t on t.id = a.table_id
       where a.restaurant_id = ${restaurantId} and a.kind = 'assignment'
    ),
    units as (
      select booking_id, array_agg(table_id) as table_ids, string_agg(label, '+' order by label) as labels,
             sum(capacity)::int as capacity, max(min_party) as min_party, bool_and(online_ok) as online_ok,
             bool_and(active) as active, range_merge(range_agg(during)) as during
        from placed group by booking_id, assignment_group
      union all
      select p.booking_id, array[p.table_id], p.label, p.capacity, p.min_party, p.online_ok, p.active, p.during
        from placed p
       where exists (select 1 from placed q where q.assignment_group = p.assignment_group and q.table_id <> p.table_id)
    )
    select distinct on (r.id, l.id, u.labels)
           r.reference as reviewed, r.review_reason as reason, r.party_size as party, l.reference as later,
           u.labels as tables, u.capacity,
           coalesce((select min(h.at) from booking_state_history h where h.booking_id = l.id
                      and h.to_status in ('assigned', 'confirmed')) <
                    (select min(h.at) from booking_state_history h where h.booking_id = r.id
                      and h.to_status = 'manual_review'), false) as "laterSettledFirst"
      from bookings r
      cross join cfg
      join units u on u.during && r.during
      join bookings l on l.id = u.booking_id and l.created_at > r.created_at
     where r.restaurant_id = ${restaurantId} and r.status = 'manual_review'
       and u.capacity between r.party_size and r.party_size + cfg.max_overage
       and u.min_party <= r.party_size and u.active and (r.source <> 'online' or u.online_ok)
       and not exists (
         select 1 from allocations e join bookings eb on eb.id = e.booking_id
          where e.table_id = any(u.table_ids) and e.during && r.during and e.booking_id <> l.id
            and eb.created_at <= r.created_at)
     order by r.id, l.id, u.labels`.execute(db);
  return rows;
}

export type TNotificationChecks = {
  /** Confirmed bookings with an email whose sent booking_confirmed count is not exactly one. */
  mismatches: number;
  /** (booking, kind) pairs with more than one notification row. */
  duplicates: number;
  /** Notifications for bookings that are not confirmed. */
  stray: number;
  sent: number;
  confirmedWithEmail: number;
};

export async function notificationChecks(
  db: Queryable,
  restaurantId: string,
  mismatches: number,
): Promise<TNotificationChecks> {
  // (booking, kind) pairs with several rows: the invariant checker's query.
  const duplicates = (await findDuplicateNotifications(db, { restaurantId })).length;
  const { rows } = await sql<{ stray: number; sent: number; confirmedWithEmail: number }>`
    select
      (select count(*)::int from notifications n join bookings b on b.id = n.booking_id
        where n.restaurant_id = ${restaurantId} and b.status <> 'confirmed') as stray,
      (select count(*)::int from notifications where restaurant_id = ${restaurantId} and status = 'sent') as sent,
      (select count(*)::int from bookings where restaurant_id = ${restaurantId} and status = 'confirmed'
          and guest_email is not null) as "confirmedWithEmail"`.execute(db);
  const row = rows[0] ?? { stray: 0, sent: 0, confirmedWithEmail: 0 };
  return { mismatches, duplicates, ...row };
}

/** The state history of some bookings, for the evidence file of a failed round. */
export async function historiesOf(db: Queryable, references: readonly string[]) {
  if (references.length === 0) return [];
  const { rows } = await sql`
    select b.reference, b.party_size, b.starts_at, b.created_at, b.status, b.review_reason,
           coalesce(json_agg(json_build_object('at', h.at, 'from', h.from_status, 'to', h.to_status, 'event', h.event,
             'actor', h.actor_type, 'reason', h.reason) order by h.version) filter (where h.id is not null), '[]') as history,
           (select coalesce(json_agg(json_build_object('at', a.created_at, 'trigger', a.trigger, 'outcome', a.outcome,
             'reason', a.reason_code) order by a.created_at), '[]')
              from assignment_attempts a where a.booking_id = b.id) as attempts
      from bookings b left join booking_state_history h on h.booking_id = b.id
     where b.reference = any(${[...references]}::text[])
     group by b.id`.execute(db);
  return rows;
}

function maxOf(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}
