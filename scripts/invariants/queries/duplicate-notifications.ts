import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import { bookingInScope } from "../invariant-scope";
import type { TInvariant, TInvariantFilter } from "../invariant-types";

export type TDuplicateNotification = {
  bookingId: string;
  reference: string;
  kind: string;
  count: number;
  notificationIds: string[];
  dedupeKeys: string[];
  statuses: string[];
  firstAt: Date;
  lastAt: Date;
};

/**
 * (booking, kind) pairs with more than one notification row. The dedupe key `<kind>:<booking>` makes a second
 * row impossible through send-booking-notification; a row here means a guest got (or will get) the email twice.
 */
export async function findDuplicateNotifications(
  db: Queryable,
  filter: TInvariantFilter = {},
): Promise<TDuplicateNotification[]> {
  const { rows } = await sql<TDuplicateNotification>`
    select n.booking_id as "bookingId", b.reference, n.kind, count(*)::int as count,
           array_agg(n.id order by n.created_at) as "notificationIds",
           array_agg(n.dedupe_key order by n.created_at) as "dedupeKeys",
           array_agg(n.status order by n.created_at) as statuses,
           min(n.created_at) as "firstAt", max(n.created_at) as "lastAt"
      from notifications n
      join bookings b on b.id = n.booking_id
     where ${bookingInScope(filter, "b")}
     group by n.booking_id, b.reference, n.kind
    having count(*) > 1
     order by b.reference, n.kind`.execute(db);
  return rows;
}

export const duplicateNotificationsInvariant: TInvariant = {
  name: "one_notification_per_booking_and_kind",
  description: "At most one notification row per booking and kind (no guest is emailed the same thing twice).",
  async run(db, filter) {
    const rows = await findDuplicateNotifications(db, filter);
    return rows.map((row) => ({
      message: `booking ${row.reference}: ${row.count} ${row.kind} notifications (${row.statuses.join(", ")}; keys ${row.dedupeKeys.join(", ")})`,
      details: row,
    }));
  },
};
