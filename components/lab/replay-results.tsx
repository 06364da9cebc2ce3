"use client";

import type { TLabMetrics, TReplayDay, TReplayResponse, TReplayRun } from "@/server/lab/replay-schema";
import { formatServiceDate } from "../ui/time";

type TColumn = { key: "actual" | "current" | "candidate" | "optimum"; label: string };
type TCell = TLabMetrics & { latency?: TReplayRun["latency"] };

const ROWS: Array<{
  label: string;
  better: "more" | "fewer" | null;
  value: (m: TCell) => number | null;
  unit?: string;
}> = [
  { label: "Covers seated", better: "more", value: (m) => m.seatedCovers },
  { label: "Manual reviews", better: "fewer", value: (m) => m.manualReviews },
  { label: "Seats wasted", better: "fewer", value: (m) => m.wastedSeats },
  { label: "Tables in merges", better: "fewer", value: (m) => m.mergedTables },
  // Timing varies with the machine's load: shown, not judged.
  { label: "Planner time (p95)", better: null, value: (m) => m.latency?.p95Ms ?? null, unit: " ms" },
];

function columnsOf(result: TReplayResponse): TColumn[] {
  return [
    { key: "actual", label: "What happened" },
    { key: "current", label: "Current config" },
    ...(result.candidateConfig ? [{ key: "candidate" as const, label: "Candidate" }] : []),
    { key: "optimum", label: "Exact optimum" },
  ];
}

const percentOf = (covers: number, optimum: number) =>
  optimum > 0 ? `${Math.round((covers / optimum) * 100)} % of optimum` : "—";

/** Whether the optimum is proven, in words. */
export function optimumWords(o: { optimal: boolean; gap: number }, timeLimitMs: number): string {
  if (o.optimal) return "Exact optimum: proven the best possible plan for every day.";
  if (o.gap === 0) {
    return `Exact optimum: covers proven the best possible; seats wasted and merges not proven within ${timeLimitMs / 1000} s a day.`;
  }
  return `Exact optimum: within ${(o.gap * 100).toFixed(1)} % of the best possible covers (stopped after ${timeLimitMs / 1000} s a day).`;
}

/** The totals side by side (rows = measures, columns = what happened / current / candidate / optimum), then each day. */
export function ReplayResults({ result }: { result: TReplayResponse }) {
  const columns = columnsOf(result);
  const { total } = result;
  const best = total.optimum.seatedCovers;
  const days = result.days.length;
  const booked = result.days.filter((d) => d.actual.bookings > 0);
  const quiet = days - booked.length;
  // Covers come first: the optimum may leave a few more small parties unseated to seat a bigger one.
  const optimumLeavesMore = total.optimum.manualReviews > total.current.manualReviews;
  return (
    <section aria-labelledby="lab-results" className="flex flex-col gap-3">
      <h2 id="lab-results" className="text-lg font-semibold text-slate-900">
        Results: {formatServiceDate(result.from)} to {formatServiceDate(result.to)} ({days} day{days === 1 ? "" : "s"},{" "}
        {total.actual.bookings} bookings)
      </h2>
      <div className="overflow-x-auto rounded-md border border-slate-300 bg-white">
        <table className="w-full border-collapse text-base">
          <caption className="sr-only">Totals over the range</caption>
          <thead>
            <tr className="border-b border-slate-300 bg-slate-50 text-left text-sm text-slate-800">
              <th scope="col" className="px-3 py-2 font-semibold">
                Measure
              </th>
              {columns.map((c) => (
                <th key={c.key} scope="col" className="px-3 py-2 text-right font-semibold">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => (
              <tr key={row.label} className="border-b border-slate-200">
                <th scope="row" className="px-3 py-2 text-left font-medium text-slate-900">
                  {row.label}
                </th>
                {columns.map((c) => {
                  const cell = total[c.key] as TCell | null;
                  const value = cell ? row.value(cell) : null;
                  const candidateBetter =
                    c.key === "candidate" && value !== null && row.better
                      ? compare(row.better, value, row.value(total.current as TCell))
                      : null;
                  return (
                    <td key={c.key} className="px-3 py-2 text-right tabular-nums">
                      <span
                        className={
                          candidateBetter === "better"
                            ? "font-semibold text-green-800"
                            : candidateBetter === "worse"
                              ? "font-semibold text-red-800"
                              : c.key === "candidate"
                                ? "font-semibold"
                                : ""
                        }
                      >
                        {value === null ? "—" : `${value}${row.unit ?? ""}`}
                        {candidateBetter && candidateBetter !== "same" ? ` (${candidateBetter})` : ""}
                      </span>
                      {row.label === "Covers seated" && value !== null && c.key !== "optimum" && (
                        <span className="block text-sm text-slate-700">{percentOf(value, best)}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm text-slate-700">
        {optimumWords(total.optimum, result.optimizerTimeLimitMs)} The optimum knows every booking in advance; the
        replays decide each one as it arrived. “What happened” is the day as it stands now.
        {optimumLeavesMore
          ? " The optimum counts covers first, so it may leave a few small parties to review to seat bigger ones."
          : ""}{" "}
        Nothing was written.
      </p>
      <details className="rounded-md border border-slate-300 bg-white">
        <summary className="cursor-pointer px-3 py-2 text-base font-semibold text-slate-900">
          Day by day ({booked.length} day{booked.length === 1 ? "" : "s"} with bookings)
        </summary>
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">Covers seated and manual reviews per day</caption>
            <thead>
              <tr className="border-b border-slate-300 bg-slate-50 text-left text-slate-800">
                <th scope="col" className="px-3 py-2 font-semibold">
                  Day
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Bookings
                </th>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className="px-3 py-2 text-right font-semibold">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {booked.map((day) => (
                <DayRow key={day.date} day={day} columns={columns} />
              ))}
            </tbody>
          </table>
          <p className="px-3 py-2 text-sm text-slate-700">
            Each cell: covers seated · manual reviews · seats wasted.
            {quiet > 0 ? ` ${quiet} day${quiet === 1 ? "" : "s"} without bookings not listed.` : ""}
          </p>
        </div>
      </details>
    </section>
  );
}

function DayRow({ day, columns }: { day: TReplayDay; columns: TColumn[] }) {
  return (
    <tr className="border-b border-slate-200">
      <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-medium text-slate-900">
        {formatServiceDate(day.date)}
      </th>
      <td className="px-3 py-1.5 text-right tabular-nums">{day.actual.bookings}</td>
      {columns.map((c) => {
        const m = day[c.key];
        return (
          <td key={c.key} className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums">
            {m ? `${m.seatedCovers} · ${m.manualReviews} · ${m.wastedSeats}` : "—"}
          </td>
        );
      })}
    </tr>
  );
}

function compare(better: "more" | "fewer", value: number, base: number | null): "better" | "worse" | "same" | null {
  if (base === null) return null;
  if (value === base) return "same";
  return (better === "more" ? value > base : value < base) ? "better" : "worse";
}
