"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { availabilityQuery } from "../ops/queries";
import { useOpsLocation } from "../ops/use-ops-location";
import { addDays, formatDay, localDateOf } from "../ui/time";
import { summariseDay, summariseServices } from "./heatmap-model";

const numberFormat = new Intl.NumberFormat("en-GB");

/**
 * Seven days around the shown date (3 before, 3 after), each with the covers booked against the day's pacing
 * capacity (the sum of its 15-minute pacing caps; its seats when it has no caps), over the chosen service — with
 * "all" on a day of several services, each service's figure on its own line too. The
 * queries share the views' cache key, so stepping a day is instant once the strip has loaded it.
 */
export function WeekStrip() {
  const location = useOpsLocation();
  const { restaurant, date, service } = location;
  const today = localDateOf(restaurant.timezone);
  const dates = [-3, -2, -1, 0, 1, 2, 3].map((d) => addDays(date, d));
  // The shown day first: the other six wait until it has answered, so they never queue ahead of the grid (the
  // browser opens six connections per origin, and the live stream holds one).
  const shown = useQuery(availabilityQuery(restaurant.restaurantId, date));
  const shownSettled = shown.isSuccess || shown.isError;
  const days = useQueries({
    queries: dates.map((d) => ({
      ...availabilityQuery(restaurant.restaurantId, d),
      enabled: d === date || shownSettled,
    })),
  });

  return (
    <nav aria-label="Week" className="mb-3">
      <p className="mb-1 text-xs text-slate-700">
        Covers booked of capacity{service !== "all" ? ` (${service})` : ", and per service"} — capacity is the sum of
        the 15-minute pacing caps; “peak” is the busiest quarter hour’s share of seats in use.
      </p>
      <ol className="grid grid-cols-7 gap-1.5">
        {dates.map((d, i) => {
          const query = days[i];
          const summary = query?.data ? summariseDay(query.data, service) : null;
          const services = query?.data ? summariseServices(query.data, service) : [];
          const current = d === date;
          const fill = summary && summary.capacity > 0 ? Math.min(1, summary.covers / summary.capacity) : 0;
          return (
            <li key={d} className="min-w-0">
              <Link
                href={location.href("/ops/availability", { date: d, booking: null })}
                scroll={false}
                aria-current={current ? "date" : undefined}
                className={`block rounded border px-2 py-1.5 text-sm tabular-nums leading-tight focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 ${
                  current
                    ? "border-2 border-b-4 border-blue-800 bg-blue-50 font-semibold text-slate-950"
                    : "border-slate-300 bg-white text-slate-900 hover:bg-slate-50"
                }`}
              >
                <span className="block truncate whitespace-nowrap">
                  {d === today ? (
                    // "Today" alone fits the narrowest cell; the date stays in the link's name.
                    <>
                      Today<span className="sr-only"> {formatDay(`${d}T12:00:00Z`, "UTC")}</span>
                    </>
                  ) : (
                    formatDay(`${d}T12:00:00Z`, "UTC")
                  )}
                </span>
                <span className="block min-h-11">
                  {query?.isPending ? (
                    <span className="mt-1 block h-9 animate-pulse rounded bg-slate-200">
                      <span className="sr-only">Loading</span>
                    </span>
                  ) : query?.isError ? (
                    <span className="mt-1 block text-xs text-red-800">Could not load</span>
                  ) : summary ? (
                    <>
                      <span className="mt-0.5 block whitespace-nowrap">
                        <span className="font-semibold">{numberFormat.format(summary.covers)}</span>
                        <span className="text-slate-700">
                          {" "}
                          / {numberFormat.format(summary.capacity)}
                          {summary.capacityKind === "seats" ? " seats" : ""}
                        </span>
                        <span className="sr-only"> covers booked</span>
                      </span>
                      <span className="mt-1 block h-1.5 overflow-hidden rounded bg-slate-200" aria-hidden="true">
                        <span className="block h-full bg-blue-800" style={{ width: `${Math.round(fill * 100)}%` }} />
                      </span>
                      {services.length > 0 ? (
                        // Each service on its own line: which one is full, without switching the picker.
                        services.map(({ name, summary: one }) => (
                          // The numbers never truncate; on a narrow screen the name does ("Dinn…").
                          <span key={name} className="mt-0.5 flex gap-1 text-xs font-normal text-slate-700">
                            <span className="min-w-0 truncate">{name}</span>{" "}
                            <span className="ml-auto shrink-0">
                              {numberFormat.format(one.covers)}/{numberFormat.format(one.capacity)}
                            </span>
                          </span>
                        ))
                      ) : (
                        <span className="mt-0.5 block text-xs font-normal text-slate-700">
                          peak {Math.round(summary.peakShare * 100)}%
                        </span>
                      )}
                    </>
                  ) : (
                    <span className="mt-1 block text-xs font-normal text-slate-700">Closed</span>
                  )}
                </span>
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
