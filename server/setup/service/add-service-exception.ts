import { DomainError, type FieldError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import { timeToSeconds, toZonedParts, zonedTimeToInstant } from "@/server/time/zoned-time";
import { findUpcomingBookings } from "./find-upcoming-bookings";
import { lockRestaurantVersion } from "./lock-restaurant-version";
import { readServiceSettings } from "./read-service-settings";
import {
  checkHours,
  type TAddServiceExceptionRequest,
  type TAddServiceExceptionResponse,
} from "./service-settings-schema";

/**
 * POST /api/ops/restaurants/{id}/service/exceptions: a date exception — the whole day closed, one service closed,
 * or one service's special hours — from the restaurant's today on, based on `expectedRulesVersion`. A day that
 * already has bookings may still close: nothing is cancelled, the answer lists the bookings it leaves without
 * service (`affectedBookings`) so staff can call the guests. One exception per date and service (or whole day).
 */
export async function addServiceException(
  db: Db,
  {
    restaurantId,
    request,
    now = new Date(),
  }: { restaurantId: string; request: TAddServiceExceptionRequest; now?: Date },
): Promise<TAddServiceExceptionResponse> {
  return db.transaction(async (tx) => {
    const { timezone } = await lockRestaurantVersion(tx, {
      restaurantId,
      version: "rules",
      expected: request.expectedRulesVersion,
    });
    const errors: FieldError[] = [];
    const today = toZonedParts(now, timezone).date;
    if (request.date < today) errors.push({ path: "date", message: `must be today (${today}) or later` });
    const special = request.kind === "special_hours";
    const period = request.servicePeriodId
      ? await tx
          .selectFrom("service_periods")
          .select(["id", "name"])
          .where("restaurant_id", "=", restaurantId)
          .where("id", "=", request.servicePeriodId)
          .executeTakeFirst()
      : undefined;
    if (request.servicePeriodId && !period) {
      errors.push({ path: "servicePeriodId", message: "no such service here: reload the page" });
    }
    if (special && !request.servicePeriodId) {
      errors.push({ path: "servicePeriodId", message: "special hours belong to one service: choose it" });
    }
    const hours = special
      ? { opensAt: request.opensAt, lastSeatingAt: request.lastSeatingAt, closesAt: request.closesAt }
      : null;
    if (hours) {
      for (const field of ["opensAt", "lastSeatingAt", "closesAt"] as const) {
        if (!hours[field]) errors.push({ path: field, message: "needed for special hours" });
      }
      if (hours.opensAt && hours.lastSeatingAt && hours.closesAt) {
        errors.push(
          ...checkHours({ opensAt: hours.opensAt, lastSeatingAt: hours.lastSeatingAt, closesAt: hours.closesAt }),
        );
      }
    }
    const clash = await tx
      .selectFrom("service_exceptions")
      .select("id")
      .where("restaurant_id", "=", restaurantId)
      .where("service_date", "=", request.date)
      .where((eb) =>
        request.servicePeriodId
          ? eb("service_period_id", "=", request.servicePeriodId)
          : eb("service_period_id", "is", null),
      )
      .executeTakeFirst();
    if (clash) {
      errors.push({
        path: "date",
        message: `${request.date} already has an exception for ${period?.name ?? "the whole day"}: remove it first`,
      });
    }
    if (errors.length > 0) {
      throw new DomainError("SERVICE_RULES_INVALID", `the exception has ${errors.length} error(s)`, { errors });
    }
    const inserted = await tx
      .insertInto("service_exceptions")
      .values({
        restaurant_id: restaurantId,
        service_date: request.date,
        service_period_id: request.servicePeriodId,
        closed: !special,
        opens_at: hours?.opensAt ?? null,
        last_seating_at: hours?.lastSeatingAt ?? null,
        closes_at: hours?.closesAt ?? null,
        note: request.note?.trim() || null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    const dayStart = zonedTimeToInstant({ date: request.date, time: "00:00", timeZone: timezone });
    const dayEnd = zonedTimeToInstant({ date: nextDate(request.date), time: "00:00", timeZone: timezone });
    const onDate = await findUpcomingBookings(tx, {
      restaurantId,
      from: new Date(Math.max(dayStart.getTime(), now.getTime())),
      to: dayEnd,
      ...(period ? { servicePeriodIds: [period.id] } : {}),
    });
    // Special hours: only the bookings now outside the new seating window.
    const affectedBookings = hours
      ? onDate.filter((b) => {
          const seconds = toZonedParts(new Date(b.startsAt), timezone).secondsOfDay;
          return (
            seconds < timeToSeconds(hours.opensAt ?? "00:00") || seconds > timeToSeconds(hours.lastSeatingAt ?? "23:59")
          );
        })
      : onDate;
    const settings = await readServiceSettings(tx, { restaurantId, now });
    const exception = settings.exceptions.find((e) => e.id === inserted.id);
    if (!exception) throw new Error("the new exception was not read back");
    return { ...settings, exception, affectedBookings };
  });
}

function nextDate(date: string): string {
  const [y = 0, m = 1, d = 1] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
