"use client";

import { useDraggable } from "@dnd-kit/core";
import { memo } from "react";
import type { TUnassignedBooking } from "@/server/availability/ops-availability-schema";
import { bookingMarkGlyphs, guestMarkWords } from "../guests/guest-tags";
import { STATUS_LOOK } from "../ui/booking-status";
import { formatTime } from "../ui/time";
import { StatusLegend } from "./status-legend";
import { surnameOf, trayReason } from "./timeline-layout";
import type { TMovable } from "./timeline-move-model";

const REASON_CLASS: Record<ReturnType<typeof trayReason>["tone"], string> = {
  review: "bg-status-review text-status-review-ink border-amber-700",
  held: "hold-hatch text-teal-950 border-status-hold border-dashed",
  waiting: "bg-status-pending text-status-pending-ink border-slate-400",
};

export function movableOfTray(booking: TUnassignedBooking): TMovable {
  return {
    bookingId: booking.bookingId,
    guestName: booking.guestName,
    partySize: booking.partySize,
    status: booking.status,
    reference: booking.reference,
    start: Date.parse(booking.startsAt),
    end: Date.parse(booking.endsAt),
    tableIds: [],
  };
}

const TrayItem = memo(function TrayItem({
  booking,
  timezone,
  dimmed,
  onOpen,
  onAssign,
}: {
  booking: TUnassignedBooking;
  timezone: string;
  dimmed: boolean;
  onOpen: (bookingId: string) => void;
  onAssign: (booking: TMovable, origin: HTMLElement) => void;
}) {
  const movable = movableOfTray(booking);
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `tray:${booking.bookingId}`,
    data: { movable },
  });
  const reason = trayReason(booking);
  const look = STATUS_LOOK[booking.status];
  const time = `${formatTime(booking.startsAt, timezone)}–${formatTime(booking.endsAt, timezone)}`;
  const guest = guestMarkWords(booking.guest);
  const mark = bookingMarkGlyphs(booking.guest, booking.note);
  const name = `${booking.guestName}, party of ${booking.partySize}, ${time}, ${reason.label}${
    booking.note ? `, booking note: ${booking.note}` : ""
  }${guest ? `, guest ${guest}` : ""}`;
  return (
    <li
      className={`flex shrink-0 items-stretch overflow-hidden rounded-md border border-slate-300 bg-white shadow-sm ${
        dimmed ? "opacity-40" : ""
      } ${isDragging ? "opacity-40" : ""}`}
    >
      <button
        ref={setNodeRef}
        type="button"
        {...attributes}
        {...listeners}
        aria-roledescription="unassigned booking, movable"
        aria-describedby="timeline-tray-help"
        data-booking-id={booking.bookingId}
        onClick={() => onOpen(booking.bookingId)}
        onKeyDown={(event) => {
          listeners?.onKeyDown?.(event);
          if (event.key === "m" || event.key === "M") {
            event.preventDefault();
            onAssign(movable, event.currentTarget);
          }
        }}
        className="flex cursor-grab items-center gap-2 rounded-none border-0 bg-white py-1.5 pr-2 pl-2 text-left text-[13px] hover:bg-slate-50 focus-visible:outline-3 focus-visible:-outline-offset-3 focus-visible:outline-slate-950 active:cursor-grabbing"
        style={{ touchAction: "none" }}
      >
        <span className="sr-only">{name}</span>
        <span aria-hidden="true" className="flex items-center gap-2">
          <span className="font-semibold text-slate-900 tabular-nums">{formatTime(booking.startsAt, timezone)}</span>
          <span className="font-semibold text-slate-900">
            <span aria-hidden="true">{look.icon} </span>
            {mark && (
              <span className="mr-1 rounded-sm bg-white px-0.5 text-[11px] font-bold ring-1 ring-slate-500">
                {mark}
              </span>
            )}
            {surnameOf(booking.guestName)} <span className="tabular-nums">· {booking.partySize}</span>
          </span>
          <span
            className={`rounded border px-1.5 text-[12px] font-semibold whitespace-nowrap ${REASON_CLASS[reason.tone]}`}
          >
            {reason.label}
          </span>
        </span>
      </button>
      <button
        type="button"
        onClick={(event) => onAssign(movable, event.currentTarget)}
        aria-label={`Assign ${booking.guestName} to tables…`}
        className="rounded-none border-0 border-l border-slate-300 bg-slate-50 px-2.5 py-0 text-[13px] font-semibold text-blue-800 hover:bg-blue-50 focus-visible:outline-3 focus-visible:-outline-offset-3 focus-visible:outline-slate-950"
      >
        Assign…
      </button>
    </li>
  );
});

/** The bookings of the day without tables, each draggable onto a table row or assigned with the keyboard. */
export function TimelineTray({
  bookings,
  timezone,
  open,
  onToggle,
  selectedSlot,
  onOpen,
  onAssign,
}: {
  bookings: TUnassignedBooking[];
  timezone: string;
  open: boolean;
  onToggle: () => void;
  selectedSlot: number | null;
  onOpen: (bookingId: string) => void;
  onAssign: (booking: TMovable, origin: HTMLElement) => void;
}) {
  const sorted = [...bookings].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  return (
    <section
      aria-labelledby="timeline-tray-heading"
      className="@container shrink-0 border-t border-slate-300 bg-slate-50"
    >
      <div className="flex items-center gap-3 px-3 py-1.5">
        <h2 id="timeline-tray-heading" className="m-0 text-sm font-bold text-slate-900">
          <button
            type="button"
            aria-expanded={open}
            aria-controls="timeline-tray-list"
            onClick={onToggle}
            className="flex items-center gap-1.5 rounded border-0 bg-transparent px-1 py-0.5 text-sm font-bold text-slate-900 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-slate-950"
          >
            <span aria-hidden="true">{open ? "▾" : "▸"}</span>
            Unassigned
            <span
              className={`rounded-full px-2 text-[12px] tabular-nums ${bookings.length ? "bg-status-review text-status-review-ink" : "bg-slate-200 text-slate-800"}`}
            >
              {bookings.length}
            </span>
          </button>
        </h2>
        <p
          id="timeline-tray-help"
          className="m-0 hidden text-[12px] whitespace-nowrap text-slate-700 @min-[72rem]:block"
        >
          Drag onto a table, or press <kbd className="font-semibold">m</kbd> / Assign… to pick tables with the keyboard.
        </p>
        <StatusLegend />
      </div>
      {open && (
        <div id="timeline-tray-list" className="px-3 pb-1.5">
          {sorted.length === 0 ? (
            <p className="m-0 text-[13px] text-slate-700">Every booking of the day has its tables.</p>
          ) : (
            <ul className="m-0 flex list-none gap-2 overflow-x-auto p-0 pb-1">
              {sorted.map((booking) => {
                const start = Date.parse(booking.startsAt);
                return (
                  <TrayItem
                    key={booking.bookingId}
                    booking={booking}
                    timezone={timezone}
                    dimmed={selectedSlot !== null && !(start >= selectedSlot && start < selectedSlot + 15 * 60_000)}
                    onOpen={onOpen}
                    onAssign={onAssign}
                  />
                );
              })}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
