import type { TOptimizerRunMetrics } from "@/server/optimizer/optimizer-run-schema";

const ROWS: Array<{ key: keyof TOptimizerRunMetrics; label: string; better: "more" | "fewer" | null }> = [
  { key: "bookingsSeated", label: "Bookings seated", better: "more" },
  { key: "coversSeated", label: "Covers seated", better: "more" },
  { key: "seatsWasted", label: "Seats wasted", better: "fewer" },
  { key: "merges", label: "Tables in merges", better: "fewer" },
  { key: "moves", label: "Moves", better: null },
];

/** The day now and with the plan, side by side, with the difference in words a host reads at a glance. */
export function RunComparison({
  baseline,
  proposed,
}: {
  baseline: TOptimizerRunMetrics;
  proposed: TOptimizerRunMetrics;
}) {
  return (
    <table className="w-full max-w-xl border-collapse text-base">
      <caption className="mb-1 text-left text-sm font-semibold text-slate-800">Before and after</caption>
      <thead>
        <tr className="border-b border-slate-300 text-left text-sm text-slate-700">
          <th scope="col" className="py-1 pr-3 font-medium">
            Measure
          </th>
          <th scope="col" className="py-1 pr-3 text-right font-medium">
            Now
          </th>
          <th scope="col" className="py-1 pr-3 text-right font-medium">
            With this plan
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            Change
          </th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map(({ key, label, better }) => {
          const diff = proposed[key] - baseline[key];
          const good = better === "more" ? diff > 0 : better === "fewer" ? diff < 0 : false;
          const bad = better === "more" ? diff < 0 : better === "fewer" ? diff > 0 : false;
          return (
            <tr key={key} className="border-b border-slate-200">
              <th scope="row" className="py-1.5 pr-3 text-left font-medium text-slate-900">
                {label}
              </th>
              <td className="py-1.5 pr-3 text-right tabular-nums">{baseline[key]}</td>
              <td className="py-1.5 pr-3 text-right font-semibold tabular-nums">{proposed[key]}</td>
              <td
                className={`py-1.5 text-right tabular-nums ${good ? "font-semibold text-green-800" : bad ? "font-semibold text-red-800" : "text-slate-700"}`}
              >
                {key === "moves" || diff === 0
                  ? "—"
                  : `${diff > 0 ? "+" : "−"}${Math.abs(diff)}${good ? " better" : bad ? " worse" : ""}`}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
