/**
 * Times as the restaurant sees them: every time on screen is in the restaurant's own zone, whoever looks (a London
 * host and a New York manager each see the restaurant's clock). Universal; Intl only.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timezone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, ...options });
    formatters.set(key, f);
  }
  return f;
}

/** `19:30` in the restaurant's zone. */
export function formatTime(instant: string | number | Date, timezone: string): string {
  return formatter(timezone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(instant));
}

/** `Fri 11 Jun` in the restaurant's zone. */
export function formatDay(instant: string | number | Date, timezone: string): string {
  return formatter(timezone, { weekday: "short", day: "numeric", month: "short" }).format(new Date(instant));
}

/** `Friday 11 June 2027` for a local calendar date `YYYY-MM-DD` (no zone: it is already the restaurant's date). */
export function formatServiceDate(date: string): string {
  return formatter("UTC", { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

/** The restaurant's local calendar date (`YYYY-MM-DD`) at an instant (now by default). */
export function localDateOf(timezone: string, at: Date = new Date()): string {
  const parts = formatter(timezone, { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** A calendar date moved by whole days (`2027-03-27` + 1 → `2027-03-28`), DST-free. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** `1:45` left of a countdown (minutes:seconds), `0:00` once past. */
export function formatCountdown(msLeft: number): string {
  const s = Math.max(0, Math.ceil(msLeft / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Is `date` a calendar date `YYYY-MM-DD` that exists? */
export function isServiceDate(date: string | null | undefined): date is string {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  return new Date(`${date}T12:00:00Z`).toISOString().slice(0, 10) === date;
}
