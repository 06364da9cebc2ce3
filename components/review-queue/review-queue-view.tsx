"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { TTimelineTable } from "@/server/availability/ops-availability-schema";
import type { TReviewItem } from "@/server/coordinator/review-queue-schema";
import type { TTablePlanResponse } from "@/server/coordinator/table-plan-schema";
import { availabilityQuery, reviewQueueQuery } from "../ops/queries";
import { useOpsLocation } from "../ops/use-ops-location";
import { StatusChip } from "../ui/booking-status";
import { LoadError } from "../ui/load-error";
import { formatDay, formatServiceDate, formatTime, localDateOf } from "../ui/time";
import { CancelBookingDialog } from "./cancel-booking-dialog";
import { MiniFloorPlan } from "./mini-floor-plan";
import { OfferOtherTimes } from "./offer-other-times";
import { useAcceptSuggestion } from "./use-accept-suggestion";

const BUTTON =
  "rounded border border-slate-400 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-700";

/**
 * The manual-review queue (UI-DESIGN "Manual review queue"): every booking of the day waiting for a person, oldest
 * start first, with the reason in words, up to 3 suggested plans drawn on a mini floor plan with a one-click
 * Accept, the nearest other times to offer on the phone, and cancel with a reason.
 */
export function ReviewQueueView() {
  const { restaurant, date } = useOpsLocation();
  const { restaurantId, timezone } = restaurant;
  const queue = useQuery(reviewQueueQuery(restaurantId, date));
  const floor = useQuery(availabilityQuery(restaurantId, date));
  const accept = useAcceptSuggestion(restaurantId, date);
  const canAccept = restaurant.role !== "host";
  const items = queue.data?.items ?? [];
  const refreshedAt = queue.dataUpdatedAt ? formatTime(queue.dataUpdatedAt, timezone) : null;

  return (
    <div className="mx-auto max-w-6xl p-4">
      <div className="mb-3 flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-xl font-semibold">Manual review</h1>
        <p className="text-sm text-slate-700">
          {formatServiceDate(date)}
          {queue.data && (
            <>
              {" · "}
              <span className="tabular-nums">{items.length}</span> waiting · oldest first
            </>
          )}
          {refreshedAt && (
            <>
              {" · "}updated <span className="tabular-nums">{refreshedAt}</span>
            </>
          )}
        </p>
      </div>
      {!canAccept && items.length > 0 && (
        <p className="mb-3 rounded border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800">
          Accepting a suggestion needs a manager. You can offer other times or cancel with a reason.
        </p>
      )}

      {queue.isPending ? (
        <QueueSkeleton />
      ) : queue.isError ? (
        <LoadError what="The review queue" error={queue.error} onRetry={() => queue.refetch()} />
      ) : items.length === 0 ? (
        <div className="rounded-lg border border-emerald-300 bg-emerald-50 px-6 py-10 text-center">
          <p className="text-3xl text-emerald-800" aria-hidden="true">
            ✓
          </p>
          <p className="mt-2 text-lg font-semibold text-emerald-950">Nothing needs a person right now</p>
          <p className="mt-1 text-sm text-emerald-950">
            Every booking of {formatServiceDate(date)} has tables or is being placed.{" "}
            {queue.data.lastResolvedAt ? (
              <>
                The last one was resolved at{" "}
                <span className="tabular-nums">{formatTime(queue.data.lastResolvedAt, timezone)}</span>
                {localDateOf(timezone, new Date(queue.data.lastResolvedAt)) !== localDateOf(timezone)
                  ? ` on ${formatDay(queue.data.lastResolvedAt, timezone)}`
                  : ""}{" "}
                ({timezone} time).
              </>
            ) : (
              "None of its bookings has needed a person so far."
            )}{" "}
            New reviews appear here live.
          </p>
        </div>
      ) : (
        <ol className="flex flex-col gap-3" aria-label="Bookings waiting for review">
          {items.map((item) => (
            <ReviewItemCard
              key={item.booking.id}
              item={item}
              tables={floor.data?.timeline}
              canAccept={canAccept}
              accepting={accept.isPending && accept.variables?.item.booking.id === item.booking.id}
              onAccept={(plan) =>
                accept.mutate({ item, tableIds: plan.tableIds, tableNames: plan.tables.map((t) => t.name) })
              }
            />
          ))}
        </ol>
      )}
    </div>
  );
}

function ReviewItemCard({
  item,
  tables,
  canAccept,
  accepting,
  onAccept,
}: {
  item: TReviewItem;
  tables: TTimelineTable[] | undefined;
  canAccept: boolean;
  accepting: boolean;
  onAccept: (plan: TTablePlanResponse) => void;
}) {
  const { restaurant, openBooking } = useOpsLocation();
  const { timezone } = restaurant;
  const { booking } = item;
  const [cancelOpen, setCancelOpen] = useState(false);
  const headingId = `review-${booking.id}`;

  return (
    <li
      aria-labelledby={headingId}
      className="rounded-lg border border-slate-300 bg-white p-3 shadow-sm"
      aria-busy={accepting || undefined}
    >
      <div className="flex items-start gap-x-4">
        <p className="w-14 shrink-0 text-xl leading-7 font-bold tabular-nums text-slate-900">
          {formatTime(booking.startsAt, timezone)}
        </p>
        <div className="min-w-0 flex-1">
          <h2 id={headingId} className="flex flex-wrap items-center gap-x-2 gap-y-1 text-base leading-7 font-semibold">
            <span>{booking.guestName}</span>
            <span className="font-normal text-slate-700 tabular-nums">
              · {booking.partySize} {booking.partySize === 1 ? "guest" : "guests"}
            </span>
            <StatusChip status={booking.status} />
            <span className="font-mono text-xs font-normal text-slate-700">{booking.reference}</span>
          </h2>
          <p className="mt-1 border-l-4 border-amber-600 pl-2 text-sm text-slate-900">
            <span className="font-semibold">Why: </span>
            {item.reason.message}
          </p>
        </div>
      </div>

      <div className="mt-3 pl-[4.5rem]">
        {item.suggestions.length === 0 ? (
          <p className="text-sm text-slate-800">
            <span className="font-semibold">No table fits at {formatTime(booking.startsAt, timezone)} now.</span>{" "}
            {item.nextTimes.length > 0 ? (
              <>
                It would fit at{" "}
                <span className="font-semibold tabular-nums">
                  {item.nextTimes.map((t) => formatTime(t, timezone)).join(", ")}
                </span>
                : offer one of those, or cancel with a reason.
              </>
            ) : (
              "No other time that day fits either: offer another day, or cancel with a reason."
            )}
          </p>
        ) : (
          <>
            <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-700 uppercase">Tables that fit now</h3>
            <ul className="flex flex-wrap gap-3" aria-label={`Suggestions for ${booking.guestName}`}>
              {item.suggestions.map((plan, index) => {
                const names = plan.tables.map((t) => t.name).join(" + ");
                return (
                  <li
                    key={plan.tableIds.join(",")}
                    className="flex w-56 flex-col gap-2 rounded border border-slate-300 bg-slate-50 p-2"
                  >
                    {tables ? (
                      <MiniFloorPlan tables={tables} highlight={plan.tableIds} className="h-20 w-full" />
                    ) : (
                      <div className="h-20 w-full animate-pulse rounded bg-slate-200" aria-hidden="true" />
                    )}
                    <div className="min-w-0 text-sm">
                      <p className="font-semibold">
                        {index === 0 && <span className="sr-only">Best: </span>}
                        {names}
                      </p>
                      <p className="text-xs text-slate-700 tabular-nums">
                        {plan.seats} seats
                        {plan.spareSeats > 0 ? ` · ${plan.spareSeats} spare` : ""}
                        {plan.zone ? ` · ${plan.zone.name}` : ""}
                      </p>
                    </div>
                    {canAccept ? (
                      <button
                        type="button"
                        disabled={accepting}
                        onClick={() => onAccept(plan)}
                        aria-label={`Accept ${names} for ${booking.guestName}`}
                        className="mt-auto w-full rounded bg-blue-700 px-3 py-1 text-sm font-semibold text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-800 disabled:opacity-60"
                      >
                        {accepting ? "Placing…" : "Accept"}
                      </button>
                    ) : (
                      <p className="mt-auto text-xs text-slate-700">A manager accepts this plan.</p>
                    )}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-2 pl-[4.5rem]">
        <OfferOtherTimes
          guestName={booking.guestName}
          partySize={booking.partySize}
          startsAt={booking.startsAt}
          nextTimes={item.nextTimes}
          hasSuggestions={item.suggestions.length > 0}
          timezone={timezone}
        />
        <button
          type="button"
          className={BUTTON}
          onClick={() => setCancelOpen(true)}
          aria-label={`Cancel with reason: ${booking.guestName}`}
        >
          Cancel with reason
        </button>
        <button
          type="button"
          className={BUTTON}
          onClick={() => openBooking(booking.id)}
          aria-label={`Open booking of ${booking.guestName}`}
        >
          Open booking
        </button>
      </div>
      <CancelBookingDialog
        restaurantId={restaurant.restaurantId}
        booking={{ id: booking.id, version: booking.version, guestName: booking.guestName }}
        open={cancelOpen}
        onOpenChange={setCancelOpen}
      />
    </li>
  );
}

function QueueSkeleton() {
  return (
    <div className="flex flex-col gap-3">
      <p className="sr-only" role="status">
        Loading the review queue…
      </p>
      {[0, 1, 2].map((i) => (
        <div
          key={i}
          aria-hidden="true"
          className="h-36 animate-pulse rounded-lg border border-slate-200 bg-slate-100"
        />
      ))}
    </div>
  );
}
