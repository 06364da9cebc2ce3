"use client";

import { useQuery } from "@tanstack/react-query";
import {
  ArrowUpDown,
  CalendarRange,
  ChartColumn,
  ChartGantt,
  CircleAlert,
  Clock,
  Contact,
  FlaskConical,
  Grid3x3,
  KeyRound,
  List,
  type LucideIcon,
  PanelLeftClose,
  PanelLeftOpen,
  PencilRuler,
  UsersRound,
  WandSparkles,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { STAFF_ROLE_RANK } from "@/server/auth/staff-session-types";
import { useHydrated } from "../ui/use-hydrated";
import { OPS_SETUP_VIEWS, OPS_VIEWS } from "./ops-location";
import { availabilityQuery } from "./queries";
import { useOpsLocation } from "./use-ops-location";

/** Each view's icon (UI-DESIGN: "icons + labels, collapsible"); the label stays the link's name. */
const ICONS: Record<string, LucideIcon> = {
  "/ops": ChartGantt,
  "/ops/floor": Grid3x3,
  "/ops/availability": CalendarRange,
  "/ops/bookings": List,
  "/ops/review": CircleAlert,
  "/ops/guests": Contact,
  "/ops/optimizer": WandSparkles,
  "/ops/insights": ChartColumn,
  "/ops/lab": FlaskConical,
  "/ops/setup/floor": PencilRuler,
  "/ops/setup/service": Clock,
  "/ops/setup/team": UsersRound,
  "/ops/setup/api-keys": KeyRound,
  "/ops/setup/import": ArrowUpDown,
};

/** Remembered per browser: a host on a 1024 px tablet folds it once for the drawer's sake. */
const COLLAPSED_KEY = "maitre.nav.collapsed";

/**
 * The views, with icons and labels, foldable to icons only (the labels stay the links' names and tooltips), and
 * the manual-review count as a badge: the day's bookings waiting for a person, counted from the day's read model
 * every view already holds (the review queue itself plans suggestions and costs far more).
 */
export function OpsNav() {
  const pathname = usePathname();
  const location = useOpsLocation();
  const hydrated = useHydrated();
  const rank = STAFF_ROLE_RANK[location.restaurant.role];
  const setupViews = OPS_SETUP_VIEWS.filter((view) => rank >= STAFF_ROLE_RANK[view.role]);
  const [collapsed, setCollapsed] = useState(false);
  useEffect(() => setCollapsed(window.localStorage.getItem(COLLAPSED_KEY) === "1"), []);
  const toggle = () => {
    setCollapsed((c) => {
      window.localStorage.setItem(COLLAPSED_KEY, c ? "0" : "1");
      return !c;
    });
  };

  const item = (view: { path: string; label: string; key?: string }) => {
    const current = pathname === view.path;
    const Icon = ICONS[view.path];
    return (
      <li key={view.path}>
        <Link
          href={location.href(view.path, { booking: null })}
          aria-current={current ? "page" : undefined}
          aria-keyshortcuts={view.key ? `g ${view.key}` : undefined}
          title={collapsed ? view.label : undefined}
          className={`relative flex items-center gap-2 rounded py-1.5 text-sm ${collapsed ? "justify-center px-1" : "px-2"} ${
            current ? "bg-blue-700 font-semibold text-white" : "text-slate-800 hover:bg-slate-200"
          }`}
        >
          {Icon && <Icon aria-hidden="true" className="size-4 shrink-0" strokeWidth={2} />}
          <span className={collapsed ? "sr-only" : "min-w-0 flex-1 truncate"}>{view.label}</span>
          {view.path === "/ops/review" && hydrated && <ReviewBadge current={current} collapsed={collapsed} />}
        </Link>
      </li>
    );
  };

  return (
    <nav
      aria-label="Views"
      className={`${collapsed ? "w-12" : "w-48"} flex shrink-0 flex-col border-r border-slate-300 bg-slate-50 py-2`}
    >
      <ul className="flex flex-col gap-0.5 px-1.5">{OPS_VIEWS.map((view) => item(view))}</ul>
      {setupViews.length > 0 && (
        <>
          <h2
            className={`mt-4 pb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase ${
              collapsed ? "sr-only" : "px-3.5"
            }`}
          >
            Restaurant
          </h2>
          {collapsed && <div className="mx-2 mt-3 mb-2 border-t border-slate-300" />}
          <ul className="flex flex-col gap-0.5 px-1.5">{setupViews.map((view) => item(view))}</ul>
        </>
      )}
      <div className="mt-auto px-1.5 pt-3">
        <button
          type="button"
          onClick={toggle}
          aria-expanded={!collapsed}
          aria-label={collapsed ? "Expand navigation" : "Collapse navigation"}
          title={collapsed ? "Show the labels" : "Icons only: more room for the view"}
          className={`flex w-full items-center gap-2 rounded py-1.5 text-sm text-slate-700 hover:bg-slate-200 ${
            collapsed ? "justify-center px-1" : "px-2"
          }`}
        >
          {collapsed ? (
            <PanelLeftOpen aria-hidden="true" className="size-4 shrink-0" />
          ) : (
            <PanelLeftClose aria-hidden="true" className="size-4 shrink-0" />
          )}
          {collapsed ? null : "Collapse"}
        </button>
      </div>
    </nav>
  );
}

/** The number of the day's bookings waiting for a person (nothing when none). */
function ReviewBadge({ current, collapsed }: { current: boolean; collapsed: boolean }) {
  const location = useOpsLocation();
  const day = useQuery(availabilityQuery(location.restaurant.restaurantId, location.date));
  const count = day.data?.unassigned.filter((b) => b.status === "manual_review").length ?? 0;
  if (count === 0) return null;
  return (
    <span
      className={`rounded-full px-1.5 text-xs font-bold tabular-nums ${
        collapsed ? "absolute -top-1 -right-1 text-[10px] leading-4" : "ml-1"
      } ${current ? "bg-white text-blue-800" : "bg-status-review text-status-review-ink"}`}
    >
      {count}
      <span className="sr-only"> waiting</span>
    </span>
  );
}
