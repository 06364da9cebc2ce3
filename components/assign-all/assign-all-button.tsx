"use client";

import * as Popover from "@radix-ui/react-popover";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import type { TUnassignedBooking } from "@/server/availability/ops-availability-schema";
import { ZAssignAllRunResponseSchema, ZStartAssignAllResponseSchema } from "@/server/coordinator/assign-all-schema";
import { availabilityQuery, opsKeys } from "../ops/queries";
import { useOpsLocation } from "../ops/use-ops-location";
import { ApiProblem, apiFetch } from "../ui/api-fetch";
import { formatTime } from "../ui/time";

const POLL_MS = 500;
// The bookings a run takes on (server/coordinator/start-assign-all.ts ASSIGN_ALL_STATUSES).
const RUN_STATUSES = new Set(["assignment_pending", "assignment_in_progress"]);

type TWho = Pick<TUnassignedBooking, "bookingId" | "guestName" | "partySize" | "startsAt">;

/**
 * "Assign all": runs the auto-assigner over every booking of the day still waiting for tables (any member of
 * staff: host and up), shows live progress (n of m, announced politely), then what was placed and what went to
 * manual review, by name (the day's tray read before and after the run).
 */
export function AssignAllButton() {
  const { restaurant, date, href } = useOpsLocation();
  const { restaurantId, timezone } = restaurant;
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [run, setRun] = useState<{ runId: string; date: string; waiting: TWho[] } | null>(null);
  const [outcome, setOutcome] = useState<{ placed: TWho[]; review: TWho[]; waiting: TWho[] } | null>(null);
  const [outcomeError, setOutcomeError] = useState(false);

  const start = useMutation({
    mutationFn: async () => {
      const before = await queryClient.fetchQuery({ ...availabilityQuery(restaurantId, date), staleTime: 0 });
      const { runId } = await apiFetch("/api/ops/assign-all", ZStartAssignAllResponseSchema, {
        method: "POST",
        body: { restaurantId, date },
      });
      return { runId, date, waiting: before.unassigned.filter((b) => RUN_STATUSES.has(b.status)) };
    },
    onMutate: () => {
      setRun(null);
      setOutcome(null);
      setOutcomeError(false);
      setOpen(true);
    },
    onSuccess: (started) => setRun(started),
    onError: (error) => {
      setOpen(false);
      toast.error("Assign all did not start", {
        description: error instanceof ApiProblem ? error.hint : "Try again in a moment.",
      });
    },
  });

  const progress = useQuery({
    queryKey: ["ops", restaurantId, "assign-all", run?.runId ?? "none"],
    queryFn: ({ signal }) => apiFetch(`/api/ops/assign-all/${run?.runId}`, ZAssignAllRunResponseSchema, { signal }),
    enabled: run !== null,
    refetchInterval: (query) => (query.state.data?.status === "done" ? false : POLL_MS),
    staleTime: 0,
  });
  const status = progress.data;
  const done = status?.status === "done";

  // Once the run is done: the day's tray again, to say who was placed and who went to review.
  useEffect(() => {
    if (!done || !run || outcome) return;
    let stale = false;
    (async () => {
      await queryClient.invalidateQueries({
        queryKey: opsKeys.restaurant(restaurantId),
        predicate: (query) => query.queryKey[2] !== "assign-all",
      });
      const after = await queryClient.fetchQuery({ ...availabilityQuery(restaurantId, run.date), staleTime: 0 });
      if (stale) return;
      const now = new Map(after.unassigned.map((b) => [b.bookingId, b]));
      setOutcome({
        placed: run.waiting.filter((b) => !now.has(b.bookingId)),
        review: run.waiting.filter((b) => now.get(b.bookingId)?.status === "manual_review"),
        waiting: run.waiting.filter((b) => {
          const s = now.get(b.bookingId)?.status;
          return s !== undefined && s !== "manual_review";
        }),
      });
    })().catch(() => !stale && setOutcomeError(true));
    return () => {
      stale = true;
    };
  }, [done, run, outcome, queryClient, restaurantId]);

  const handled = status ? status.assigned + status.review + status.other : 0;
  const total = status?.total ?? run?.waiting.length ?? 0;
  const names = (list: TWho[]) =>
    list.map((b) => `${b.guestName} (${b.partySize}, ${formatTime(b.startsAt, timezone)})`).join(", ");

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button
          type="button"
          onClick={(event) => {
            // Radix skips its own toggle when the click is handled here: a click starts a run (or shows the one
            // under way).
            event.preventDefault();
            if (start.isPending || (run && !done)) setOpen(true);
            else start.mutate();
          }}
          className="rounded border border-slate-500 bg-white px-3 py-1.5 text-sm font-semibold text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
          aria-describedby={run && !done ? "assign-all-progress" : undefined}
        >
          {run && !done ? `Assigning… ${handled} of ${total}` : "Assign all"}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={6}
          aria-label="Assign all"
          className="z-40 w-[min(26rem,92vw)] rounded-lg border border-slate-300 bg-white p-4 text-sm shadow-lg"
        >
          <h2 className="text-base font-semibold">Assign all</h2>
          <div id="assign-all-progress" aria-live="polite" className="mt-2">
            {!status ? (
              <p>Starting…</p>
            ) : status.total === 0 ? (
              <p>Nothing to assign: every booking of the day already has tables or is in manual review.</p>
            ) : !done ? (
              <>
                <p>
                  Placing bookings: <span className="font-semibold tabular-nums">{handled}</span> of{" "}
                  <span className="tabular-nums">{status.total}</span>
                </p>
                <div
                  role="progressbar"
                  aria-label="Assign all progress"
                  aria-valuemin={0}
                  aria-valuemax={status.total}
                  aria-valuenow={handled}
                  className="mt-2 h-2 overflow-hidden rounded bg-slate-200"
                >
                  <div
                    className="h-full bg-blue-700 transition-all"
                    style={{ width: `${(100 * handled) / status.total}%` }}
                  />
                </div>
              </>
            ) : (
              <div>
                <p className="font-semibold">
                  Done: <span className="tabular-nums">{status.assigned}</span> placed on tables,{" "}
                  <span className="tabular-nums">{status.review}</span> sent to review
                  {status.pending > 0 && (
                    <>
                      , <span className="tabular-nums">{status.pending}</span> still waiting
                    </>
                  )}
                  .
                </p>
                {outcome ? (
                  <dl className="mt-2 space-y-1.5">
                    {outcome.placed.length > 0 && (
                      <div>
                        <dt className="font-medium text-emerald-900">
                          <span aria-hidden="true">✓ </span>Placed
                        </dt>
                        <dd className="text-slate-800">{names(outcome.placed)}</dd>
                      </div>
                    )}
                    {outcome.review.length > 0 && (
                      <div>
                        <dt className="font-medium text-amber-900">
                          <span aria-hidden="true">! </span>Sent to review
                        </dt>
                        <dd className="text-slate-800">{names(outcome.review)}</dd>
                      </div>
                    )}
                    {outcome.waiting.length > 0 && (
                      <div>
                        <dt className="font-medium text-slate-800">
                          <span aria-hidden="true">○ </span>Still waiting (retried shortly)
                        </dt>
                        <dd className="text-slate-800">{names(outcome.waiting)}</dd>
                      </div>
                    )}
                  </dl>
                ) : outcomeError ? null : (
                  <p className="mt-1 text-slate-700">Reading who went where…</p>
                )}
                {status.review > 0 && (
                  <Link
                    href={href("/ops/review", { booking: null })}
                    onClick={() => setOpen(false)}
                    className="mt-2 inline-block font-semibold text-blue-800 underline focus-visible:outline-2 focus-visible:outline-blue-700"
                  >
                    Open Manual review
                  </Link>
                )}
              </div>
            )}
            {progress.isError && (
              <p role="alert" className="mt-2 text-red-900">
                {progress.error instanceof ApiProblem ? progress.error.hint : "Progress could not be read."}
              </p>
            )}
          </div>
          <Popover.Close className="mt-3 rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700">
            Close
          </Popover.Close>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
