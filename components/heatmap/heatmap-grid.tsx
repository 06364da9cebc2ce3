"use client";

import * as Popover from "@radix-ui/react-popover";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { THeatmapCell, TOpsAvailabilityResponse } from "@/server/availability/ops-availability-schema";
import { useOpsLocation } from "../ops/use-ops-location";
import { StatusChip } from "../ui/booking-status";
import { formatTime } from "../ui/time";
import { bookingsInSlot, heatmapRows, percent, shareStep, surname, type THeatmapRow } from "./heatmap-model";
import { floorToSlot, isInService, SLOT_MS } from "./service-slots";

const COL = "w-11 min-w-11 max-w-11";

/**
 * Zones and Total × 15-minute slots. A cell's colour is the share of seats in use (its number printed too, so colour
 * never carries it alone); the thin row under each zone is covers starting, and under Total covers starting against
 * the pacing cap (▲ when over). A cell is a button: its popover lists the bookings on the zone's tables in that slot.
 */
export function HeatmapGrid({ day }: { day: TOpsAvailabilityResponse }) {
  const location = useOpsLocation();
  const rows = useMemo(() => heatmapRows(day, location.service), [day, location.service]);
  const slots = rows.at(-1)?.cells ?? [];
  const scroller = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<string | null>(null);
  const tz = day.timezone;

  // Open scrolled so that now (when it is in the grid) sits a third from the left, as on the timeline.
  const nowSlot = floorToSlot(Date.now());
  const nowIndex = slots.findIndex((c) => Date.parse(c.slotStart) === nowSlot);
  useEffect(() => {
    const el = scroller.current;
    if (!el || nowIndex < 0) return;
    el.scrollLeft = Math.max(0, nowIndex * 44 - (el.clientWidth - 160) / 3);
  }, [nowIndex]);

  return (
    <section
      ref={scroller}
      className="overflow-x-auto rounded border border-slate-300"
      aria-label="Seats in use by zone and time"
    >
      <table className="border-separate border-spacing-0 text-[13px] tabular-nums">
        <caption className="sr-only">
          Share of seats in use per zone and 15-minute slot, with covers starting per slot
        </caption>
        <thead>
          <tr>
            <th
              scope="col"
              className="sticky left-0 z-20 w-40 min-w-40 border-b border-r border-slate-300 bg-white p-0 px-2 py-1 text-left text-xs font-semibold text-slate-800"
            >
              Zone · % seats in use
            </th>
            {slots.map((c, i) => {
              const hour = c.time.endsWith(":00");
              const closed = !isInService(day, Date.parse(c.slotStart));
              return (
                <th
                  key={c.slotStart}
                  scope="col"
                  className={`${COL} border-b border-slate-300 p-0 py-1 text-center font-normal ${
                    hour ? "border-l border-l-slate-400 font-semibold text-slate-900" : "text-xs text-slate-700"
                  } ${closed ? "bg-slate-100" : "bg-white"} ${i === nowIndex ? "outline-2 -outline-offset-2 outline-amber-700" : ""}`}
                >
                  {hour ? (
                    c.time
                  ) : (
                    <>
                      <span aria-hidden="true">:{c.time.slice(3)}</span>
                      <span className="sr-only">{c.time}</span>
                    </>
                  )}
                  {i === nowIndex && <span className="sr-only"> (now)</span>}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <HeatmapRows
              key={row.key}
              row={row}
              day={day}
              open={open}
              setOpen={setOpen}
              onOpenBooking={(id) => {
                setOpen(null);
                location.openBooking(id);
              }}
            />
          ))}
        </tbody>
      </table>
      {slots.length === 0 && <p className="p-4 text-sm text-slate-700">No 15-minute slots in this service.</p>}
      {slots.length > 0 && <span className="sr-only">Times in {tz}</span>}
    </section>
  );
}

function HeatmapRows({
  row,
  day,
  open,
  setOpen,
  onOpenBooking,
}: {
  row: THeatmapRow;
  day: TOpsAvailabilityResponse;
  open: string | null;
  setOpen: (key: string | null) => void;
  onOpenBooking: (bookingId: string) => void;
}) {
  const total = row.zoneId === null;
  const seats = Math.max(0, ...row.cells.map((c) => c.seats));
  return (
    <>
      <tr>
        <th
          scope="row"
          className={`sticky left-0 z-10 border-r border-slate-300 bg-white p-0 px-2 pt-1 text-left align-middle text-sm ${
            total ? "border-t-2 border-t-slate-500 font-bold" : "border-t border-t-slate-200 font-semibold"
          }`}
        >
          <span className="block truncate">{row.name}</span>
          <span className="block text-xs font-normal text-slate-700">{seats} seats</span>
        </th>
        {row.cells.map((cell) => {
          const key = `${row.key}|${cell.slotStart}`;
          return (
            <td
              key={cell.slotStart}
              className={`${COL} p-0 ${total ? "border-t-2 border-t-slate-500" : "border-t border-t-white"} ${
                cell.time.endsWith(":00") ? "border-l border-l-slate-400" : "border-l border-l-white"
              }`}
            >
              <SlotCell
                row={row}
                cell={cell}
                day={day}
                open={open === key}
                onOpenChange={(o) => setOpen(o ? key : null)}
                onOpenBooking={onOpenBooking}
              />
            </td>
          );
        })}
      </tr>
      <tr>
        <th
          scope="row"
          className="sticky left-0 z-10 border-r border-slate-300 bg-white p-0 px-2 pb-1 text-left text-xs font-normal text-slate-700"
        >
          {total ? "covers starting / cap" : "covers starting"}
        </th>
        {row.cells.map((cell) => (
          <CoversCell key={cell.slotStart} cell={cell} total={total} />
        ))}
      </tr>
    </>
  );
}

function cellName(row: THeatmapRow, cell: THeatmapCell): string {
  const covers = `${cell.coversStarting} covers starting${
    cell.pacingCap !== undefined ? ` of a pacing cap of ${cell.pacingCap}` : ""
  }`;
  if (cell.seats === 0) return `${row.name}, ${cell.time}: no active seats, ${covers}`;
  return `${row.name}, ${cell.time}: ${percent(cell.share)}% of seats in use (${cell.seatsInUse} of ${cell.seats}), ${covers}`;
}

function SlotCell({
  row,
  cell,
  day,
  open,
  onOpenChange,
  onOpenBooking,
}: {
  row: THeatmapRow;
  cell: THeatmapCell;
  day: TOpsAvailabilityResponse;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onOpenBooking: (bookingId: string) => void;
}) {
  const step = shareStep(cell.share);
  const name = cellName(row, cell);
  const headingId = useId();
  const openingBooking = useRef(false);
  return (
    <Popover.Root open={open} onOpenChange={onOpenChange}>
      <Popover.Trigger
        className={`block h-8 w-full rounded-none border-0 p-0 text-center text-[13px] font-medium tabular-nums hover:ring-2 hover:ring-inset hover:ring-slate-900 focus-visible:outline-3 focus-visible:-outline-offset-3 focus-visible:outline-amber-500 ${step.className}`}
        aria-label={name}
        title={name}
      >
        {cell.seats === 0 ? "–" : percent(cell.share)}
      </Popover.Trigger>
      {open && (
        <Popover.Portal>
          <Popover.Content
            aria-labelledby={headingId}
            onCloseAutoFocus={(e) => {
              // A booking opened from the list: focus belongs to the drawer now, not back on the cell.
              if (openingBooking.current) e.preventDefault();
              openingBooking.current = false;
            }}
            side="bottom"
            align="center"
            sideOffset={4}
            collisionPadding={8}
            className="z-50 w-80 rounded-md border border-slate-300 bg-white p-3 text-sm text-slate-900 shadow-lg focus-visible:outline-2 focus-visible:outline-blue-700"
          >
            <SlotBookings
              headingId={headingId}
              row={row}
              cell={cell}
              day={day}
              onOpenBooking={(id) => {
                openingBooking.current = true;
                onOpenBooking(id);
              }}
            />
            <Popover.Arrow className="fill-white" />
          </Popover.Content>
        </Popover.Portal>
      )}
    </Popover.Root>
  );
}

function SlotBookings({
  headingId,
  row,
  cell,
  day,
  onOpenBooking,
}: {
  headingId: string;
  row: THeatmapRow;
  cell: THeatmapCell;
  day: TOpsAvailabilityResponse;
  onOpenBooking: (bookingId: string) => void;
}) {
  const tz = day.timezone;
  const bookings = bookingsInSlot(day, cell.slotStart, row.zoneId);
  const end = formatTime(Date.parse(cell.slotStart) + SLOT_MS, tz);
  return (
    <div>
      <p id={headingId} className="font-semibold">
        {row.name} ·{" "}
        <span className="tabular-nums">
          {cell.time}–{end}
        </span>
      </p>
      <p className="mb-2 text-xs text-slate-700 tabular-nums">
        {cell.seats > 0
          ? `${percent(cell.share)}% of seats in use (${cell.seatsInUse} of ${cell.seats})`
          : "No active seats"}{" "}
        · {cell.coversStarting} covers starting
        {cell.pacingCap !== undefined ? ` (cap ${cell.pacingCap})` : ""}
      </p>
      {bookings.length === 0 ? (
        <p className="text-slate-700">No bookings on tables in this slot.</p>
      ) : (
        <ul className="max-h-72 space-y-1 overflow-y-auto" aria-label={`Bookings at ${cell.time}`}>
          {bookings.map((b) => (
            <li key={b.bookingId}>
              <button
                type="button"
                onClick={() => onOpenBooking(b.bookingId)}
                className="flex w-full items-center gap-2 rounded border border-slate-200 px-2 py-1 text-left text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700"
              >
                <span className="w-[5.5rem] shrink-0 text-xs text-slate-700 tabular-nums">
                  {formatTime(b.start, tz)}–{formatTime(b.end, tz)}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">
                    {surname(b.guestName)} · {b.partySize}
                    {b.starting && <span className="ml-1 text-xs font-normal text-slate-700">(arrives)</span>}
                  </span>
                  <span className="block truncate text-xs text-slate-700">{b.tables.join(" + ")}</span>
                </span>
                <StatusChip status={b.status} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CoversCell({ cell, total }: { cell: THeatmapCell; total: boolean }) {
  const over = cell.pacingCap !== undefined && cell.coversStarting > cell.pacingCap;
  const base = `${COL} p-0 pb-1 text-center text-[11px] leading-4 tabular-nums ${
    cell.time.endsWith(":00") ? "border-l border-l-slate-400" : ""
  }`;
  if (!total) {
    return <td className={`${base} text-slate-800`}>{cell.coversStarting > 0 ? cell.coversStarting : ""}</td>;
  }
  return (
    <td className={`${base} ${over ? "font-bold text-red-800" : "text-slate-800"}`}>
      {over && (
        <>
          <span aria-hidden="true">▲</span>
          <span className="sr-only">over the pacing cap: </span>
        </>
      )}
      {cell.coversStarting}
      {cell.pacingCap !== undefined && <span className={over ? "" : "text-slate-600"}>/{cell.pacingCap}</span>}
    </td>
  );
}
