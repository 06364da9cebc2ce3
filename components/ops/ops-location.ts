import type { TStaffMembership } from "@/server/auth/staff-session-types";
import { isServiceDate, localDateOf } from "../ui/time";

/**
 * What the URL holds (links can be shared): the restaurant (slug), the local date, the service (a period name or
 * all), and the booking whose drawer is open. The view is the path (/ops, /ops/floor …). Universal: the server page
 * resolves the same location to prefetch what the client will ask for.
 */
export type TOpsSearch = { restaurant?: string; date?: string; service?: string; booking?: string };

export type TOpsLocation = {
  restaurant: TStaffMembership;
  /** The restaurant's local calendar date, `YYYY-MM-DD`. */
  date: string;
  /** A service period name, or "all". */
  service: string;
  bookingId: string | null;
};

/** The ops views, in the navigation's order. */
export const OPS_VIEWS = [
  { path: "/ops", label: "Timeline", key: "t" },
  { path: "/ops/floor", label: "Floor plan", key: "f" },
  { path: "/ops/availability", label: "Availability", key: "a" },
  { path: "/ops/bookings", label: "Bookings", key: "b" },
  { path: "/ops/review", label: "Manual review", key: "r" },
] as const;

/**
 * The restaurant's records and setup, in the navigation's second group. `role` is the lowest role that may open
 * the page (the API enforces the same); the navigation hides what the signed-in member may not use.
 */
export const OPS_SETUP_VIEWS = [
  { path: "/ops/guests", label: "Guests", role: "host" },
  { path: "/ops/optimizer", label: "Optimizer", role: "manager" },
  { path: "/ops/insights", label: "Insights", role: "manager" },
  { path: "/ops/lab", label: "Strategy lab", role: "manager" },
  { path: "/ops/setup/floor", label: "Edit floor plan", role: "manager" },
  { path: "/ops/setup/service", label: "Service & rules", role: "manager" },
  { path: "/ops/setup/team", label: "Team", role: "manager" },
  { path: "/ops/setup/api-keys", label: "API keys", role: "manager" },
  { path: "/ops/setup/import", label: "Import & export", role: "manager" },
] as const;

/** The location a URL's search names; unknown or missing parts fall back (first restaurant, its today, all). */
export function resolveOpsLocation(
  memberships: readonly TStaffMembership[],
  search: TOpsSearch,
  now: Date = new Date(),
): TOpsLocation | null {
  const restaurant = memberships.find((m) => m.slug === search.restaurant) ?? memberships[0];
  if (!restaurant) return null;
  return {
    restaurant,
    date: isServiceDate(search.date) ? search.date : localDateOf(restaurant.timezone, now),
    service: search.service || "all",
    bookingId: search.booking || null,
  };
}

/** `path?restaurant=…&date=…` keeping the rest of the location, with `changes` applied (null removes a part). */
export function opsHref(
  path: string,
  location: TOpsLocation,
  changes: { restaurant?: string; date?: string; service?: string; booking?: string | null } = {},
): string {
  const params = new URLSearchParams();
  params.set("restaurant", changes.restaurant ?? location.restaurant.slug);
  params.set("date", changes.date ?? location.date);
  const service = changes.service ?? location.service;
  if (service && service !== "all") params.set("service", service);
  const booking = changes.booking === undefined ? location.bookingId : changes.booking;
  if (booking) params.set("booking", booking);
  return `${path}?${params.toString()}`;
}
