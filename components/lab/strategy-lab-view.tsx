"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { errorsByPath, type TFieldErrors } from "@/components/setup/service/setting-fields";
import { serviceSettingsKey, serviceUrl, useServiceSettings } from "@/components/setup/service/use-service-settings";
import {
  LAB_LIMITS,
  type TLabConfig,
  type TReplayResponse,
  ZLabConfigSchema,
  ZReplayResponseSchema,
} from "@/server/lab/replay-schema";
import { ZServiceSettingsSchema } from "@/server/setup/service/service-settings-schema";
import { useOpsLocation } from "../ops/use-ops-location";
import { ApiProblem, apiFetch } from "../ui/api-fetch";
import { LoadError, LoadSkeleton } from "../ui/load-error";
import { addDays, formatServiceDate } from "../ui/time";
import { CandidateConfigFields } from "./candidate-config-fields";
import { ReplayResults } from "./replay-results";

const PRIMARY =
  "rounded-md bg-violet-800 px-5 py-2 text-base font-semibold text-white hover:bg-violet-900 disabled:cursor-not-allowed disabled:bg-slate-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";
const SECONDARY =
  "rounded-md border border-slate-500 bg-white px-4 py-2 text-base font-medium text-slate-900 hover:bg-slate-100 disabled:cursor-not-allowed disabled:text-slate-500 focus-visible:outline-2 focus-visible:outline-blue-700";
const FIELD =
  "h-10 rounded-md border border-slate-500 bg-white px-2 text-base text-slate-900 aria-[invalid=true]:border-red-600 aria-[invalid=true]:bg-red-50";

const same = (a: TLabConfig, b: TLabConfig) => JSON.stringify(a) === JSON.stringify(b);

/** The range's problem in words (shown beside the dates), or null. */
function rangeProblem(from: string, to: string): string | null {
  if (!from || !to) return "Choose both dates.";
  if (to < from) return "The end date is before the start date.";
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  if (days > LAB_LIMITS.maxDays) return `At most ${LAB_LIMITS.maxDays} days at a time (this is ${days}).`;
  return null;
}

/**
 * The Strategy lab (managers): replay recorded days — each booking in the order it arrived — with the current
 * planner configuration and an edited candidate, beside what really happened and the exact optimum; nothing is
 * written. A candidate that does better can be adopted (the planner-policy save, based on the venue version the
 * replay ran on: a change made meanwhile is refused, never overwritten).
 */
export function StrategyLabView() {
  const { restaurant, date } = useOpsLocation();
  const { restaurantId } = restaurant;
  const queryClient = useQueryClient();
  const settings = useServiceSettings(restaurantId);
  const fromId = useId();
  const toId = useId();
  const [from, setFrom] = useState(addDays(date, -6));
  const [to, setTo] = useState(date);
  const current: TLabConfig | null = settings.data ? settings.data.plannerPolicy : null;
  const [draft, setDraft] = useState<TLabConfig | null>(null);
  const [fieldErrors, setFieldErrors] = useState<TFieldErrors>(new Map());
  const [adopted, setAdopted] = useState<string | null>(null);
  const [adoptError, setAdoptError] = useState<string | null>(null);
  const candidate = draft ?? current;

  // Another restaurant or date in the top bar: its own last 7 days and configuration.
  useEffect(() => {
    setFrom(addDays(date, -6));
    setTo(date);
  }, [date]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new restaurant starts from its own configuration
  useEffect(() => {
    setDraft(null);
    setAdopted(null);
    setAdoptError(null);
  }, [restaurantId]);

  const replay = useMutation({
    mutationFn: (config: TLabConfig) =>
      apiFetch("/api/ops/lab/replays", ZReplayResponseSchema, {
        method: "POST",
        body: { restaurantId, from, to, config },
      }),
    onMutate: () => {
      setAdopted(null);
      setAdoptError(null);
    },
    onError: (error) => {
      if (error instanceof ApiProblem && Array.isArray(error.body.errors)) {
        const errors = (error.body.errors as Array<{ path: string; message: string }>).map((e) => ({
          ...e,
          path: e.path.replace(/^config\./, ""),
        }));
        setFieldErrors(errorsByPath(errors));
      }
    },
  });
  const result: TReplayResponse | undefined = replay.data;

  const adopt = useMutation({
    mutationFn: (body: { expectedVenueVersion: number } & TLabConfig) =>
      apiFetch(`${serviceUrl(restaurantId)}/planner-policy`, ZServiceSettingsSchema, { method: "PUT", body }),
    onMutate: () => {
      setAdopted(null);
      setAdoptError(null);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(serviceSettingsKey(restaurantId), saved);
      setDraft(null);
      setAdopted("Adopted: the planner now uses this configuration for every new booking.");
    },
    onError: (error) => {
      setAdoptError(
        error instanceof ApiProblem && error.status === 409
          ? "Not adopted: the floor plan or the planner settings changed since this replay (someone saved meanwhile). Run the replay again, then adopt."
          : `Not adopted: ${error instanceof ApiProblem ? error.hint : "try again."}`,
      );
    },
  });

  const problem = rangeProblem(from, to);
  function onRun(event: FormEvent) {
    event.preventDefault();
    if (!candidate || problem) return;
    const parsed = ZLabConfigSchema.safeParse(candidate);
    if (!parsed.success) {
      setFieldErrors(errorsByPath(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))));
      return;
    }
    setFieldErrors(new Map());
    replay.mutate(parsed.data);
  }

  const tested = result?.candidateConfig ?? null;
  const canAdopt = Boolean(result && tested && current && !same(tested, current));
  const draftChanged = Boolean(tested && candidate && !same(tested, candidate));

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-4 p-4">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-xl font-semibold">Strategy lab</h1>
        <p className="text-sm text-slate-700">
          Replay past days with another table-planner configuration before switching to it · nothing is written
        </p>
      </div>

      <form onSubmit={onRun} noValidate className="flex flex-col gap-4">
        <div className="flex flex-wrap items-end gap-4 rounded-md border border-slate-300 bg-slate-50 p-3">
          <fieldset className="flex flex-wrap items-end gap-4">
            <legend className="sr-only">Date range</legend>
            <div className="flex flex-col gap-1">
              <label htmlFor={fromId} className="text-sm font-semibold text-slate-800">
                From
              </label>
              <input
                id={fromId}
                type="date"
                className={FIELD}
                value={from}
                aria-invalid={Boolean(problem)}
                aria-describedby={problem ? `${toId}-error` : undefined}
                onChange={(e) => setFrom(e.target.value)}
              />
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={toId} className="text-sm font-semibold text-slate-800">
                To
              </label>
              <input
                id={toId}
                type="date"
                className={FIELD}
                value={to}
                aria-invalid={Boolean(problem)}
                aria-describedby={problem ? `${toId}-error` : undefined}
                onChange={(e) => setTo(e.target.value)}
              />
            </div>
          </fieldset>
          <button type="submit" className={PRIMARY} disabled={!candidate || Boolean(problem) || replay.isPending}>
            {replay.isPending ? "Replaying…" : "Run replay"}
          </button>
          <div aria-live="polite" className="min-h-6 text-base">
            {problem ? (
              <p id={`${toId}-error`} className="font-medium text-red-800">
                {problem}
              </p>
            ) : replay.isPending ? (
              <p className="text-slate-800">
                Replaying {formatServiceDate(from)} to {formatServiceDate(to)} and solving the exact optimum — up to a
                minute.
              </p>
            ) : null}
          </div>
        </div>
        {replay.isError && (
          <p role="alert" className="text-base text-red-800">
            The replay did not run: {replay.error instanceof ApiProblem ? replay.error.hint : "try again."}
            {replay.error instanceof ApiProblem && replay.error.message ? ` (${replay.error.message})` : ""}
          </p>
        )}
      </form>

      {result && <ReplayResults result={result} />}

      {result && (
        <div className="flex flex-wrap items-center gap-4 rounded-md border border-slate-300 bg-slate-50 p-3">
          <button
            type="button"
            className={PRIMARY}
            disabled={!canAdopt || adopt.isPending}
            onClick={() => tested && adopt.mutate({ expectedVenueVersion: result.venueVersion, ...tested })}
          >
            {adopt.isPending ? "Adopting…" : "Adopt this configuration"}
          </button>
          <div aria-live="polite" className="text-base">
            {adoptError ? (
              <p role="alert" className="font-medium text-red-800">
                {adoptError}
              </p>
            ) : adopted ? (
              <p className="font-medium text-green-800">{adopted}</p>
            ) : !canAdopt ? (
              <p className="text-slate-800">
                The candidate is the current configuration: change a field to try another.
              </p>
            ) : (
              <p className="text-slate-800">
                Adopts the candidate replayed above (as Service &amp; rules › Table planner would save it).
                {draftChanged ? " You have edited it since: run the replay again to test your edits first." : ""}
              </p>
            )}
          </div>
        </div>
      )}

      <section aria-labelledby="lab-candidate" className="rounded-md border border-slate-300 bg-white p-4">
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <div>
            <h2 id="lab-candidate" className="text-lg font-semibold text-slate-900">
              Candidate configuration
            </h2>
            <p className="text-sm text-slate-700">
              Change what you want to try, then Run replay. Under each field: the value the planner uses now.
            </p>
          </div>
          <button
            type="button"
            className={SECONDARY}
            disabled={!draft || !current || same(draft, current)}
            onClick={() => {
              setDraft(null);
              setFieldErrors(new Map());
            }}
          >
            Reset to current
          </button>
        </div>
        {settings.isError && (
          <LoadError what="The current configuration" error={settings.error} onRetry={() => settings.refetch()} />
        )}
        {!current && settings.isPending && <LoadSkeleton label="Loading the configuration" />}
        {current && candidate && (
          <CandidateConfigFields current={current} draft={candidate} onChange={setDraft} errors={fieldErrors} />
        )}
      </section>
    </div>
  );
}
