"use client";

import { useQuery } from "@tanstack/react-query";
import { availabilityQuery } from "../ops/queries";
import { useOpsLocation } from "../ops/use-ops-location";
import { LoadError } from "../ui/load-error";
import { formatServiceDate } from "../ui/time";
import { HeatmapGrid } from "./heatmap-grid";
import { SHARE_STEPS } from "./heatmap-model";
import { WeekStrip } from "./week-strip";

/**
 * Availability: how full each zone is per quarter hour (seats in use), how many covers start against the pacing
 * cap, and a week strip to jump between days. A cell opens the bookings behind its colour.
 */
export function HeatmapView() {
  const location = useOpsLocation();
  const { restaurant, date } = location;
  const day = useQuery(availabilityQuery(restaurant.restaurantId, date));

  return (
    <div className="p-4">
      <div className="mb-2 flex flex-wrap items-baseline gap-x-3">
        <h1 className="text-xl font-semibold">Availability</h1>
        <p className="text-sm text-slate-700">
          {formatServiceDate(date)}
          {location.service !== "all" ? ` · ${location.service}` : ""} · times in {restaurant.name}’s clock
        </p>
      </div>
      <WeekStrip />
      {day.isPending ? (
        <HeatmapSkeleton />
      ) : day.isError ? (
        <LoadError what="The availability" error={day.error} onRetry={() => day.refetch()} />
      ) : !day.data.window || day.data.heatmap.zones.length === 0 ? (
        <p className="rounded border border-dashed border-slate-400 p-6 text-sm text-slate-800">
          {day.data.heatmap.zones.length === 0
            ? "No zones or tables yet: add them in Setup, then this view shows how full each zone is."
            : "Closed on this day: no service hours and no bookings. Pick another day in the week strip above."}
        </p>
      ) : (
        <>
          <Legend />
          <HeatmapGrid day={day.data} />
        </>
      )}
    </div>
  );
}

function Legend() {
  return (
    <div className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-800">
      <span className="font-semibold">Seats in use:</span>
      <ul className="flex flex-wrap gap-1" aria-label="Colour scale, share of seats in use">
        {SHARE_STEPS.map((s) => (
          <li key={s.label} className={`rounded px-2 py-0.5 tabular-nums ${s.className}`}>
            {s.label}
          </li>
        ))}
      </ul>
      <span>Numbers in cells are % of seats in use; click a cell for its bookings.</span>
      <span>
        <span className="font-bold text-red-800">▲</span> covers starting over the pacing cap
      </span>
    </div>
  );
}

function HeatmapSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the availability" className="space-y-1.5">
      <div className="h-5 w-96 animate-pulse rounded bg-slate-200" />
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} className="flex gap-1">
          <div className="h-10 w-40 animate-pulse rounded bg-slate-200" />
          <div className="h-10 flex-1 animate-pulse rounded bg-slate-100" />
        </div>
      ))}
    </div>
  );
}
