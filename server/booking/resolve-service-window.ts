import { DomainError } from "@/server/errors/domain-error";
import { addMinutes, type TZonedParts, timeToSeconds, toZonedParts } from "@/server/time/zoned-time";
import type { TBookingRules } from "./load-booking-rules";
import { closedDayExceptionOf, periodsOnDate } from "./periods-on-date";

export type TServiceWindow = {
  servicePeriodId: string;
  servicePeriodName: string;
  startsAt: Date;
  /** starts + turn time for the party + buffer: the booking's single duration, computed once. */
  endsAt: Date;
  turnMinutes: number;
  bufferMinutes: number;
  /** The pacing slot the start falls in, [slotStart, slotEnd). */
  slotStart: Date;
  slotEnd: Date;
  pacingCoversPerSlot: number | null;
  pacingOnlineCoversPerSlot: number | null;
  local: TZonedParts;
};

const WEEKDAY_NAMES = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/**
 * The active service period whose ISO weekday and local seating window [opens_at, last_seating_at] contain the
 * start in the restaurant's zone (the date's exceptions applied: periodsOnDate), and the booking window it implies. OUTSIDE_SERVICE names the day's seatings;
 * PARTY_TOO_LARGE when the period has no turn time for the party. Pure: the rules come from loadBookingRules.
 */
export function resolveServiceWindow({
  rules,
  startsAt,
  partySize,
}: {
  rules: TBookingRules;
  startsAt: Date;
  partySize: number;
}): TServiceWindow {
  const local = toZonedParts(startsAt, rules.timezone);
  // The date's hours, its exceptions applied (a closed day, a closed service, special hours).
  const today = periodsOnDate(rules, local.date);
  const closedDay = closedDayExceptionOf(rules, local.date);
  if (closedDay) {
    throw new DomainError("OUTSIDE_SERVICE", `the restaurant is closed on ${local.date}`, {
      hint: `The restaurant is closed on ${WEEKDAY_NAMES[local.isoWeekday]} ${local.date}: choose another date`,
      meta: {
        localDate: local.date,
        localTime: local.time,
        isoWeekday: local.isoWeekday,
        seatings: [],
        closedDate: true,
      },
    });
  }
  const period = today.find(
    (p) => timeToSeconds(p.opensAt) <= local.secondsOfDay && local.secondsOfDay <= timeToSeconds(p.lastSeatingAt),
  );
  if (!period) {
    const seatings = today.map((p) => `${p.name} ${p.opensAt.slice(0, 5)}–${p.lastSeatingAt.slice(0, 5)}`);
    throw new DomainError(
      "OUTSIDE_SERVICE",
      `no seating at ${local.time.slice(0, 5)} on ${WEEKDAY_NAMES[local.isoWeekday]} ${local.date}`,
      {
        hint: seatings.length
          ? `Seatings that day: ${seatings.join(", ")}`
          : `The restaurant takes no bookings on ${WEEKDAY_NAMES[local.isoWeekday]} ${local.date}`,
        meta: { localDate: local.date, localTime: local.time, isoWeekday: local.isoWeekday, seatings },
      },
    );
  }
  const turn = period.turnTimes.find((t) => t.maxPartySize >= partySize);
  if (!turn) {
    throw new DomainError("PARTY_TOO_LARGE", `${period.name} has no turn time for a party of ${partySize}`, {
      meta: { partySize, servicePeriodId: period.id },
    });
  }
  const slotMs = rules.slotMinutes * 60_000;
  const intoSlotMs = (local.secondsOfDay * 1000) % slotMs;
  const slotStart = new Date(Math.floor(startsAt.getTime() / 1000) * 1000 - intoSlotMs);
  return {
    servicePeriodId: period.id,
    servicePeriodName: period.name,
    startsAt,
    endsAt: addMinutes(startsAt, turn.turnMinutes + period.bufferMinutes),
    turnMinutes: turn.turnMinutes,
    bufferMinutes: period.bufferMinutes,
    slotStart,
    slotEnd: new Date(slotStart.getTime() + slotMs),
    pacingCoversPerSlot: period.pacingCoversPerSlot,
    pacingOnlineCoversPerSlot: period.pacingOnlineCoversPerSlot,
    local,
  };
}
