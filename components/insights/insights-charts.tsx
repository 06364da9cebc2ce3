"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { TInsights } from "@/server/insights/insights-schema";
import { humanize, keysOf, shortDate, utilisationByHour } from "./insight-series";

/** Recharts drawings for the Insights cards. Each is the visual of a card whose text alternative is elsewhere. */

const PALETTE = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0f766e", "#4d7c0f", "#475569"];
const OUTCOME_COLOUR: Record<string, string> = {
  assigned: "#047857",
  already_assigned: "#6ee7b7",
  no_plan: "#b91c1c",
  conflict: "#d97706",
  lock_busy: "#a16207",
  stale: "#7c3aed",
  timeout: "#be123c",
  error: "#111827",
  skipped: "#94a3b8",
};
const AXIS = { fontSize: 13, fill: "#334155" };
const colourOf = (key: string, i: number) => OUTCOME_COLOUR[key] ?? PALETTE[i % PALETTE.length];
/** Legend labels in dark text (the swatch carries the colour; pale series would be unreadable as text). */
const legendText = (value: string) => <span style={{ color: "#1e293b" }}>{value}</span>;
/** A percent axis up to a round number just above the fullest cell (at most 100), in quarters. */
export function percentTicks(max: number): number[] {
  const top = [10, 20, 40, 60, 80, 100].find((t) => t >= max) ?? 100;
  return [0, top / 4, top / 2, (3 * top) / 4, top];
}

function Frame({ children }: { children: React.ReactElement }) {
  return (
    <ResponsiveContainer width="100%" height="100%" minWidth={0}>
      {children}
    </ResponsiveContainer>
  );
}

export function CoversChart({ data }: { data: TInsights }) {
  const rows = data.coversBySlot.map((s) => ({ ...s, cap: s.cap ?? undefined }));
  return (
    <Frame>
      <ComposedChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 12, bottom: 0, left: -8 }}>
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey="time" tick={AXIS} minTickGap={16} />
        <YAxis tick={AXIS} allowDecimals={false} domain={[0, (max: number) => Math.max(max, data.totalSeats)]} />
        <Tooltip />
        <Legend formatter={legendText} />
        <Bar isAnimationActive={false} dataKey="averageCovers" name="Average covers" fill="#60a5fa" />
        <Bar isAnimationActive={false} dataKey="peakCovers" name="Busiest day" fill="#1d4ed8" />
        <Line
          isAnimationActive={false}
          type="stepAfter"
          dataKey="cap"
          name="Pacing cap"
          stroke="#b91c1c"
          strokeWidth={2}
          dot={false}
        />
        <ReferenceLine
          y={data.totalSeats}
          stroke="#475569"
          strokeDasharray="6 4"
          label={{ value: `${data.totalSeats} seats`, position: "insideTopLeft", fill: "#334155", fontSize: 13 }}
        />
      </ComposedChart>
    </Frame>
  );
}

export function UtilisationChart({ data }: { data: TInsights }) {
  const { zones, rows } = utilisationByHour(data);
  const ticks = percentTicks(Math.max(0, ...rows.flatMap((r) => zones.map((z) => Number(r[z] ?? 0)))));
  return (
    <Frame>
      <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 12, bottom: 0, left: -8 }}>
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey="hour" tick={AXIS} />
        <YAxis tick={AXIS} unit=" %" domain={[0, ticks[4] ?? 100]} ticks={ticks} />
        <Tooltip formatter={(value) => `${value} %`} />
        <Legend formatter={legendText} />
        {zones.map((zone, i) => (
          <Bar isAnimationActive={false} key={zone} dataKey={zone} name={zone} fill={PALETTE[i % PALETTE.length]} />
        ))}
      </BarChart>
    </Frame>
  );
}

/** Stacked bars per day, one stack per key (outcomes, review reasons). */
export function StackedDaysChart({ days }: { days: ReadonlyArray<{ date: string; counts: Record<string, number> }> }) {
  const keys = keysOf(days.map((d) => d.counts));
  const rows = days.map((d) => ({ date: d.date, ...d.counts }));
  return (
    <Frame>
      <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 12, bottom: 0, left: -8 }}>
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey="date" tick={AXIS} tickFormatter={shortDate} minTickGap={24} />
        <YAxis tick={AXIS} allowDecimals={false} />
        <Tooltip labelFormatter={(label) => shortDate(String(label))} />
        <Legend formatter={legendText} />
        {keys.map((key, i) => (
          <Bar
            isAnimationActive={false}
            key={key}
            dataKey={key}
            name={humanize(key)}
            stackId="day"
            fill={colourOf(key, i)}
          />
        ))}
      </BarChart>
    </Frame>
  );
}

export function WasteChart({ data }: { data: TInsights }) {
  return (
    <Frame>
      <BarChart data={data.wasteByDay} accessibilityLayer={false} margin={{ top: 8, right: 12, bottom: 0, left: -8 }}>
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey="date" tick={AXIS} tickFormatter={shortDate} minTickGap={24} />
        <YAxis tick={AXIS} allowDecimals={false} />
        <Tooltip labelFormatter={(label) => shortDate(String(label))} />
        <Legend formatter={legendText} />
        <Bar isAnimationActive={false} dataKey="seatsWasted" name="Empty seats at seated tables" fill="#b45309" />
      </BarChart>
    </Frame>
  );
}

export function AttendanceChart({ data }: { data: TInsights }) {
  return (
    <Frame>
      <BarChart
        data={data.attendanceByDay}
        accessibilityLayer={false}
        margin={{ top: 8, right: 12, bottom: 0, left: -8 }}
      >
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey="date" tick={AXIS} tickFormatter={shortDate} minTickGap={24} />
        <YAxis tick={AXIS} allowDecimals={false} />
        <Tooltip labelFormatter={(label) => shortDate(String(label))} />
        <Legend formatter={legendText} />
        <Bar isAnimationActive={false} dataKey="noShows" name="No-shows" stackId="lost" fill="#be123c" />
        <Bar isAnimationActive={false} dataKey="cancellations" name="Cancellations" stackId="lost" fill="#64748b" />
      </BarChart>
    </Frame>
  );
}

export function LatencyChart({ data }: { data: TInsights }) {
  const byDate = new Map<string, Record<string, number | string>>();
  for (const d of data.latency.planner) byDate.set(d.date, { date: d.date, plannerP50: d.p50Ms, plannerP95: d.p95Ms });
  for (const d of data.latency.decision) {
    byDate.set(d.date, { ...(byDate.get(d.date) ?? { date: d.date }), decisionP95: d.p95Ms });
  }
  const rows = [...byDate.values()].sort((a, b) => String(a.date).localeCompare(String(b.date)));
  return (
    <Frame>
      <LineChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 12, bottom: 0, left: -8 }}>
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey="date" tick={AXIS} tickFormatter={shortDate} minTickGap={24} />
        <YAxis tick={AXIS} unit=" ms" />
        <Tooltip labelFormatter={(label) => shortDate(String(label))} formatter={(value) => `${value} ms`} />
        <Legend formatter={legendText} />
        <Line isAnimationActive={false} dataKey="plannerP50" name="Planner, median" stroke="#1d4ed8" strokeWidth={2} />
        <Line
          isAnimationActive={false}
          dataKey="plannerP95"
          name="Planner, 95th percentile"
          stroke="#b91c1c"
          strokeWidth={2}
        />
        <Line
          isAnimationActive={false}
          dataKey="decisionP95"
          name="Whole decision, 95th percentile"
          stroke="#475569"
          strokeDasharray="5 4"
        />
      </LineChart>
    </Frame>
  );
}
