import type { TOptimizerRunSummary } from "@/server/optimizer/optimizer-run-schema";
import { formatTime } from "../ui/time";

const STATUS_WORDS: Record<TOptimizerRunSummary["status"], string> = {
  queued: "waiting",
  running: "solving",
  previewed: "ready",
  applied: "applied",
  stale: "out of date",
  rejected: "not applied",
  failed: "failed",
};

/** The day's runs, newest first: pick one to see its plan again. */
export function PreviousRuns({
  runs,
  timezone,
  chosen,
  onChoose,
}: {
  runs: readonly TOptimizerRunSummary[];
  timezone: string;
  chosen: string | null;
  onChoose: (runId: string) => void;
}) {
  if (runs.length === 0) return null;
  return (
    <section aria-labelledby="optimizer-runs" className="flex flex-col gap-2">
      <h2 id="optimizer-runs" className="text-lg font-semibold">
        Runs of this day
      </h2>
      <ul className="m-0 flex list-none flex-col gap-1 p-0">
        {runs.map((run) => {
          const gain =
            run.baseline && run.proposed
              ? `${signed(run.proposed.coversSeated - run.baseline.coversSeated)} covers, ${run.moveCount} ${run.moveCount === 1 ? "move" : "moves"}`
              : null;
          return (
            <li key={run.runId}>
              <button
                type="button"
                aria-pressed={run.runId === chosen}
                onClick={() => onChoose(run.runId)}
                className="w-full max-w-xl rounded border border-slate-300 bg-white px-3 py-1.5 text-left text-base text-slate-900 hover:bg-slate-50 aria-pressed:border-violet-700 aria-pressed:bg-violet-50 focus-visible:outline-2 focus-visible:outline-blue-700"
              >
                <span className="tabular-nums">{formatTime(run.createdAt, timezone)}</span> ·{" "}
                {run.stale ? "out of date" : STATUS_WORDS[run.status]}
                {gain ? ` · ${gain}` : ""}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "±0";
}
