import type { Selectable } from "kysely";
import type { OpsEventsTable } from "@/server/infra/db/schema";
import { toZonedParts } from "@/server/time/zoned-time";

export type TOpsEventKind = OpsEventsTable["kind"];

/** One change to a booking, hold or allocation, as the ops_events triggers record it. */
export type TOpsEvent = {
  id: number;
  restaurantId: string;
  kind: TOpsEventKind;
  bookingId: string | null;
  version: number | null;
  /** booking: created | updated | deleted | the new status; hold: created | updated | deleted;
   * allocation: assigned | unassigned | held | released | updated. */
  change: string;
  startsAt: Date | null;
  previousStartsAt: Date | null;
};

/** The restaurant-day a dashboard watches (the day is local to the restaurant's time zone). */
export type TOpsEventFilter = { restaurantId: string; timezone: string; date: string };

/** What a dashboard receives as the event's data: enough to invalidate the right queries, nothing personal. */
export type TOpsEventData = {
  id: number;
  restaurantId: string;
  bookingId?: string;
  version?: number;
  change: string;
};

type TOpsEventRow = Selectable<OpsEventsTable>;

export function opsEventOfRow(row: TOpsEventRow): TOpsEvent {
  return {
    id: Number(row.id),
    restaurantId: row.restaurant_id,
    kind: row.kind,
    bookingId: row.booking_id,
    version: row.version,
    change: row.change,
    startsAt: row.starts_at ? new Date(row.starts_at) : null,
    previousStartsAt: row.previous_starts_at ? new Date(row.previous_starts_at) : null,
  };
}

/** Whether the event concerns the watched restaurant-day (a booking moved between days concerns both). */
export function concernsDay(event: TOpsEvent, filter: TOpsEventFilter): boolean {
  if (event.restaurantId !== filter.restaurantId) return false;
  return [event.startsAt, event.previousStartsAt].some(
    (instant) => instant !== null && toZonedParts(instant, filter.timezone).date === filter.date,
  );
}

export function opsEventData(event: TOpsEvent): TOpsEventData {
  return {
    id: event.id,
    restaurantId: event.restaurantId,
    ...(event.bookingId ? { bookingId: event.bookingId } : {}),
    ...(event.version !== null ? { version: event.version } : {}),
    change: event.change,
  };
}
