import type { TBookingRules, TServiceException, TServicePeriodRules } from "./load-booking-rules";

/** ISO weekday (1 = Monday) of a calendar date, whatever the zone: a date's weekday is the same everywhere. */
function isoWeekdayOfDate(date: string): number {
  const [y = 0, m = 1, d = 1] = date.split("-").map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** The whole-day closure of a local date (an exception without a service), if there is one. */
export function closedDayExceptionOf(
  rules: Pick<TBookingRules, "exceptions">,
  date: string,
): TServiceException | undefined {
  return rules.exceptions.find((e) => e.date === date && e.closed && e.servicePeriodId === null);
}

/**
 * The service periods that run on a local date, the date exceptions applied: a whole-day closure leaves none; a
 * closed service is left out; special hours replace that service's opening, last seating and closing times that
 * date (and open it even on a weekday it does not usually serve). In the rules' order (opening time, then name).
 * The one statement of "which hours apply on this date": availability, createBooking and the ops day all ask it.
 */
export function periodsOnDate(
  rules: Pick<TBookingRules, "periods" | "exceptions">,
  date: string,
): TServicePeriodRules[] {
  const exceptions = rules.exceptions.filter((e) => e.date === date);
  if (exceptions.some((e) => e.closed && e.servicePeriodId === null)) return [];
  const weekday = isoWeekdayOfDate(date);
  const result: TServicePeriodRules[] = [];
  for (const period of rules.periods) {
    const exception = exceptions.find((e) => e.servicePeriodId === period.id);
    if (exception?.closed) continue;
    if (exception?.opensAt && exception.lastSeatingAt && exception.closesAt) {
      result.push({
        ...period,
        opensAt: exception.opensAt,
        lastSeatingAt: exception.lastSeatingAt,
        closesAt: exception.closesAt,
      });
    } else if (period.daysOfWeek.map(Number).includes(weekday)) result.push(period);
  }
  return result.sort((a, b) => a.opensAt.localeCompare(b.opensAt) || a.name.localeCompare(b.name));
}
