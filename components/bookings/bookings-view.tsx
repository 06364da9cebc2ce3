"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { TStaffBookingResponse } from "@/server/booking/staff-booking-schema";
import { AssignAllButton } from "../assign-all/assign-all-button";
import { useOpsLocation } from "../ops/use-ops-location";
import { ApiProblem } from "../ui/api-fetch";
import { StatusChip } from "../ui/booking-status";
import { formatDay, formatServiceDate, formatTime } from "../ui/time";
import { useDebounced } from "../ui/use-debounced";
import { WalkInButton } from "../walk-in/walk-in-button";
import { bookingsQuery, DEFAULT_GROUPS, STATUS_GROUPS } from "./bookings-query";

const ROW_HEIGHT = 36;
const COLUMNS =
  "grid grid-cols-[4.5rem_minmax(8rem,15rem)_3rem_8.5rem_minmax(4.5rem,8rem)_6rem_4rem_minmax(0,1fr)] gap-x-3 [&>td]:p-0 [&>th]:p-0";
const SOURCE_LABEL: Record<TStaffBookingResponse["source"], string> = {
  online: "Online",
  phone: "Phone",
  walk_in: "Walk-in",
  ops: "Staff",
};
const BUTTON =
  "rounded border border-slate-400 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-700";

/**
 * Bookings (UI-DESIGN, issue item 7): search (name, email, phone, reference; `/` focuses it) and status filters over
 * the top bar's day or every date, a virtualised table loaded page by page through the API's cursor, each row
 * opening the shared drawer. New booking (walk-in / phone) and Assign all in the header.
 */
export function BookingsView() {
  const { restaurant, date, bookingId, openBooking } = useOpsLocation();
  const { restaurantId, timezone } = restaurant;
  const [text, setText] = useState("");
  const [allDates, setAllDates] = useState(false);
  // The last day of a range starting at the top bar's date (null: that day alone); ignored when before it.
  const [until, setUntil] = useState<string | null>(null);
  const to = !allDates && until && until > date ? until : null;
  const [groups, setGroups] = useState<string[]>(DEFAULT_GROUPS);
  const q = useDebounced(text, 250);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const searchId = useId();

  const list = useInfiniteQuery(bookingsQuery(restaurantId, { date: allDates ? null : date, to, groups, q }));
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const more = list.hasNextPage;

  const virtualizer = useVirtualizer({
    count: rows.length + (more ? 1 : 0),
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastIndex = virtualRows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastIndex >= rows.length - 10 && more && !list.isFetchingNextPage && !list.isPlaceholderData)
      void list.fetchNextPage();
  }, [lastIndex, rows.length, more, list.isFetchingNextPage, list.isPlaceholderData, list.fetchNextPage]);

  const filtered = q.trim() !== "" || groups.length !== DEFAULT_GROUPS.length || allDates || to !== null;
  const clearFilters = () => {
    setText("");
    setGroups(DEFAULT_GROUPS);
    setAllDates(false);
    setUntil(null);
  };
  const toggleGroup = (id: string) =>
    setGroups((current) => (current.includes(id) ? current.filter((g) => g !== id) : [...current, id]));
  const covers = rows.filter((r) => r.status !== "cancelled").reduce((sum, r) => sum + r.partySize, 0);

  return (
    <div className="flex h-full min-h-0 flex-col p-4">
      <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-2">
        <h1 className="text-xl font-semibold">Bookings</h1>
        <p className="text-sm text-slate-700">
          {allDates
            ? "All dates"
            : to
              ? `${formatServiceDate(date)} to ${formatServiceDate(to)}`
              : formatServiceDate(date)}
        </p>
        <div className="ml-auto flex items-center gap-2">
          <AssignAllButton />
          <WalkInButton />
        </div>
      </div>

      <div className="mb-2 flex flex-wrap items-end gap-x-4 gap-y-2">
        <div className="flex flex-col">
          <span className="flex items-center gap-1.5">
            <label htmlFor={searchId} className="text-xs font-medium text-slate-700">
              Search bookings
            </label>
            <kbd
              title="Press / to search"
              className="rounded border border-slate-300 bg-slate-100 px-1 font-mono text-[11px]"
            >
              /
            </kbd>
          </span>
          <input
            id={searchId}
            ref={searchRef}
            // `/` (the ops shell) focuses this search instead of the top bar's Find booking.
            data-view-search
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape" && text) {
                e.stopPropagation();
                setText("");
              }
            }}
            placeholder="Name, email, phone or reference"
            aria-keyshortcuts="/"
            className="w-72 rounded border border-slate-400 px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-blue-700"
          />
        </div>
        <fieldset className="flex flex-wrap items-center gap-1.5">
          <legend className="mb-0.5 text-xs font-medium text-slate-700">Status</legend>
          {STATUS_GROUPS.map((g) => {
            const on = groups.includes(g.id);
            return (
              <label
                key={g.id}
                className={`flex cursor-pointer items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-700 ${
                  on ? "border-blue-700 bg-blue-50 text-blue-900" : "border-slate-300 bg-white text-slate-700"
                }`}
              >
                <input
                  type="checkbox"
                  checked={on}
                  onChange={() => toggleGroup(g.id)}
                  className="size-3.5 accent-blue-700"
                />
                {g.label}
              </label>
            );
          })}
        </fieldset>
        {!allDates && (
          <label className="flex items-center gap-1.5 pb-0.5 text-sm">
            Until
            <input
              type="date"
              min={date}
              value={to ?? ""}
              onChange={(e) => setUntil(e.target.value || null)}
              className="rounded border border-slate-400 px-1.5 py-0.5 text-sm tabular-nums"
            />
          </label>
        )}
        <label className="flex items-center gap-1.5 pb-0.5 text-sm">
          <input
            type="checkbox"
            checked={allDates}
            onChange={(e) => setAllDates(e.target.checked)}
            className="size-3.5 accent-blue-700"
          />
          All dates
        </label>
        {filtered && (
          <button type="button" className={`${BUTTON} py-0.5 text-xs`} onClick={clearFilters}>
            Clear filters
          </button>
        )}
      </div>

      <p className="mb-1 text-xs text-slate-700" aria-live="polite">
        {list.isSuccess && (
          <>
            <span className="tabular-nums">{rows.length}</span>
            {more ? "+" : ""} {rows.length === 1 ? "booking" : "bookings"} ·{" "}
            <span className="tabular-nums">{covers}</span>
            {more ? "+" : ""} covers
            {list.isFetching && !list.isFetchingNextPage ? " · updating…" : ""}
          </>
        )}
      </p>

      <div className="flex min-h-0 flex-1 flex-col rounded border border-slate-300">
        <div ref={listRef} className="min-h-0 flex-1 overflow-auto">
          <table
            aria-label="Bookings"
            aria-rowcount={list.isSuccess ? rows.length + 1 : -1}
            aria-busy={list.isPending || list.isFetchingNextPage || undefined}
            className="grid w-full text-sm"
          >
            <thead className="sticky top-0 z-10 grid border-b border-slate-300 bg-slate-100">
              <tr aria-rowindex={1} className={`${COLUMNS} px-3 py-1.5 text-left text-xs font-semibold text-slate-700`}>
                <th scope="col">Time</th>
                <th scope="col">Guest</th>
                <th scope="col" className="text-right">
                  Party
                </th>
                <th scope="col">Status</th>
                <th scope="col">Tables</th>
                <th scope="col">Reference</th>
                <th scope="col">Source</th>
                <th scope="col" className="max-xl:hidden">
                  Notes
                </th>
              </tr>
            </thead>
            {list.isSuccess && rows.length > 0 && (
              <tbody className="relative grid" style={{ height: virtualizer.getTotalSize() }}>
                {virtualRows.map((v) => {
                  const booking = rows[v.index];
                  const style = { height: ROW_HEIGHT, transform: `translateY(${v.start}px)` };
                  if (!booking) {
                    return (
                      <tr key="more" style={style} className="absolute top-0 left-0 flex w-full items-center px-3">
                        <td className="text-xs text-slate-700">Loading more…</td>
                      </tr>
                    );
                  }
                  return (
                    <BookingRow
                      key={booking.id}
                      booking={booking}
                      rowIndex={v.index + 2}
                      style={style}
                      timezone={timezone}
                      showDay={allDates || to !== null}
                      open={booking.id === bookingId}
                      onOpen={() => openBooking(booking.id)}
                    />
                  );
                })}
              </tbody>
            )}
          </table>
          {list.isPending && groups.length > 0 ? (
            <ListSkeleton />
          ) : list.isError ? (
            <div role="alert" className="p-4 text-sm text-red-900">
              <p className="font-semibold">The bookings could not be loaded.</p>
              <p className="mt-1">
                {list.error instanceof ApiProblem ? list.error.hint : "Check the connection and try again."}
              </p>
              <button type="button" className={`${BUTTON} mt-2`} onClick={() => list.refetch()}>
                Retry
              </button>
            </div>
          ) : rows.length === 0 ? (
            <div className="p-6 text-center text-sm text-slate-800">
              <p className="font-semibold">
                {groups.length === 0
                  ? "Choose at least one status to see bookings."
                  : q.trim()
                    ? `No booking matches “${q.trim()}”${allDates ? "" : " on this day"}.`
                    : "No bookings on this day yet."}
              </p>
              <p className="mt-1 text-slate-700">
                {filtered
                  ? "Search every date, or clear the filters."
                  : "Take a walk-in or a phone booking with New booking."}
              </p>
              {filtered && (
                <div className="mt-2 flex justify-center gap-2">
                  {!allDates && q.trim() && (
                    <button type="button" className={BUTTON} onClick={() => setAllDates(true)}>
                      Search all dates
                    </button>
                  )}
                  <button type="button" className={BUTTON} onClick={clearFilters}>
                    Clear filters
                  </button>
                </div>
              )}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function BookingRow({
  booking,
  rowIndex,
  style,
  timezone,
  showDay,
  open,
  onOpen,
}: {
  booking: TStaffBookingResponse;
  rowIndex: number;
  style: React.CSSProperties;
  timezone: string;
  showDay: boolean;
  open: boolean;
  onOpen: () => void;
}) {
  // A click anywhere on the row opens it; the guest cell's button is the keyboard path.
  return (
    <tr
      aria-rowindex={rowIndex}
      style={style}
      onClick={onOpen}
      className={`${COLUMNS} absolute top-0 left-0 w-full cursor-pointer items-center border-b border-slate-200 px-3 ${
        open ? "bg-blue-50" : "bg-white hover:bg-slate-50"
      }`}
    >
      <td className="tabular-nums">
        {showDay && <span className="mr-1 text-xs text-slate-700">{formatDay(booking.startsAt, timezone)}</span>}
        {formatTime(booking.startsAt, timezone)}
      </td>
      <td className="min-w-0">
        <button
          type="button"
          onClick={(e) => {
            e.stopPropagation();
            onOpen();
          }}
          className="max-w-full truncate rounded-sm border-0 bg-transparent p-0 text-left font-medium text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-700"
        >
          {booking.guestName}
          {booking.notes ? (
            <span className="ml-1 text-xs text-slate-700 xl:hidden" title={booking.notes}>
              <span aria-hidden="true">✎</span>
              <span className="sr-only"> (notes: {booking.notes})</span>
            </span>
          ) : null}
          {open && <span className="sr-only"> (open)</span>}
        </button>
      </td>
      <td className="text-right tabular-nums">{booking.partySize}</td>
      <td>
        <StatusChip status={booking.status} />
      </td>
      <td className="truncate">
        {booking.tables.length ? (
          booking.tables.map((t) => t.name).join(" + ")
        ) : (
          <span className="text-slate-600">
            <span aria-hidden="true">—</span>
            <span className="sr-only">none</span>
          </span>
        )}
      </td>
      <td className="font-mono text-xs">{booking.reference}</td>
      <td className="text-xs text-slate-700">{SOURCE_LABEL[booking.source]}</td>
      <td className="truncate text-xs text-slate-700 max-xl:hidden" title={booking.notes ?? undefined}>
        {booking.notes}
      </td>
    </tr>
  );
}

function ListSkeleton() {
  return (
    <div aria-hidden="true" className="flex flex-col">
      {Array.from({ length: 10 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders
        <div key={i} className={`${COLUMNS} items-center border-b border-slate-200 px-3 py-2.5`}>
          <span className="h-3 animate-pulse rounded bg-slate-200" />
          <span className="h-3 w-32 animate-pulse rounded bg-slate-200" />
          <span className="h-3 animate-pulse rounded bg-slate-200" />
          <span className="h-3 w-20 animate-pulse rounded bg-slate-200" />
          <span className="h-3 animate-pulse rounded bg-slate-200" />
          <span className="h-3 animate-pulse rounded bg-slate-200" />
          <span className="h-3 animate-pulse rounded bg-slate-200" />
          <span className="h-3 animate-pulse rounded bg-slate-200" />
        </div>
      ))}
    </div>
  );
}
