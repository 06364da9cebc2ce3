import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import { findStaffBooking } from "./find-staff-bookings";
import { DEFAULT_MAX_ASSIGNMENT_RETRIES } from "./machine";
import type { TStaffBookingDetail } from "./staff-booking-detail-schema";
import { type TStaffViewer, toStaffBookingResponse } from "./staff-booking-response";

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * Everything staff need to understand one booking, in six indexed reads issued together (booking + tables,
 * history with staff names, attempts, notifications, live hold, the guest record with its visit counts). Undefined when there is no such booking.
 */
export async function findStaffBookingDetail(
  db: Queryable,
  { bookingId, viewer }: { bookingId: string; viewer: TStaffViewer },
): Promise<TStaffBookingDetail | undefined> {
  const [booking, history, attempts, notifications, hold, guest] = await Promise.all([
    findStaffBooking(db, bookingId),
    db
      .selectFrom("booking_state_history as h")
      .leftJoin("staff_users as s", (join) => join.on(sql<boolean>`h.actor_type = 'staff' and s.id::text = h.actor_id`))
      .select(["h.version", "h.event", "h.from_status", "h.to_status", "h.actor_type", "h.actor_id"])
      .select(["h.reason", "h.metadata", "h.at", "s.display_name"])
      .where("h.booking_id", "=", bookingId)
      .orderBy("h.version")
      .execute(),
    db
      .selectFrom("assignment_attempts")
      .selectAll()
      .where("booking_id", "=", bookingId)
      .orderBy("created_at")
      .orderBy("attempt")
      .execute(),
    db
      .selectFrom("notifications")
      .select(["id", "kind", "status", "sent_at"])
      .where("booking_id", "=", bookingId)
      .orderBy("created_at")
      .execute(),
    db
      .selectFrom("holds")
      .select(["id", "table_ids", "source", "expires_at"])
      .where("booking_id", "=", bookingId)
      .where("expires_at", ">", viewer.now)
      .orderBy("expires_at", "desc")
      .executeTakeFirst(),
    findBookingGuest(db, bookingId),
  ]);
  if (!booking) return undefined;
  return {
    ...toStaffBookingResponse(booking, viewer),
    lifecycle: {
      checkInLeadMinutes: booking.checkInLeadMinutes,
      noShowUndoMinutes: booking.noShowUndoMinutes,
      assignmentFailures: booking.assignmentFailures,
      maxAssignmentRetries: DEFAULT_MAX_ASSIGNMENT_RETRIES,
      noShowAt: booking.noShowAt ? booking.noShowAt.toISOString() : null,
    },
    history: history.map((h) => ({
      version: h.version,
      event: h.event,
      from: h.from_status,
      to: h.to_status,
      actor: { type: h.actor_type, id: h.actor_id, name: h.display_name ?? null },
      reason: h.reason,
      metadata: h.metadata,
      at: iso(h.at),
    })),
    assignmentAttempts: attempts.map((a) => ({
      id: a.id,
      trigger: a.trigger,
      attempt: a.attempt,
      strategy: a.strategy,
      outcome: a.outcome,
      reasonCode: a.reason_code,
      durationMs: a.duration_ms,
      tableIds: [...a.table_ids],
      diagnostics: a.planner_stats,
      at: iso(a.created_at),
    })),
    notifications: notifications.map((n) => ({
      id: n.id,
      kind: n.kind,
      status: n.status,
      sentAt: n.sent_at ? iso(n.sent_at) : null,
    })),
    activeHold: hold
      ? { id: hold.id, tableIds: [...hold.table_ids], source: hold.source, expiresAt: iso(hold.expires_at) }
      : null,
    guest: guest
      ? {
          id: guest.id,
          name: guest.name,
          tags: [...guest.tags],
          notes: guest.notes,
          visits: Number(guest.visits),
          noShows: Number(guest.no_shows),
          cancellations: Number(guest.cancellations),
          lastVisitAt: guest.last_visit_at ? iso(guest.last_visit_at) : null,
        }
      : null,
  };
}

/** The booking's guest record and its counts (one statement: bookings_guest_idx for the aggregate). */
async function findBookingGuest(db: Queryable, bookingId: string) {
  const { rows } = await sql<{
    id: string;
    name: string;
    tags: string[];
    notes: string | null;
    visits: number;
    no_shows: number;
    cancellations: number;
    last_visit_at: Date | null;
  }>`
    select g.id, g.name, g.tags, g.notes, s.visits, s.no_shows, s.cancellations, s.last_visit_at
    from bookings b
    join guests g on g.id = b.guest_id
    cross join lateral (
      select count(*) filter (where x.status in ('completed', 'checked_in'))::int as visits,
             count(*) filter (where x.status = 'no_show')::int as no_shows,
             count(*) filter (where x.status = 'cancelled')::int as cancellations,
             max(x.starts_at) filter (where x.status in ('completed', 'checked_in')) as last_visit_at
      from bookings x where x.guest_id = g.id) s
    where b.id = ${bookingId}`.execute(db);
  return rows[0];
}
