import { seedServicePeriod, setupEveningScenario, type TableSpec } from "@/server/testing/factories";
import type { TestDb } from "@/server/testing/test-db";

/**
 * The DST change days of the two demo zones (server/demo/demo-venues.ts), computed from each zone's rule rather
 * than typed in, and the expected instant of a local wall time on them, from the offsets the rule states — not
 * from server/time, which is what the tests check. Shared by the DST change-day route tests.
 */
export type TChangeDay = {
  zone: "Europe/London" | "America/New_York";
  kind: "spring" | "fall";
  date: string;
  /** UTC offsets (hours) in force before and after the change. */
  before: number;
  after: number;
  /** The local wall time the clocks jump at: skipped [change, change + 1h) in spring, repeated [change − 1h,
   * change) in the fall. */
  change: string;
  /** A start before the change whose turn (90 + 15 minutes) ends after it, and the wall clock at its end. */
  straddle: { at: string; endsLocal: string };
};

export const TURN_MINUTES = 90 + 15;
export const SLOT_MINUTES = 15;
/** A service across the small hours, every day: the change lies inside it in both zones. */
export const NIGHT = { name: "Night", opensAt: "00:00", lastSeatingAt: "04:00", closesAt: "05:30" } as const;
/** A late supper on Saturdays and Sundays, so the day's last booking and the neighbour day's sit near midnight. */
export const SUPPER = {
  name: "Supper",
  daysOfWeek: [6, 7],
  opensAt: "20:00",
  lastSeatingAt: "23:45",
  closesAt: "23:59",
};

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The n-th Sunday (1-based) of a month, or its last Sunday for n = "last", as `YYYY-MM-DD`. */
export function sundayOf(year: number, month: number, n: number | "last"): string {
  if (n === "last") {
    const lastDay = Date.UTC(year, month, 0);
    return iso(lastDay - new Date(lastDay).getUTCDay() * DAY_MS);
  }
  const first = Date.UTC(year, month - 1, 1);
  return iso(first + ((7 - new Date(first).getUTCDay()) % 7) * DAY_MS + (n - 1) * 7 * DAY_MS);
}

/** London: last Sunday of March and October (01:00 UTC); New York: second Sunday of March, first of November
 * (02:00 local). */
export function changeDaysOf(year: number): TChangeDay[] {
  const london = { zone: "Europe/London", before: 0, straddle: { at: "00:30" } } as const;
  const newYork = { zone: "America/New_York", straddle: { at: "01:00" } } as const;
  return [
    {
      ...london,
      kind: "spring",
      date: sundayOf(year, 3, "last"),
      after: 1,
      change: "01:00",
      straddle: { ...london.straddle, endsLocal: "03:15" },
    },
    {
      ...london,
      kind: "fall",
      date: sundayOf(year, 10, "last"),
      before: 1,
      after: 0,
      change: "02:00",
      straddle: { ...london.straddle, endsLocal: "01:15" },
    },
    {
      ...newYork,
      kind: "spring",
      date: sundayOf(year, 3, 2),
      before: -5,
      after: -4,
      change: "02:00",
      straddle: { ...newYork.straddle, endsLocal: "03:45" },
    },
    {
      ...newYork,
      kind: "fall",
      date: sundayOf(year, 11, 1),
      before: -4,
      after: -5,
      change: "02:00",
      straddle: { ...newYork.straddle, endsLocal: "01:45" },
    },
  ];
}

/** 2027, as the issue asks, or a later year once 2027's March changes are too close or past (the suite must not
 * rot): the first year whose earliest change day is at least three days away, so its Saturday is bookable. */
export function changeDayYear(now = Date.now()): number {
  for (let year = 2027; ; year++) {
    if (Date.parse(sundayOf(year, 3, 2)) > now + 3 * DAY_MS) return year;
  }
}

export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
export const wallTime = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
export const shiftDate = (date: string, days: number) => iso(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);

/** The instant of a wall time on a date at a given UTC offset (hours), as ISO text. */
export function instantAt(date: string, time: string, offsetHours: number): string {
  return new Date(Date.parse(`${date}T${time}:00Z`) - offsetHours * 3_600_000).toISOString();
}

/** Whether the clocks skip this wall time on the day (only in spring). */
export function isSkipped(day: TChangeDay, time: string): boolean {
  const m = minutesOf(time);
  return day.kind === "spring" && m >= minutesOf(day.change) && m < minutesOf(day.change) + 60;
}

/** Where the product puts a wall time of the change day: before the change at the old offset (the repeated hour
 * takes its earlier, summer-time instant), after it at the new one. */
export function expectedInstant(day: TChangeDay, time: string): string {
  return instantAt(day.date, time, minutesOf(time) < minutesOf(day.change) ? day.before : day.after);
}

/** The Night service's wall-clock grid on the day: every SLOT_MINUTES from opening to last seating, the skipped
 * ones left out. */
export function nightGrid(day: TChangeDay): string[] {
  const times: string[] = [];
  for (let m = minutesOf(NIGHT.opensAt); m <= minutesOf(NIGHT.lastSeatingAt); m += SLOT_MINUTES)
    times.push(wallTime(m));
  return times.filter((t) => !isSkipped(day, t));
}

export const addMinutesIso = (instant: string, minutes: number) =>
  new Date(Date.parse(instant) + minutes * 60_000).toISOString();

/** Local `YYYY-MM-DD HH:MM` of an instant in a zone, straight from Intl (not server/time). */
export function localOf(instant: string, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The zone's UTC offset at an instant in hours, from Intl's `longOffset` name ("GMT-04:00"). */
export function offsetHoursAt(instant: string, zone: string): number {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(new Date(instant))
      .find((p) => p.type === "timeZoneName")?.value ?? "";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) + Number(match[3]) / 60) : 0;
}

/** A restaurant in the zone with the Night service every day and Supper at weekends, its horizon long enough for
 * the autumn change. */
export async function seedNightVenue(db: TestDb, { zone, tables }: { zone: string; tables: TableSpec[] }) {
  const venue = await setupEveningScenario(db, { timezone: zone, tables, adjacency: [], servicePeriod: NIGHT });
  await seedServicePeriod(db.kysely, { restaurantId: venue.restaurantId, ...SUPPER });
  await db.kysely
    .updateTable("restaurants")
    .set({ booking_horizon_days: 730 })
    .where("id", "=", venue.restaurantId)
    .execute();
  return venue;
}
