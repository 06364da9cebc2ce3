import { infiniteQueryOptions } from "@tanstack/react-query";
import { ZStaffBookingPageSchema } from "@/server/booking/list-staff-bookings-schema";
import type { TStaffBookingResponse } from "@/server/booking/staff-booking-schema";
import { opsKeys } from "../ops/queries";
import { apiFetch } from "../ui/api-fetch";

type TStatus = TStaffBookingResponse["status"];

/** The status filter's choices: what a host calls them, each a group of the machine's statuses. */
export const STATUS_GROUPS: Array<{ id: string; label: string; statuses: TStatus[] }> = [
  {
    id: "waiting",
    label: "No tables yet",
    statuses: ["created", "capacity_verified", "assignment_pending", "assignment_in_progress"],
  },
  { id: "review", label: "Needs review", statuses: ["manual_review"] },
  { id: "confirmed", label: "Confirmed", statuses: ["assigned", "confirmed"] },
  { id: "seated", label: "Seated", statuses: ["checked_in"] },
  { id: "left", label: "Left", statuses: ["completed"] },
  { id: "no_show", label: "No-show", statuses: ["no_show"] },
  { id: "cancelled", label: "Cancelled", statuses: ["cancelled"] },
];

/** Cancelled bookings are hidden until asked for (UI-DESIGN "Status colours"). */
export const DEFAULT_GROUPS = STATUS_GROUPS.filter((g) => g.id !== "cancelled").map((g) => g.id);

export const PAGE_SIZE = 100;

export type TBookingsFilter = {
  /** The local day (the first of a range), or null for every date (a search across days). */
  date: string | null;
  /** The last day of a range starting at `date` (included), or null for `date` alone. */
  to?: string | null;
  groups: string[];
  q: string;
};

/** GET /api/ops/bookings, page by page through its keyset cursor; the key is under ["ops", restaurantId]. */
export const bookingsQuery = (restaurantId: string, filter: TBookingsFilter) => {
  const params: Record<string, string> = { restaurantId, limit: String(PAGE_SIZE) };
  if (filter.date) params.date = filter.date;
  if (filter.date && filter.to) params.to = filter.to;
  const statuses = STATUS_GROUPS.filter((g) => filter.groups.includes(g.id)).flatMap((g) => g.statuses);
  if (filter.groups.length < STATUS_GROUPS.length) params.status = statuses.join(",");
  const q = filter.q.trim();
  if (q) params.q = q;
  return infiniteQueryOptions({
    queryKey: opsKeys.bookings(restaurantId, params),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiFetch(
        `/api/ops/bookings?${new URLSearchParams(pageParam ? { ...params, cursor: pageParam } : params)}`,
        ZStaffBookingPageSchema,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
    // While a new search or filter loads, the rows shown stay (marked updating) instead of flashing to a skeleton;
    // never another restaurant's rows.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === restaurantId ? previous : undefined),
    // No status chosen: nothing to ask for.
    enabled: filter.groups.length > 0,
  });
};
