import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingSource, BookingStatus } from "@/server/infra/db/schema";
import type { TBookingView } from "./find-booking-view";

/** A booking as staff see it: the booking contract plus guest, channel, notes and what the machine's guards read. */
export type TStaffBookingView = TBookingView & {
  guestEmail: string | null;
  guestPhone: string | null;
  source: BookingSource;
  notes: string | null;
  reviewReason: string | null;
  assignmentFailures: number;
  noShowUndoMinutes: number;
  checkInLeadMinutes: number;
  /** When it was marked no-show (the undo window's clock); null unless it is a no-show. */
  noShowAt: Date | null;
};

export type TStaffBookingsFilter = {
  restaurantId: string;
  /** [from, to) on starts_at: a restaurant-local day as instants. */
  startsFrom?: Date;
  startsBefore?: Date;
  statuses?: readonly BookingStatus[];
  /** Case-insensitive substring of guest name, email, phone or reference (LIKE wildcards are escaped). */
  q?: string;
  /** Keyset: only bookings after this (starts_at, id). */
  after?: { startsAt: Date; id: string };
  limit: number;
};

function selectStaffBookings(db: Queryable) {
  return db
    .selectFrom("bookings")
    .innerJoin("restaurants", "restaurants.id", "bookings.restaurant_id")
    .select([
      "bookings.id",
      "bookings.restaurant_id",
      "bookings.reference",
      "bookings.status",
      "bookings.state_version",
      "bookings.starts_at",
      "bookings.ends_at",
      "bookings.party_size",
      "bookings.guest_name",
      "bookings.guest_email",
      "bookings.guest_phone",
      "bookings.source",
      "bookings.notes",
      "bookings.review_reason",
      "bookings.assignment_failures",
      "restaurants.no_show_undo_minutes",
      "restaurants.check_in_lead_minutes",
      // Only no-shows need it (the undo guard); the subquery runs for those rows alone.
      sql<Date | string | null>`case when bookings.status = 'no_show' then (
        select coalesce((h.metadata ->> 'at')::timestamptz, h.at) from booking_state_history h
        where h.booking_id = bookings.id and h.to_status = 'no_show' order by h.version desc limit 1) end`.as(
        "no_show_at",
      ),
      // The assigned tables in the same statement (one round trip per page, whatever its size), as [id, label].
      sql<[string, string][]>`coalesce((
        select json_agg(json_build_array(t.id, t.label) order by t.label, t.id)
        from allocations a join tables t on t.id = a.table_id
        where a.booking_id = bookings.id and a.kind = 'assignment'), '[]'::json)`.as("tables"),
    ]);
}

/** LIKE pattern matching `text` literally anywhere (%, _ and the escape character itself are escaped). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One page of a restaurant's bookings in (starts_at, id) order, with their tables: one statement. */
export async function findStaffBookings(db: Queryable, filter: TStaffBookingsFilter): Promise<TStaffBookingView[]> {
  let query = selectStaffBookings(db).where("bookings.restaurant_id", "=", filter.restaurantId);
  if (filter.startsFrom) query = query.where("bookings.starts_at", ">=", filter.startsFrom);
  if (filter.startsBefore) query = query.where("bookings.starts_at", "<", filter.startsBefore);
  if (filter.statuses && filter.statuses.length > 0) query = query.where("bookings.status", "in", [...filter.statuses]);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        eb("bookings.guest_name", "ilike", pattern),
        eb("bookings.guest_email", "ilike", pattern),
        eb("bookings.guest_phone", "ilike", pattern),
        eb("bookings.reference", "ilike", pattern),
      ]),
    );
  }
  if (filter.after) {
    const { startsAt, id } = filter.after;
    query = query.where(sql<boolean>`(bookings.starts_at, bookings.id) > (${startsAt}::timestamptz, ${id}::uuid)`);
  }
  const rows = await query.orderBy("bookings.starts_at").orderBy("bookings.id").limit(filter.limit).execute();
  return toViews(rows);
}

/** One booking as staff see it, or undefined. */
export async function findStaffBooking(db: Queryable, bookingId: string): Promise<TStaffBookingView | undefined> {
  const rows = await selectStaffBookings(db).where("bookings.id", "=", bookingId).execute();
  return toViews(rows)[0];
}

type TRow = Awaited<ReturnType<ReturnType<typeof selectStaffBookings>["execute"]>>[number];

function toViews(rows: TRow[]): TStaffBookingView[] {
  return rows.map((r) => ({
    id: r.id,
    restaurantId: r.restaurant_id,
    reference: r.reference,
    status: r.status,
    stateVersion: r.state_version,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    partySize: r.party_size,
    guestName: r.guest_name,
    guestEmail: r.guest_email,
    guestPhone: r.guest_phone,
    source: r.source,
    notes: r.notes,
    reviewReason: r.review_reason,
    assignmentFailures: r.assignment_failures,
    noShowUndoMinutes: r.no_show_undo_minutes,
    checkInLeadMinutes: r.check_in_lead_minutes,
    noShowAt: r.no_show_at === null ? null : new Date(r.no_show_at),
    tables: tablesOf(r.tables),
  }));
}

function tablesOf(pairs: [string, string][]): { id: string; label: string }[] {
  return pairs.map(([id, label]) => ({ id, label }));
}
