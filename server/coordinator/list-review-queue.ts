import { loadFloorNames, type TFloorNames } from "@/server/availability/load-floor-names";
import { findAssignableBooking } from "@/server/booking/find-assignable-booking";
import { findDayBookings, type TDayBookingRow } from "@/server/booking/find-day-bookings";
import { localDayRange } from "@/server/booking/list-staff-bookings";
import type { Queryable } from "@/server/infra/db/open-db";
import { describeReviewReason } from "./describe-review-reason";
import { describeTablePlan } from "./describe-table-plan";
import { findLastAttempts, type TLastAttempt } from "./find-last-attempts";
import { assignableFromRecord } from "./load-assignable-booking";
import { planBookingTables } from "./plan-booking-tables";
import type { TReviewItem, TReviewQueueResponse } from "./review-queue-schema";

const SUGGESTIONS = 3;
const NEXT_TIMES = 4;
// A hold about to lapse is no reason to keep a table from a suggestion: by the time a manager reads the queue and
// accepts, it is gone. Planning "as of" a minute from now drops holds that expire before then.
const HOLD_GRACE_MS = 60_000;

/**
 * The manual-review queue of one restaurant-day (local date in its time zone): every booking in manual_review that
 * starts that day, past ones included, by start time — each with why it is there, up to 3 plans the planner
 * finds on the floor as it is now and, when none fits, the nearest times that do. Reads only.
 */
export async function listReviewQueue(
  db: Queryable,
  {
    restaurantId,
    timezone,
    date,
    now = new Date(),
  }: { restaurantId: string; timezone: string; date: string; now?: Date },
): Promise<TReviewQueueResponse> {
  const bookings = await findDayBookings(db, {
    restaurantId,
    timezone,
    serviceDate: date,
    statuses: ["manual_review"],
  });
  bookings.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : 1));
  const [names, attempts, lastResolvedAt] = await Promise.all([
    loadFloorNames(db, { restaurantId }),
    findLastAttempts(db, { bookingIds: bookings.map((b) => b.id) }),
    findLastResolved(db, { restaurantId, timezone, date }),
  ]);
  const asOf = new Date(now.getTime() + HOLD_GRACE_MS);
  const items = await Promise.all(
    bookings.map((booking) => reviewItem(db, { booking, names, lastAttempt: attempts.get(booking.id), asOf })),
  );
  return {
    restaurantId,
    date,
    items: items.filter((item): item is TReviewItem => item !== null),
    lastResolvedAt: lastResolvedAt?.toISOString() ?? null,
  };
}

/**
 * When a booking of the day last left manual review (its history's from_status), for the empty queue's "last
 * resolved at …": the day's bookings by their (restaurant, start) index, then their history by booking.
 */
async function findLastResolved(
  db: Queryable,
  { restaurantId, timezone, date }: { restaurantId: string; timezone: string; date: string },
): Promise<Date | null> {
  const day = localDayRange(date, timezone);
  const row = await db
    .selectFrom("booking_state_history as h")
    .innerJoin("bookings as b", "b.id", "h.booking_id")
    .select((eb) => eb.fn.max("h.at").as("at"))
    .where("b.restaurant_id", "=", restaurantId)
    .where("b.starts_at", ">=", day.from)
    .where("b.starts_at", "<", day.to)
    .where("h.from_status", "=", "manual_review")
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}

async function reviewItem(
  db: Queryable,
  {
    booking,
    names,
    lastAttempt,
    asOf,
  }: { booking: TDayBookingRow; names: TFloorNames; lastAttempt: TLastAttempt | undefined; asOf: Date },
): Promise<TReviewItem | null> {
  const record = await findAssignableBooking(db, booking.id);
  // Resolved or deleted between the two reads: no longer in the queue.
  if (record?.status !== "manual_review") return null;
  const assignable = assignableFromRecord(record);
  const { plans, nextTimes } = await planBookingTables({
    db,
    booking: assignable,
    asOf,
    planning: assignable.planning,
    limit: SUGGESTIONS,
  });
  return {
    booking: {
      id: booking.id,
      reference: booking.reference,
      status: record.status,
      version: record.state_version,
      startsAt: assignable.startsAt.toISOString(),
      endsAt: assignable.endsAt.toISOString(),
      partySize: record.party_size,
      guestName: record.guest_name,
      tables: booking.tableIds.map((id) => ({ id, name: names.tables.get(id) ?? id })),
    },
    reason: describeReviewReason({ reviewReason: record.review_reason, partySize: record.party_size, lastAttempt }),
    suggestions: plans.map((plan) => describeTablePlan(plan, names)),
    // The planner looks for other times only when nothing fits at the booking's own (plans empty).
    nextTimes: nextTimes.slice(0, NEXT_TIMES).map((t) => new Date(t).toISOString()),
  };
}
