"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { toast } from "sonner";
import {
  OPTIMIZER_SOLVERS,
  type TOptimizerRunResponse,
  ZApplyOptimizerRunResponseSchema,
  ZStartOptimizerRunResponseSchema,
} from "@/server/optimizer/optimizer-run-schema";
import { availabilityQuery, opsKeys } from "../ops/queries";
import { useOpsLocation } from "../ops/use-ops-location";
import { ApiProblem, apiFetch } from "../ui/api-fetch";
import { LoadError, LoadSkeleton } from "../ui/load-error";
import { formatServiceDate } from "../ui/time";
import { MoveList } from "./move-list";
import { PlanTimeline } from "./plan-timeline";
import { PreviousRuns } from "./previous-runs";
import { isWorking, optimizerKeys, optimizerRunQuery, optimizerRunsQuery } from "./queries";
import { RunComparison } from "./run-comparison";
import { RunProgress } from "./run-progress";

const SOLVER_LABEL: Record<(typeof OPTIMIZER_SOLVERS)[number], string> = {
  auto: "Best available (recommended)",
  exact: "Exact (proves the best plan)",
  heuristic: "Fast (good plan, no proof)",
};
const PRIMARY =
  "rounded-md bg-violet-800 px-4 py-2 text-base font-semibold text-white hover:bg-violet-900 disabled:cursor-not-allowed disabled:bg-slate-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";
const FIELD =
  "rounded border border-slate-500 bg-white px-2 py-1.5 text-base text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-700";

type TStale = { message: string; bookings: string[] };

/**
 * The Optimizer (managers): re-plan the day (or one service) in the background, see before/after side by side and
 * every move in words and as a ghost on the timeline, apply all or some of them as one fenced write. A plan the
 * day has moved past says so and offers to run again; the day's earlier runs stay listed.
 */
export function OptimizerView() {
  const { restaurant, date, service } = useOpsLocation();
  const { restaurantId, timezone } = restaurant;
  const queryClient = useQueryClient();
  const solverId = useId();
  const day = useQuery(availabilityQuery(restaurantId, date));
  const runs = useQuery(optimizerRunsQuery(restaurantId, date));
  const [chosenRunId, setChosenRunId] = useState<string | null>(null);
  const [solver, setSolver] = useState<(typeof OPTIMIZER_SOLVERS)[number]>("auto");
  const [applied, setApplied] = useState<string | null>(null);
  const [staleAnswer, setStaleAnswer] = useState<TStale | null>(null);
  const runId = chosenRunId ?? runs.data?.runs[0]?.runId ?? null;
  const run = useQuery({ ...optimizerRunQuery(restaurantId, runId ?? "none"), enabled: runId !== null });
  const current = runId ? run.data : undefined;
  const periods = day.data?.periods ?? [];
  const period = periods.find((p) => p.name === service);

  // A new day or restaurant: forget the run chosen on the previous one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a change of day or restaurant
  useEffect(() => {
    setChosenRunId(null);
    setApplied(null);
    setStaleAnswer(null);
  }, [restaurantId, date]);

  const start = useMutation({
    mutationFn: () =>
      apiFetch("/api/ops/optimizer/runs", ZStartOptimizerRunResponseSchema, {
        method: "POST",
        body: { restaurantId, date, solver, ...(period ? { service: period.id } : {}) },
      }),
    onMutate: () => {
      setApplied(null);
      setStaleAnswer(null);
    },
    onSuccess: ({ runId: started }) => {
      setChosenRunId(started);
      void queryClient.invalidateQueries({ queryKey: optimizerKeys.runs(restaurantId, date) });
    },
  });

  if (restaurant.role === "host") {
    return (
      <div className="mx-auto max-w-6xl p-4">
        <h1 className="text-xl font-semibold">Optimizer</h1>
        <p className="mt-2 text-base text-slate-800">
          The optimizer is for managers. Ask a manager to re-plan the day.
        </p>
      </div>
    );
  }

  const working = isWorking(current?.status) || start.isPending;
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-4 p-4">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-xl font-semibold">Optimizer</h1>
        <p className="text-sm text-slate-700">
          {formatServiceDate(date)} · {period ? period.name : "All day"} (date and service from the top bar) · nothing
          changes until you apply
        </p>
      </div>
      <div className="flex flex-wrap items-end gap-4 rounded-md border border-slate-300 bg-slate-50 p-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={solverId} className="text-sm font-medium text-slate-800">
            Solver
          </label>
          <select
            id={solverId}
            className={FIELD}
            value={solver}
            onChange={(event) => setSolver(event.target.value as typeof solver)}
          >
            {OPTIMIZER_SOLVERS.map((s) => (
              <option key={s} value={s}>
                {SOLVER_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className={PRIMARY} disabled={working} onClick={() => start.mutate()}>
          {working ? "Optimizer running…" : "Run optimizer"}
        </button>
        {start.isError && (
          <p role="alert" className="m-0 text-base text-red-800">
            The optimizer did not start: {start.error instanceof ApiProblem ? start.error.hint : "try again."}
          </p>
        )}
      </div>

      {runId && !current && run.isPending && <LoadSkeleton label="Loading the plan" />}
      {run.isError && <LoadError what="The plan" error={run.error} onRetry={() => run.refetch()} />}
      {!runId && runs.isSuccess && (
        <p className="text-base text-slate-800">
          No optimizer run for this day yet. Run the optimizer to see whether a re-plan seats more guests.
        </p>
      )}
      {current && (
        <RunPanel
          key={current.runId}
          run={current}
          timezone={timezone}
          service={period ? period.name : "all"}
          applied={applied}
          stale={staleAnswer}
          running={start.isPending}
          onRunAgain={() => start.mutate()}
          onApplied={(message) => setApplied(message)}
          onStale={setStaleAnswer}
        />
      )}
      <PreviousRuns
        runs={runs.data?.runs ?? []}
        timezone={timezone}
        chosen={runId}
        onChoose={(id) => {
          setChosenRunId(id);
          setApplied(null);
          setStaleAnswer(null);
        }}
      />
    </div>
  );
}

function RunPanel({
  run,
  timezone,
  service,
  applied,
  stale,
  running,
  onRunAgain,
  onApplied,
  onStale,
}: {
  run: TOptimizerRunResponse;
  timezone: string;
  service: string;
  applied: string | null;
  stale: TStale | null;
  running: boolean;
  onRunAgain: () => void;
  onApplied: (message: string) => void;
  onStale: (stale: TStale) => void;
}) {
  const { restaurant } = useOpsLocation();
  const queryClient = useQueryClient();
  // All selected by default; an applied run shows what was applied.
  const initial = () => new Set(run.appliedMoveIds ?? run.moves.map((m) => m.id));
  const [selected, setSelected] = useState<Set<string>>(initial);
  const moveKey = `${run.moves.map((m) => m.id).join(",")}|${run.appliedMoveIds?.join(",") ?? ""}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-select when the plan's moves arrive or are applied
  useEffect(() => setSelected(initial()), [moveKey]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: opsKeys.restaurant(restaurant.restaurantId) });

  const apply = useMutation({
    mutationFn: () =>
      apiFetch(`/api/ops/optimizer/runs/${run.runId}/apply`, ZApplyOptimizerRunResponseSchema, {
        method: "POST",
        body: {
          expectedRunVersion: run.version,
          ...(selected.size === run.moves.length ? {} : { moveIds: [...selected] }),
        },
      }),
    onSuccess: (result) => {
      const count = result.moved + result.placed;
      const message = `Applied ${count} ${count === 1 ? "move" : "moves"}: the timeline shows the new tables.`;
      onApplied(message);
      toast.success(message);
      void refresh();
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === "OPTIMIZER_RUN_STALE") {
        const list = Array.isArray(error.body.stale) ? (error.body.stale as Array<{ reference?: string }>) : [];
        onStale({ message: error.message, bookings: list.map((s) => s.reference ?? "?") });
      }
      void refresh();
    },
  });

  const isStale = stale !== null || run.status === "stale" || (run.status === "previewed" && run.stale);
  const staleRefs = stale?.bookings.length ? stale.bookings : run.staleBookings.map((b) => b.reference);
  const canApply = run.status === "previewed" && !isStale && !run.belowThreshold && selected.size > 0;
  const applyError =
    apply.error instanceof ApiProblem && apply.error.code !== "OPTIMIZER_RUN_STALE" ? apply.error : null;
  const showPlan = run.baseline && run.proposed;

  return (
    <section aria-labelledby="optimizer-plan" className="flex flex-col gap-4">
      <h2 id="optimizer-plan" className="text-lg font-semibold">
        {run.status === "applied" ? "Applied plan" : "Proposed plan"}
      </h2>
      <RunProgress run={run} timezone={timezone} />
      {applied && (
        <p
          role="status"
          className="rounded-md border border-green-700 bg-green-50 px-3 py-2 text-base font-semibold text-green-900"
        >
          {applied}
        </p>
      )}
      {isStale && (
        <div
          role="alert"
          className="rounded-md border-2 border-amber-600 bg-amber-50 px-3 py-2 text-base text-amber-950"
        >
          <p className="m-0 font-semibold">The day changed since this plan was made</p>
          <p className="m-0">
            {staleRefs.length > 0
              ? `Changed since: booking${staleRefs.length > 1 ? "s" : ""} ${staleRefs.join(", ")}. `
              : "Bookings or tables changed meanwhile. "}
            Nothing was moved. Run the optimizer again for a plan of the day as it is now.
          </p>
          <button type="button" className={`${PRIMARY} mt-2`} disabled={running} onClick={onRunAgain}>
            Run again
          </button>
        </div>
      )}
      {run.status === "previewed" && !isStale && run.belowThreshold && (
        <p className="rounded-md border border-slate-400 bg-slate-50 px-3 py-2 text-base text-slate-900">
          Not worth applying: {run.belowThreshold}
        </p>
      )}
      <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
        {showPlan && run.baseline && run.proposed && <RunComparison baseline={run.baseline} proposed={run.proposed} />}
        <div className="flex min-w-0 flex-col gap-3">
          {run.status === "previewed" && run.moves.length === 0 && (
            <p className="text-base text-slate-800">
              The day is already as good as the optimizer can make it: no moves.
            </p>
          )}
          {run.moves.length > 0 && (
            <MoveList
              applied={run.status === "applied"}
              moves={run.moves}
              timezone={timezone}
              selected={selected}
              disabled={run.status !== "previewed" || apply.isPending}
              onToggle={(id) =>
                setSelected((s) => {
                  const next = new Set(s);
                  if (!next.delete(id)) next.add(id);
                  return next;
                })
              }
              onAll={(all) => setSelected(all ? new Set(run.moves.map((m) => m.id)) : new Set())}
            />
          )}
          {run.status === "previewed" && run.moves.length > 0 && (
            <div className="flex flex-wrap items-center gap-3">
              <button
                type="button"
                className={PRIMARY}
                disabled={!canApply || apply.isPending}
                onClick={() => apply.mutate()}
              >
                {apply.isPending ? "Applying…" : `Apply selected moves (${selected.size})`}
              </button>
              {selected.size === 0 && <p className="m-0 text-base text-slate-700">Select at least one move.</p>}
              {applyError && (
                <p role="alert" className="m-0 text-base text-red-800">
                  {applyError.message}. {applyError.hint}
                </p>
              )}
            </div>
          )}
        </div>
      </div>
      {run.moves.length > 0 && (
        <section aria-labelledby="optimizer-timeline" className="flex flex-col gap-2">
          <h2 id="optimizer-timeline" className="text-lg font-semibold">
            Timeline
          </h2>
          <p className="m-0 text-sm text-slate-700">
            {run.status === "previewed" && !isStale ? (
              <>
                <span className="mr-1 inline-block h-3 w-5 rounded-sm border-2 border-dashed border-violet-700 bg-violet-100 align-middle" />
                Dashed violet boxes show where each selected move would put the booking.
              </>
            ) : run.status === "applied" ? (
              "The day as it is now: the moved bookings sit at their new tables."
            ) : (
              "The day as it is now."
            )}
          </p>
          <PlanTimeline
            service={service}
            moves={run.moves.filter((m) => selected.has(m.id))}
            ghosts={run.status === "previewed" && !isStale}
          />
        </section>
      )}
    </section>
  );
}
