import { DomainError } from "@/server/http/errors";
import type { Queryable } from "@/server/infra/db/open-db";
import { addMinutes, type TZonedParts, timeToSeconds, toZonedParts } from "@/server/time/zoned-time";

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
 * start in the restaurant's zone, and the booking window it implies. OUTSIDE_SERVICE names the day's seatings;
 * PARTY_TOO_LARGE when the period has no turn time for the party.
 */
export async function findServiceWindow(
  db: Queryable,
  {
    restaurant,
    startsAt,
    partySize,
  }: { restaurant: { id: string; timezone: string; slot_minutes: number }; startsAt: Date; partySize: number },
): Promise<TServiceWindow> {
  const local = toZonedParts(startsAt, restaurant.timezone);
  const periods = await db
    .selectFrom("service_periods")
    .selectAll()
    .where("restaurant_id", "=", restaurant.id)
    .where("active", "=", true)
    .orderBy("opens_at")
    .orderBy("name")
    .execute();
  const today = periods.filter((p) => p.days_of_week.map(Number).includes(local.isoWeekday));
  const period = today.find(
    (p) => timeToSeconds(p.opens_at) <= local.secondsOfDay && local.secondsOfDay <= timeToSeconds(p.last_seating_at),
  );
  if (!period) {
    const seatings = today.map((p) => `${p.name} ${p.opens_at.slice(0, 5)}–${p.last_seating_at.slice(0, 5)}`);
    throw new DomainError(
      "OUTSIDE_SERVICE",
      `no seating at ${local.time.slice(0, 5)} on ${WEEKDAY_NAMES[local.isoWeekday]} ${local.date}`,
      {
        hint: seatings.length
          ? `Seatings that day: ${seatings.join(", ")}`
          : `The restaurant takes no bookings on ${WEEKDAY_NAMES[local.isoWeekday]}s`,
        meta: { localDate: local.date, localTime: local.time, isoWeekday: local.isoWeekday, seatings },
      },
    );
  }
  const turn = await db
    .selectFrom("service_turn_times")
    .select(["max_party_size", "turn_minutes"])
    .where("service_period_id", "=", period.id)
    .where("max_party_size", ">=", partySize)
    .orderBy("max_party_size")
    .limit(1)
    .executeTakeFirst();
  if (!turn) {
    throw new DomainError("PARTY_TOO_LARGE", `${period.name} has no turn time for a party of ${partySize}`, {
      meta: { partySize, servicePeriodId: period.id },
    });
  }
  const slotMs = restaurant.slot_minutes * 60_000;
  const intoSlotMs = (local.secondsOfDay * 1000) % slotMs;
  const slotStart = new Date(Math.floor(startsAt.getTime() / 1000) * 1000 - intoSlotMs);
  return {
    servicePeriodId: period.id,
    servicePeriodName: period.name,
    startsAt,
    endsAt: addMinutes(startsAt, turn.turn_minutes + period.buffer_minutes),
    turnMinutes: turn.turn_minutes,
    bufferMinutes: period.buffer_minutes,
    slotStart,
    slotEnd: new Date(slotStart.getTime() + slotMs),
    pacingCoversPerSlot: period.pacing_covers_per_slot,
    pacingOnlineCoversPerSlot: period.pacing_online_covers_per_slot,
    local,
  };
}
