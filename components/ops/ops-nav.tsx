"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { STAFF_ROLE_RANK } from "@/server/auth/staff-session-types";
import { useHydrated } from "../ui/use-hydrated";
import { OPS_SETUP_VIEWS, OPS_VIEWS } from "./ops-location";
import { availabilityQuery } from "./queries";
import { useOpsLocation } from "./use-ops-location";

/**
 * The views, with the manual-review count as a badge: the day's bookings waiting for a person, counted from the
 * day's read model every view already holds (the review queue itself plans suggestions and costs far more).
 */
export function OpsNav() {
  const pathname = usePathname();
  const location = useOpsLocation();
  const hydrated = useHydrated();
  const rank = STAFF_ROLE_RANK[location.restaurant.role];
  const setupViews = OPS_SETUP_VIEWS.filter((view) => rank >= STAFF_ROLE_RANK[view.role]);

  return (
    <nav aria-label="Views" className="w-40 shrink-0 border-r border-slate-300 bg-slate-50 py-2">
      <ul className="flex flex-col gap-0.5 px-2">
        {OPS_VIEWS.map((view) => {
          const current = pathname === view.path;
          return (
            <li key={view.path}>
              <Link
                href={location.href(view.path, { booking: null })}
                aria-current={current ? "page" : undefined}
                aria-keyshortcuts={`g ${view.key}`}
                className={`flex items-center justify-between rounded px-2 py-1.5 text-sm ${
                  current ? "bg-blue-700 font-semibold text-white" : "text-slate-800 hover:bg-slate-200"
                }`}
              >
                {view.label}
                {view.path === "/ops/review" && hydrated && <ReviewBadge current={current} />}
              </Link>
            </li>
          );
        })}
      </ul>
      {setupViews.length > 0 && (
        <>
          <h2 className="mt-4 px-4 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">Restaurant</h2>
          <ul className="flex flex-col gap-0.5 px-2">
            {setupViews.map((view) => {
              const current = pathname === view.path;
              return (
                <li key={view.path}>
                  <Link
                    href={location.href(view.path, { booking: null })}
                    aria-current={current ? "page" : undefined}
                    className={`flex items-center rounded px-2 py-1.5 text-sm ${
                      current ? "bg-blue-700 font-semibold text-white" : "text-slate-800 hover:bg-slate-200"
                    }`}
                  >
                    {view.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </nav>
  );
}

/** The number of the day's bookings waiting for a person (nothing when none). */
function ReviewBadge({ current }: { current: boolean }) {
  const location = useOpsLocation();
  const day = useQuery(availabilityQuery(location.restaurant.restaurantId, location.date));
  const count = day.data?.unassigned.filter((b) => b.status === "manual_review").length ?? 0;
  if (count === 0) return null;
  return (
    <span
      className={`ml-1 rounded-full px-1.5 text-xs font-bold tabular-nums ${
        current ? "bg-white text-blue-800" : "bg-status-review text-status-review-ink"
      }`}
    >
      {count}
      <span className="sr-only"> waiting</span>
    </span>
  );
}
