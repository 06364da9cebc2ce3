"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { daysInRange, INSIGHTS_MAX_DAYS } from "@/server/insights/insights-schema";
import { useOpsLocation } from "../ops/use-ops-location";
import { ApiProblem } from "../ui/api-fetch";
import { LoadSkeleton } from "../ui/load-error";
import { addDays, formatServiceDate, isServiceDate } from "../ui/time";
import { ChartCard } from "./chart-card";
import {
  attendanceReading,
  coversReading,
  latencyReading,
  outcomesReading,
  reviewsReading,
  utilisationReading,
  wasteReading,
} from "./insight-series";
import {
  AttendanceChart,
  CoversChart,
  LatencyChart,
  StackedDaysChart,
  UtilisationChart,
  WasteChart,
} from "./insights-charts";
import { insightsQuery } from "./insights-query";

const DEFAULT_DAYS = 28;
const FIELD =
  "rounded border border-slate-500 bg-white px-2 py-1.5 text-base text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-700";

/** What is wrong with a range, in words, or null. */
function rangeProblem(from: string, to: string): string | null {
  if (!isServiceDate(from) || !isServiceDate(to)) return "Choose both dates.";
  const days = daysInRange(from, to);
  if (days < 1) return "To must be on or after From.";
  if (days > INSIGHTS_MAX_DAYS) return `That is ${days} days; choose at most ${INSIGHTS_MAX_DAYS}.`;
  return null;
}

/**
 * Insights (managers): how the restaurant's days went over a date range — covers per slot against the pacing cap
 * and seats, table utilisation by zone and hour, auto-assign outcomes, review reasons, seats wasted, no-shows and
 * cancellations, planner latency — each chart with a one-line reading, its numbers for screen readers, and a CSV.
 * Every day and time is the restaurant's.
 */
export function InsightsView() {
  const { restaurant, date } = useOpsLocation();
  const { restaurantId, timezone } = restaurant;
  const fromId = useId();
  const toId = useId();
  const errorId = useId();
  const [from, setFrom] = useState(() => addDays(date, -(DEFAULT_DAYS - 1)));
  const [to, setTo] = useState(date);
  // A new shell date or restaurant: the last 28 days up to it again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a change of day or restaurant
  useEffect(() => {
    setFrom(addDays(date, -(DEFAULT_DAYS - 1)));
    setTo(date);
  }, [date, restaurantId]);
  const problem = rangeProblem(from, to);
  const insights = useQuery({ ...insightsQuery(restaurantId, from, to), enabled: problem === null });
  const apiProblem = insights.error instanceof ApiProblem ? insights.error : null;
  const error = problem ?? (insights.error ? (apiProblem?.hint ?? insights.error.message) : null);
  const data = insights.data;

  if (restaurant.role === "host") {
    return (
      <div className="mx-auto max-w-6xl p-4">
        <h1 className="text-xl font-semibold">Insights</h1>
        <p className="mt-2 text-base text-slate-800">Insights are for managers. Ask a manager for the numbers.</p>
      </div>
    );
  }

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4 p-4">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-xl font-semibold">Insights</h1>
        <p className="text-sm text-slate-700">
          {restaurant.name} · days and times in {timezone} · a day is the day a booking is for
        </p>
      </div>
      <fieldset className="flex flex-wrap items-end gap-4 rounded-md border border-slate-300 bg-slate-50 p-3">
        <legend className="sr-only">Date range</legend>
        <div className="flex flex-col gap-1">
          <label htmlFor={fromId} className="text-sm font-medium text-slate-800">
            From
          </label>
          <input
            id={fromId}
            type="date"
            className={FIELD}
            value={from}
            max={to}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={toId} className="text-sm font-medium text-slate-800">
            To
          </label>
          <input
            id={toId}
            type="date"
            className={FIELD}
            value={to}
            min={from}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
        <p className="m-0 pb-2 text-base text-slate-800">
          {isServiceDate(from) && isServiceDate(to) && !problem
            ? `${formatServiceDate(from)} to ${formatServiceDate(to)} (${daysInRange(from, to)} days, at most ${INSIGHTS_MAX_DAYS})`
            : `At most ${INSIGHTS_MAX_DAYS} days`}
        </p>
        {error && (
          <p id={errorId} role="alert" className="m-0 basis-full text-base font-medium text-red-800">
            {error}
          </p>
        )}
      </fieldset>
      {insights.isPending && !problem && <LoadSkeleton label="Loading insights" rows={6} />}
      {data && (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2" aria-busy={insights.isFetching}>
          <ChartCard series="covers" title="Covers per slot" reading={coversReading(data)} data={data}>
            <CoversChart data={data} />
          </ChartCard>
          <ChartCard
            series="utilisation"
            title="Table utilisation by zone and hour"
            reading={utilisationReading(data)}
            data={data}
          >
            <UtilisationChart data={data} />
          </ChartCard>
          <ChartCard series="outcomes" title="Auto-assign outcomes" reading={outcomesReading(data)} data={data}>
            <StackedDaysChart days={data.outcomesByDay.map((d) => ({ date: d.date, counts: d.outcomes }))} />
          </ChartCard>
          <ChartCard series="reviews" title="Manual review reasons" reading={reviewsReading(data)} data={data}>
            <StackedDaysChart days={data.reviewsByDay.map((d) => ({ date: d.date, counts: d.reasons }))} />
          </ChartCard>
          <ChartCard series="waste" title="Seats wasted" reading={wasteReading(data)} data={data}>
            <WasteChart data={data} />
          </ChartCard>
          <ChartCard
            series="attendance"
            title="No-shows and cancellations"
            reading={attendanceReading(data)}
            data={data}
          >
            <AttendanceChart data={data} />
          </ChartCard>
          <ChartCard
            series="latency"
            title="Planner latency"
            reading={latencyReading(data)}
            data={data}
            note={data.latency.commitReason}
          >
            <LatencyChart data={data} />
          </ChartCard>
        </div>
      )}
    </div>
  );
}
