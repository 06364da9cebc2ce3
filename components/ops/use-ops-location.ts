"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useRef } from "react";
import { addDays } from "../ui/time";
import { opsHref, resolveOpsLocation, type TOpsLocation } from "./ops-location";
import { useOpsStaff } from "./ops-session";

/**
 * The ops location from the URL (restaurant, date, service, open booking) and how to change it. `go` replaces the
 * history entry for in-view changes (open a drawer) unless told to push (a new date or restaurant: Back returns).
 */
export function useOpsLocation(): TOpsLocation & {
  href: (path: string, changes?: Parameters<typeof opsHref>[2]) => string;
  go: (changes: Parameters<typeof opsHref>[2], options?: { push?: boolean; path?: string }) => void;
  openBooking: (bookingId: string | null) => void;
  /** Move the date by `days` from the last date asked for (two quick clicks on ← go back two days, not one). */
  stepDate: (days: number) => void;
} {
  const staff = useOpsStaff();
  const search = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const location = useMemo(
    () =>
      resolveOpsLocation(staff.memberships, {
        restaurant: search.get("restaurant") ?? undefined,
        date: search.get("date") ?? undefined,
        service: search.get("service") ?? undefined,
        booking: search.get("booking") ?? undefined,
      }),
    [staff.memberships, search],
  );
  if (!location) throw new Error("no restaurant membership (the ops layout shows a message instead)");
  const href = useCallback(
    (path: string, changes?: Parameters<typeof opsHref>[2]) => opsHref(path, location, changes),
    [location],
  );
  const go = useCallback(
    (changes: Parameters<typeof opsHref>[2], options: { push?: boolean; path?: string } = {}) => {
      const url = opsHref(options.path ?? pathname, location, changes);
      if (options.push) router.push(url, { scroll: false });
      else router.replace(url, { scroll: false });
    },
    [location, pathname, router],
  );
  // Opening or closing the drawer changes nothing the server renders: the native history API updates the URL (Next
  // keeps useSearchParams in sync) without a round trip to the server, so the drawer opens at once.
  const openBooking = useCallback(
    (bookingId: string | null) =>
      window.history.replaceState(null, "", opsHref(pathname, location, { booking: bookingId })),
    [location, pathname],
  );
  // The URL updates after a navigation settles: until then the last date asked for is the base of the next step.
  const asked = useRef<{ from: string; to: string } | null>(null);
  const stepDate = useCallback(
    (days: number) => {
      const base = asked.current && asked.current.from === location.date ? asked.current.to : location.date;
      const to = addDays(base, days);
      asked.current = { from: location.date, to };
      go({ date: to, booking: null }, { push: true });
    },
    [go, location.date],
  );
  return { ...location, href, go, openBooking, stepDate };
}
