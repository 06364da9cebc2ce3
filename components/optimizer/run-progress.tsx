"use client";

import { useEffect, useState } from "react";
import type { TOptimizerRunResponse } from "@/server/optimizer/optimizer-run-schema";
import { formatTime } from "../ui/time";
import { isWorking } from "./queries";

const SOLVER_WORDS: Record<string, string> = { exact: "exact solver", heuristic: "fast solver", auto: "best solver" };

/** Where the run is (waiting, solving with seconds counted, done) and, once solved, how good the plan is proven. */
export function RunProgress({ run, timezone }: { run: TOptimizerRunResponse; timezone: string }) {
  const working = isWorking(run.status);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!working) return;
    const id = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(id);
  }, [working]);
  const started = formatTime(run.createdAt, timezone);
  if (working) {
    const seconds = Math.max(0, Math.round((now - Date.parse(run.createdAt)) / 1_000));
    return (
      <div className="flex flex-col gap-1">
        <p role="status" className="m-0 text-base font-semibold text-slate-900">
          {run.status === "queued" ? "Waiting for the optimizer to start…" : "Solving the day…"}{" "}
          <span className="font-normal tabular-nums text-slate-700">{seconds} s</span>
        </p>
        <progress aria-label="Optimizer progress" className="h-2 w-full max-w-xl accent-violet-700" />
      </div>
    );
  }
  if (run.status === "failed") {
    return (
      <p role="alert" className="m-0 text-base text-red-800">
        {run.reason ?? "The optimizer failed."} Run it again; if it keeps failing, try the fast solver.
      </p>
    );
  }
  const proof =
    run.optimal === true
      ? "proven best plan"
      : run.gap !== null
        ? `at most ${(run.gap * 100).toFixed(1)} % of covers from the best possible`
        : null;
  const status =
    run.status === "applied"
      ? `applied${run.appliedAt ? ` at ${formatTime(run.appliedAt, timezone)}` : ""}`
      : run.status === "rejected"
        ? "not applied (below the restaurant's threshold)"
        : run.status === "stale" || run.stale
          ? "out of date"
          : "ready to apply";
  return (
    <p role="status" className="m-0 text-base text-slate-800">
      Run of {started} · {status} · {SOLVER_WORDS[run.solver] ?? run.solver}
      {proof ? ` · ${proof}` : ""}
      {run.durationMs !== null ? ` · solved in ${(run.durationMs / 1_000).toFixed(1)} s` : ""}
    </p>
  );
}
