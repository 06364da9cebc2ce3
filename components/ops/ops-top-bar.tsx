"use client";

import { useQuery } from "@tanstack/react-query";
import { SignOutButton } from "../auth/sign-out-button";
import type { TLiveState } from "../live/use-ops-stream";
import { formatServiceDate, isServiceDate, localDateOf } from "../ui/time";
import { useHydrated } from "../ui/use-hydrated";
import { useOpsStaff } from "./ops-session";
import { availabilityQuery } from "./queries";
import { QuickFind } from "./quick-find";
import { useOpsLocation } from "./use-ops-location";

/** The switcher's last entry (owners): not a slug (slugs have no spaces), opens the create page. */
const NEW_RESTAURANT = "new restaurant";

const LIVE_LOOK: Record<TLiveState, { dot: string; label: string }> = {
  live: { dot: "bg-green-600", label: "Live" },
  connecting: { dot: "bg-amber-500", label: "Connecting…" },
  reconnecting: { dot: "bg-amber-500", label: "Reconnecting…" },
};

/**
 * Restaurant switcher · date (← today →, `[` and `]`) · service · Find booking (`/`) · live dot · who is signed in. Every choice is in
 * the URL, so a link shows a colleague the same restaurant, day and service.
 */
export function OpsTopBar({ live }: { live: TLiveState }) {
  const staff = useOpsStaff();
  const location = useOpsLocation();
  const { restaurant, date, go } = location;
  const today = localDateOf(restaurant.timezone);
  const liveLook = LIVE_LOOK[live];
  const hydrated = useHydrated();

  return (
    <header
      className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-300 bg-white px-3 py-2"
      // The ops shell and its view hydrate as one Suspense boundary: once this is set, every control answers.
      data-hydrated={hydrated || undefined}
    >
      <a href={location.href("/ops")} className="text-lg font-bold tracking-tight text-slate-900">
        Maitre
      </a>
      <label className="flex items-center gap-2 text-sm">
        <span className="sr-only font-medium text-slate-700 xl:not-sr-only">Restaurant</span>
        <select
          className="rounded border border-slate-400 bg-white px-2 py-1 text-sm"
          value={restaurant.slug}
          onChange={(e) =>
            e.target.value === NEW_RESTAURANT
              ? window.location.assign("/restaurants/new")
              : go({ restaurant: e.target.value, booking: null }, { push: true })
          }
        >
          {staff.memberships.map((m) => (
            <option key={m.slug} value={m.slug}>
              {m.name}
            </option>
          ))}
          {staff.memberships.some((m) => m.role === "owner") && <option value={NEW_RESTAURANT}>New restaurant…</option>}
        </select>
      </label>
      <fieldset className="flex items-center gap-1 text-sm">
        <legend className="sr-only">Date</legend>
        <button
          type="button"
          className="rounded border border-slate-400 bg-white px-2 py-1 hover:bg-slate-100"
          aria-label="Previous day"
          title="Previous day ( [ )"
          onClick={() => location.stepDate(-1)}
        >
          ←
        </button>
        <label>
          <span className="sr-only">Date</span>
          <input
            type="date"
            className="w-[9.5rem] rounded border border-slate-400 px-2 py-1 text-sm tabular-nums"
            value={date}
            onChange={(e) =>
              isServiceDate(e.target.value) && go({ date: e.target.value, booking: null }, { push: true })
            }
          />
        </label>
        <button
          type="button"
          className="rounded border border-slate-400 bg-white px-2 py-1 hover:bg-slate-100 disabled:opacity-50"
          disabled={date === today}
          onClick={() => go({ date: today, booking: null }, { push: true })}
        >
          Today
        </button>
        <button
          type="button"
          className="rounded border border-slate-400 bg-white px-2 py-1 hover:bg-slate-100"
          aria-label="Next day"
          title="Next day ( ] )"
          onClick={() => location.stepDate(1)}
        >
          →
        </button>
        <span className="ml-1 hidden text-slate-600 2xl:inline">{formatServiceDate(date)}</span>
      </fieldset>
      {hydrated && <ServicePicker />}
      {hydrated && <QuickFind />}
      <div className="ml-auto flex items-center gap-3 text-sm">
        <output className="flex items-center gap-1.5 text-slate-700" aria-live="polite">
          <span className={`inline-block size-2.5 rounded-full ${liveLook.dot}`} aria-hidden="true" />
          {liveLook.label}
        </output>
        <span className="hidden text-slate-700 xl:inline" title={staff.email}>
          {staff.name} · {restaurant.role}
        </span>
        <div className="[&_button]:px-2 [&_button]:py-1 [&_button]:text-sm">
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}

/** The service choice, when the day has more than one service (names from the day's read model). */
function ServicePicker() {
  const location = useOpsLocation();
  const { restaurant, date, go } = location;
  const day = useQuery(availabilityQuery(restaurant.restaurantId, date));
  const periods = [...new Set((day.data?.periods ?? []).map((p) => p.name))];
  return (
    <>
      {periods.length > 1 && (
        <label className="flex items-center gap-2 text-sm">
          <span className="sr-only font-medium text-slate-700 xl:not-sr-only">Service</span>
          <select
            className="rounded border border-slate-400 bg-white px-2 py-1 text-sm"
            value={location.service}
            onChange={(e) => go({ service: e.target.value })}
          >
            <option value="all">All day</option>
            {periods.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}
