/**
 * Wall-clock time in a restaurant's IANA zone, DST-safe, with nothing but Intl. Bookings are stored as instants
 * (timestamptz); service periods and pacing slots are defined in local wall time, so every conversion between
 * the two goes through here.
 */
export type TZonedParts = {
  /** `YYYY-MM-DD` local calendar date. */
  date: string;
  /** `HH:MM:SS` local wall time. */
  time: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
  /** Seconds since local midnight (wall clock, so a DST day still runs 0 … 86399). */
  secondsOfDay: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

type TWall = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** The wall clock at an instant as Intl reads it (~20 µs: the one slow step, hence the offsets remembered below). */
function intlWallOf(epochMs: number, timeZone: string): TWall & { weekday: number } {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ""] ?? 0,
  };
}

function wallAsUtc(wall: TWall): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

function exactOffsetAt(epochMs: number, timeZone: string): number {
  const truncated = Math.floor(epochMs / 1000) * 1000;
  return wallAsUtc(intlWallOf(truncated, timeZone)) - truncated;
}

const MINUTE_MS = 60_000;
const OFFSETS_REMEMBERED = 20_000;
const offsetsByMinute = new Map<string, number>();

/**
 * The zone's offset from UTC at an instant, in ms (positive east of Greenwich): asked of Intl once per zone and
 * UTC minute, then remembered (a day's list or a quote converts the same few minutes many times over). Offsets
 * change on whole minutes since the zones left local mean time; a minute whose first and last seconds disagree
 * (an old LMT change) is answered exactly and not remembered.
 */
function offsetAt(epochMs: number, timeZone: string): number {
  const minute = Math.floor(epochMs / MINUTE_MS);
  const key = `${timeZone} ${minute}`;
  const known = offsetsByMinute.get(key);
  if (known !== undefined) return known;
  const first = exactOffsetAt(minute * MINUTE_MS, timeZone);
  if (exactOffsetAt(minute * MINUTE_MS + 59_000, timeZone) !== first) return exactOffsetAt(epochMs, timeZone);
  if (offsetsByMinute.size >= OFFSETS_REMEMBERED) offsetsByMinute.clear();
  offsetsByMinute.set(key, first);
  return first;
}

function wallOf(epochMs: number, timeZone: string): TWall & { weekday: number } {
  const wall = new Date(Math.floor(epochMs / 1000) * 1000 + offsetAt(epochMs, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: wall.getUTCDay() === 0 ? 7 : wall.getUTCDay(),
  };
}

/** Intl's own answer, for the test that keeps wallOf equal to it. */
export function wallClockByIntl(instant: Date, timeZone: string): TWall & { weekday: number } {
  return intlWallOf(instant.getTime(), timeZone);
}

/** wallOf as the module uses it (remembered offsets), for the same test. */
export function wallClockOf(instant: Date, timeZone: string): TWall & { weekday: number } {
  return wallOf(instant.getTime(), timeZone);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function toZonedParts(instant: Date, timeZone: string): TZonedParts {
  const wall = wallOf(instant.getTime(), timeZone);
  return {
    date: `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`,
    time: `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`,
    isoWeekday: wall.weekday,
    secondsOfDay: wall.hour * 3600 + wall.minute * 60 + wall.second,
  };
}

/**
 * The instant a local wall time denotes. Ambiguous times (the repeated hour in autumn) take the earlier instant;
 * times in the spring-forward gap are pushed forward by the gap (Temporal's "compatible" disambiguation), so
 * "02:30" on a London spring-forward day is 03:30 BST.
 */
export function zonedTimeToInstant({ date, time, timeZone }: { date: string; time: string; timeZone: string }): Date {
  const match = LOCAL_DATE_TIME.exec(`${date}T${time}`);
  if (!match) throw new RangeError(`"${date} ${time}" is not a local date and time (YYYY-MM-DD HH:MM[:SS])`);
  const [, y, mo, d, h, mi, s] = match;
  const wall = { year: +(y ?? 0), month: +(mo ?? 0), day: +(d ?? 0), hour: +(h ?? 0), minute: +(mi ?? 0) };
  const local = wallAsUtc({ ...wall, second: Number(s ?? 0) });
  const inRange = wall.hour < 24 && wall.minute < 60 && Number(s ?? 0) < 60;
  if (!inRange || Number.isNaN(local) || new Date(local).getUTCDate() !== wall.day) {
    throw new RangeError(`"${date} ${time}" is not a valid calendar date and time`);
  }
  // The offset in force is one of the offsets a day either side (zones change offset at most once a day).
  const offsets = [...new Set([offsetAt(local - 86_400_000, timeZone), offsetAt(local + 86_400_000, timeZone)])];
  const valid = offsets.map((o) => local - o).filter((epoch) => wallAsUtc(wallOf(epoch, timeZone)) === local);
  if (valid.length > 0) return new Date(Math.min(...valid));
  // In the gap: read the wall time with the offset from before the change, which lands after the gap.
  return new Date(local - offsetAt(local - 86_400_000, timeZone));
}

/**
 * A booking start as clients send it: an instant (a Date, or ISO text with `Z`/offset) or restaurant-local wall
 * time without an offset (`2026-03-06T19:00`), which is read in the restaurant's zone. A wall time the clocks skip
 * (the spring-forward gap) is refused rather than pushed forward as zonedTimeToInstant does: a guest who asked for
 * 01:30 must not silently get 02:30, and availability never offers such a time. A repeated autumn wall time takes
 * its earlier instant (send an offset for the later one).
 */
export function parseStartInstant(input: Date | string, timeZone: string): Date {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) throw new RangeError("start is an invalid date");
    return input;
  }
  const text = input.trim();
  if (HAS_ZONE.test(text)) {
    const parsed = new Date(text);
    if (Number.isNaN(parsed.getTime())) throw new RangeError(`"${input}" is not an ISO date-time`);
    return parsed;
  }
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match) throw new RangeError(`"${input}" is neither an ISO instant nor a local YYYY-MM-DDTHH:MM`);
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const calendar = new Date(Date.UTC(2000, month - 1, day));
  calendar.setUTCFullYear(year);
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59) {
    throw new RangeError(`"${input}" is not a real date and time`);
  }
  if (year < 2000) throw new RangeError(`"${input}" is before the year 2000`);
  const [date, time] = [text.slice(0, 10), text.slice(11)];
  const instant = zonedTimeToInstant({ date, time, timeZone });
  const local = toZonedParts(instant, timeZone);
  if (local.date !== date || local.time.slice(0, time.length) !== time) {
    throw new RangeError(
      `"${input}" does not exist in ${timeZone}: the clocks go forward over it; the same moment is ${local.time.slice(0, 5)}`,
    );
  }
  return instant;
}

/** `HH:MM[:SS]` → seconds since midnight. */
export function timeToSeconds(time: string): number {
  const [h = "0", m = "0", s = "0"] = time.split(":");
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}
