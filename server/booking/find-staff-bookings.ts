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
    ]);
}

/** LIKE pattern matching `text` literally anywhere (%, _ and the escape character itself are escaped). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of a restaurant's bookings in (starts_at, id) order, and their tables: two queries whatever the page
 * size (the bookings, then every assigned table of the page), so a day lists in constant round trips.
 */
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
  return withTables(db, rows);
}

/** One booking as staff see it, or undefined. */
export async function findStaffBooking(db: Queryable, bookingId: string): Promise<TStaffBookingView | undefined> {
  const rows = await selectStaffBookings(db).where("bookings.id", "=", bookingId).execute();
  return (await withTables(db, rows))[0];
}

type TRow = Awaited<ReturnType<ReturnType<typeof selectStaffBookings>["execute"]>>[number];

async function withTables(db: Queryable, rows: TRow[]): Promise<TStaffBookingView[]> {
  if (rows.length === 0) return [];
  const tables = await db
    .selectFrom("allocations as a")
    .innerJoin("tables as t", "t.id", "a.table_id")
    .select(["a.booking_id", "t.id", "t.label"])
    .where(
      "a.booking_id",
      "in",
      rows.map((r) => r.id),
    )
    .where("a.kind", "=", "assignment")
    .orderBy("t.label")
    .orderBy("t.id")
    .execute();
  const byBooking = new Map<string, { id: string; label: string }[]>();
  for (const t of tables) {
    const list = byBooking.get(t.booking_id) ?? [];
    list.push({ id: t.id, label: t.label });
    byBooking.set(t.booking_id, list);
  }
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
    tables: byBooking.get(r.id) ?? [],
  }));
}
