import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";
import { zonedTimeToInstant } from "@/server/time/zoned-time";
import { findStaffBookings } from "./find-staff-bookings";
import type { TListStaffBookingsQuery, TStaffBookingPage } from "./list-staff-bookings-schema";
import { type TStaffViewer, toStaffBookingResponse } from "./staff-booking-response";

/**
 * A page of a restaurant's bookings in start order with keyset pagination: the cursor is the last item's
 * (startsAt, id), opaque to clients, so a booking inserted or moved meanwhile neither repeats nor skips others.
 */
export async function listStaffBookings(
  db: Queryable,
  { query, timezone, viewer }: { query: TListStaffBookingsQuery; timezone: string; viewer: TStaffViewer },
): Promise<TStaffBookingPage> {
  const first = query.date ? localDayRange(query.date, timezone) : undefined;
  const last = query.to ? localDayRange(query.to, timezone, "query.to") : first;
  const rows = await findStaffBookings(db, {
    restaurantId: query.restaurantId,
    startsFrom: first?.from,
    startsBefore: last?.to,
    statuses: query.status as BookingStatus[] | undefined,
    q: query.q,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    // One more than asked tells whether there is a next page without a count query.
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const end = page.at(-1);
  return {
    items: page.map((booking) => toStaffBookingResponse(booking, viewer)),
    nextCursor: rows.length > query.limit && end ? encodeCursor({ startsAt: end.startsAt, id: end.id }) : null,
  };
}

/** A local day as instants [from, to): midnights in the zone, so a 23- or 25-hour DST day is covered exactly. */
export function localDayRange(date: string, timeZone: string, path = "query.date"): { from: Date; to: Date } {
  try {
    return dayRange(date, timeZone);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DomainError("VALIDATION_FAILED", message, { errors: [{ path, message }] });
  }
}

function dayRange(date: string, timeZone: string): { from: Date; to: Date } {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return {
    from: zonedTimeToInstant({ date, time: "00:00", timeZone }),
    to: zonedTimeToInstant({ date: next.toISOString().slice(0, 10), time: "00:00", timeZone }),
  };
}

function encodeCursor({ startsAt, id }: { startsAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([startsAt.toISOString(), id])).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): { startsAt: Date; id: string } {
  try {
    const [startsAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    const at = new Date(String(startsAt));
    if (typeof id === "string" && UUID.test(id) && !Number.isNaN(at.getTime())) return { startsAt: at, id };
  } catch {
    // fall through to the refusal
  }
  throw new DomainError("VALIDATION_FAILED", "the cursor is not one this API returned", {
    hint: "Pass nextCursor from the previous page unchanged, or leave cursor out for the first page",
    errors: [{ path: "query.cursor", message: "unknown cursor" }],
  });
}
