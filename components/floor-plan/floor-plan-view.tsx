"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { TOpsAvailabilityResponse } from "@/server/availability/ops-availability-schema";
import { floorToSlot, serviceRange } from "../heatmap/service-slots";
import { availabilityQuery } from "../ops/queries";
import { useOpsLocation } from "../ops/use-ops-location";
import { LoadError } from "../ui/load-error";
import { formatServiceDate } from "../ui/time";
import { useNow } from "../ui/use-clock";
import { CombinePanel, placeableBookings } from "./combine-panel";
import { FloorCanvas } from "./floor-canvas";
import { TABLE_STATE_LOOK, type TTableStateKind, tableStateAt } from "./table-state";
import { TimeControls } from "./time-controls";

/**
 * Floor plan: the room at the slider's time — which tables are free, held, seated, booked, reserved soon or out of
 * service — and combine mode to build a manual combination for a booking, checked by the server as you click.
 */
export function FloorPlanView() {
  const location = useOpsLocation();
  const { restaurant, date, service } = location;
  const day = useQuery(availabilityQuery(restaurant.restaurantId, date));

  return (
    <div className="p-4">
      <div className="mb-2 flex flex-wrap items-baseline gap-x-3">
        <h1 className="text-xl font-semibold">Floor plan</h1>
        <p className="text-sm text-slate-700">
          {formatServiceDate(date)}
          {service !== "all" ? ` · ${service}` : ""}
        </p>
      </div>
      {day.isPending ? (
        <FloorSkeleton />
      ) : day.isError ? (
        <LoadError what="The floor plan" error={day.error} onRetry={() => day.refetch()} />
      ) : day.data.timeline.length === 0 ? (
        <p className="rounded border border-dashed border-slate-400 p-6 text-sm text-slate-800">
          No tables yet: add zones and tables in Setup, then they appear here at their places.
        </p>
      ) : !day.data.window ? (
        <p className="rounded border border-dashed border-slate-400 p-6 text-sm text-slate-800">
          Closed on this day: no service hours and no bookings. Pick another date above.
        </p>
      ) : (
        <FloorBody key={`${date}|${service}`} day={day.data} />
      )}
    </div>
  );
}

function FloorBody({ day }: { day: TOpsAvailabilityResponse }) {
  const location = useOpsLocation();
  const range = serviceRange(day, location.service) ?? { start: 0, end: 0, period: null };
  const [at, setAt] = useState(() => {
    const now = floorToSlot(Date.now());
    return now >= range.start && now < range.end ? now : range.start;
  });
  const [playing, setPlaying] = useState(false);
  const [combine, setCombine] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const bookings = useMemo(() => placeableBookings(day, location.bookingId), [day, location.bookingId]);
  const [chosen, setChosen] = useState<string>("");
  const bookingId = bookings.some((b) => b.bookingId === chosen)
    ? chosen
    : location.bookingId && bookings.some((b) => b.bookingId === location.bookingId)
      ? location.bookingId
      : "";

  // The clock, for parties over their time (checked once a minute).
  const now = useNow(30_000);
  const states = useMemo(
    () => new Map(day.timeline.map((t) => [t.id, tableStateAt(t, at, now)])),
    [day.timeline, at, now],
  );
  const counts = useMemo(() => {
    const c = new Map<TTableStateKind, number>();
    for (const s of states.values()) c.set(s.kind, (c.get(s.kind) ?? 0) + 1);
    return c;
  }, [states]);

  const toggle = (tableId: string) =>
    setSelected((s) => (s.includes(tableId) ? s.filter((id) => id !== tableId) : [...s, tableId]));

  const onTable = (tableId: string) => {
    if (combine) return toggle(tableId);
    const state = states.get(tableId);
    if (state?.segment?.bookingId) return location.openBooking(state.segment.bookingId);
    // A free table: start a combination with it (a walk-in or a tray booking to place).
    setCombine(true);
    setSelected([tableId]);
  };

  return (
    <>
      <div className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-2">
        <TimeControls
          range={range}
          at={at}
          onChange={setAt}
          playing={playing}
          onPlayingChange={setPlaying}
          timezone={day.timezone}
        />
        <button
          type="button"
          aria-pressed={combine}
          onClick={() => {
            setCombine(!combine);
            if (combine) setSelected([]);
          }}
          className={`rounded border px-3 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 ${
            combine
              ? "border-amber-800 bg-amber-100 text-amber-950 hover:bg-amber-200"
              : "border-slate-500 bg-white text-slate-900 hover:bg-slate-100"
          }`}
        >
          <span aria-hidden="true">{combine ? "☑ " : "☐ "}</span>
          Combine tables
        </button>
      </div>
      <Legend counts={counts} />
      <div className={combine ? "grid gap-3 xl:grid-cols-[minmax(0,1fr)_20rem]" : ""}>
        {combine && (
          <div className="xl:order-last">
            <CombinePanel
              day={day}
              restaurantId={location.restaurant.restaurantId}
              selected={selected}
              bookings={bookings}
              bookingId={bookingId}
              onBookingChange={(id) => {
                setChosen(id);
                // Show the floor when the booking arrives: that is the time its tables must be free.
                const starts = bookings.find((b) => b.bookingId === id)?.startsAt;
                const slot = starts ? floorToSlot(Date.parse(starts)) : Number.NaN;
                if (slot >= range.start && slot < range.end) {
                  setPlaying(false);
                  setAt(slot);
                }
              }}
              onClear={() => setSelected([])}
              onAssigned={() => {
                setSelected([]);
                setChosen("");
              }}
            />
          </div>
        )}
        <FloorCanvas day={day} states={states} combine={combine} selected={new Set(selected)} onTable={onTable} />
      </div>
    </>
  );
}

const LEGEND_ORDER: TTableStateKind[] = ["free", "soon", "booked", "seated", "over_time", "held", "out_of_service"];

function Legend({ counts }: { counts: Map<TTableStateKind, number> }) {
  return (
    <ul className="mb-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-800" aria-label="Table states">
      {LEGEND_ORDER.map((kind) => {
        const look = TABLE_STATE_LOOK[kind];
        return (
          <li key={kind} className="flex items-center gap-1">
            <span
              className={`inline-flex size-5 items-center justify-center rounded text-[11px] ${look.className}`}
              aria-hidden="true"
            >
              {look.icon}
            </span>
            {look.label}
            <span className="tabular-nums text-slate-700">({counts.get(kind) ?? 0})</span>
          </li>
        );
      })}
    </ul>
  );
}

function FloorSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the floor plan" className="space-y-2">
      <div className="h-8 w-full max-w-2xl animate-pulse rounded bg-slate-200" />
      <div className="grid grid-cols-6 gap-3">
        {Array.from({ length: 18 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
          <div key={i} className="h-14 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
