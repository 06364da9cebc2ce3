"use client";

import { type ReactNode, useId } from "react";
import type { TInsights } from "@/server/insights/insights-schema";
import { csvFileName, humanize, SERIES_TABLE, type TSeriesName, toCsv } from "./insight-series";

const BUTTON =
  "shrink-0 rounded-md border border-slate-500 bg-white px-3 py-1.5 text-sm font-semibold text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";

/** Saves the series' CSV (built here from the same answer the chart draws). */
function downloadCsv(series: TSeriesName, data: TInsights) {
  const blob = new Blob([toCsv(SERIES_TABLE[series](data))], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = csvFileName(series, data);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * One chart: its heading, the one-line reading, the chart (an image whose text alternative is the reading), the
 * numbers as a table for screen readers, and its CSV.
 */
export function ChartCard({
  series,
  title,
  reading,
  data,
  note,
  children,
}: {
  series: TSeriesName;
  title: string;
  reading: string;
  data: TInsights;
  note?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  const table = SERIES_TABLE[series](data);
  return (
    <section
      aria-labelledby={headingId}
      className="flex min-w-0 flex-col gap-2 rounded-md border border-slate-300 bg-white p-4"
    >
      <div className="flex items-start justify-between gap-3">
        <h2 id={headingId} className="m-0 text-lg font-semibold text-slate-900">
          {title}
        </h2>
        <button type="button" className={BUTTON} onClick={() => downloadCsv(series, data)}>
          Download CSV<span className="sr-only"> of {title}</span>
        </button>
      </div>
      <p className="m-0 text-base font-medium text-slate-800">{reading}</p>
      <div role="img" aria-label={`${title} chart. ${reading} The numbers follow in a table.`} className="h-64 w-full">
        {children}
      </div>
      {note && <p className="m-0 text-sm text-slate-700">{note}</p>}
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {humanize(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={String(row[0]) + String(row[1])}>
              {row.map((cell, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                <td key={i}>{cell === null ? "–" : typeof cell === "number" ? cell.toLocaleString("en-GB") : cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
