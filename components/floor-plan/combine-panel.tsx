"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { toast } from "sonner";
import type { TOpsAvailabilityResponse } from "@/server/availability/ops-availability-schema";
import { assignTables, failingChecksOf, validateSelection } from "../booking/manual-assign";
import { surname } from "../heatmap/heatmap-model";
import { opsKeys } from "../ops/queries";
import { ApiProblem } from "../ui/api-fetch";
import { STATUS_LOOK } from "../ui/booking-status";
import { formatTime } from "../ui/time";

export type TPlaceable = {
  bookingId: string;
  label: string;
  guestName: string;
  partySize: number;
  startsAt: string | null;
};

/** The bookings a combination can be built for: the day's unassigned ones, and the one open in the drawer. */
export function placeableBookings(day: TOpsAvailabilityResponse, drawerBookingId: string | null): TPlaceable[] {
  const tz = day.timezone;
  const list: TPlaceable[] = day.unassigned
    .filter((b) => b.status !== "cancelled" && b.status !== "no_show" && b.status !== "completed")
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((b) => ({
      bookingId: b.bookingId,
      startsAt: b.startsAt,
      guestName: b.guestName,
      partySize: b.partySize,
      label: `${formatTime(b.startsAt, tz)} ${surname(b.guestName)} · ${b.partySize} — ${STATUS_LOOK[b.status].label}`,
    }));
  if (drawerBookingId && !list.some((b) => b.bookingId === drawerBookingId)) {
    const seg = day.timeline.flatMap((t) => t.segments).find((s) => s.bookingId === drawerBookingId);
    list.unshift({
      bookingId: drawerBookingId,
      startsAt: seg?.start ?? null,
      guestName: seg?.guestName ?? "Guest",
      partySize: seg?.partySize ?? 0,
      label: seg
        ? `${formatTime(seg.start, tz)} ${surname(seg.guestName ?? "Guest")} · ${seg.partySize} — open in the drawer`
        : "The booking open in the drawer",
    });
  }
  return list;
}

/**
 * Combine mode's side: the selected tables and their seats, the booking to place, the server's verdict on the
 * combination (every failing check with its hint, live as the selection changes), and Assign.
 */
export function CombinePanel({
  day,
  restaurantId,
  selected,
  bookings,
  bookingId,
  onBookingChange,
  onClear,
  onAssigned,
}: {
  day: TOpsAvailabilityResponse;
  restaurantId: string;
  selected: string[];
  bookings: TPlaceable[];
  bookingId: string;
  onBookingChange: (bookingId: string) => void;
  onClear: () => void;
  onAssigned: () => void;
}) {
  const queryClient = useQueryClient();
  const selectId = useId();
  const tables = selected
    .map((id) => day.timeline.find((t) => t.id === id))
    .filter((t): t is NonNullable<typeof t> => Boolean(t));
  const seats = tables.reduce((n, t) => n + t.capacity, 0);
  const booking = bookings.find((b) => b.bookingId === bookingId) ?? null;
  const tableIds = [...selected].sort();

  const verdict = useQuery({
    queryKey: [...opsKeys.restaurant(restaurantId), "floor-validate", bookingId, tableIds.join(",")],
    queryFn: () => validateSelection({ bookingId, tableIds }),
    enabled: Boolean(booking) && tableIds.length > 0,
    staleTime: 0,
    retry: false,
  });

  const assign = useMutation({
    mutationFn: () => assignTables({ bookingId, tableIds }),
    onSuccess: () => {
      toast.success(
        `${booking ? `${surname(booking.guestName)} · ${booking.partySize}` : "Booking"} now at ${tables.map((t) => t.name).join(" + ")}`,
      );
      onAssigned();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: opsKeys.restaurant(restaurantId) }),
  });
  const refused = assign.error ? failingChecksOf(assign.error) : [];
  const failing = verdict.data?.checks.filter((c) => !c.pass) ?? [];

  return (
    <section aria-labelledby={`${selectId}-h`} className="rounded border border-slate-300 bg-slate-50 p-3 text-sm">
      <h2 id={`${selectId}-h`} className="mb-1 text-base font-semibold">
        Combine tables
      </h2>
      <p className="mb-2 text-slate-700">
        Click tables to select them; dashed lines join tables that stand side by side.
      </p>

      <div className="mb-2 flex flex-wrap items-center gap-2" aria-live="polite">
        {tables.length === 0 ? (
          <span className="text-slate-700">No tables selected.</span>
        ) : (
          <>
            <span className="font-semibold tabular-nums">
              {tables.map((t) => t.name).join(" + ")} · {seats} seats
            </span>
            <button
              type="button"
              onClick={onClear}
              className="rounded border border-slate-500 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700"
            >
              Clear
            </button>
          </>
        )}
      </div>

      <label htmlFor={selectId} className="mb-1 block font-medium">
        Booking to place
      </label>
      <select
        id={selectId}
        value={bookingId}
        onChange={(e) => {
          assign.reset();
          onBookingChange(e.target.value);
        }}
        className="mb-2 w-full rounded border border-slate-500 bg-white px-2 py-1 text-sm"
      >
        <option value="">{bookings.length ? "Choose a booking…" : "No booking of this day waits for tables"}</option>
        {bookings.map((b) => (
          <option key={b.bookingId} value={b.bookingId}>
            {b.label}
          </option>
        ))}
      </select>

      {booking && tables.length > 0 && (
        <p className="mb-2 tabular-nums">
          {seats} seats for a party of {booking.partySize}
          {seats < booking.partySize ? ` — ${booking.partySize - seats} short` : ""}
        </p>
      )}

      <div aria-live="polite" className="mb-2">
        {!booking || tables.length === 0 ? null : verdict.isPending ? (
          <p className="text-slate-700">Checking the combination…</p>
        ) : verdict.isError ? (
          <p className="text-red-800">
            {verdict.error instanceof ApiProblem ? verdict.error.hint : "The check could not run; try again."}
          </p>
        ) : verdict.data.ok ? (
          <p className="font-semibold text-green-800">
            <span aria-hidden="true">✓ </span>All checks pass.
          </p>
        ) : (
          <ul className="space-y-1" aria-label="Why this combination does not work">
            {failing.map((c) => (
              <li key={c.name} className="rounded border-l-4 border-red-700 bg-white px-2 py-1">
                <span className="font-semibold text-red-800">
                  <span aria-hidden="true">✕ </span>
                  {c.message}
                </span>
                {c.hint && <span className="block text-slate-700">{c.hint}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>

      {assign.isError && (
        <div role="alert" className="mb-2 text-sm">
          <p className="font-semibold">Not assigned.</p>
          {refused.length > 0 ? (
            <ul>
              {refused.map((c) => (
                <li key={c.name}>
                  {c.message}
                  {c.hint ? ` — ${c.hint}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p>{assign.error instanceof ApiProblem ? assign.error.hint : "Try again."}</p>
          )}
        </div>
      )}

      <button
        type="button"
        disabled={!verdict.data?.ok || assign.isPending}
        onClick={() => assign.mutate()}
        className="rounded border border-blue-800 bg-blue-700 px-4 py-1.5 text-sm font-semibold text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:border-slate-400 disabled:bg-slate-300 disabled:text-slate-700"
      >
        {assign.isPending ? "Assigning…" : "Assign"}
      </button>
    </section>
  );
}
