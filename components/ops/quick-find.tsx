"use client";

import { useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, useId, useState } from "react";
import { ZStaffBookingPageSchema } from "@/server/booking/list-staff-bookings-schema";
import { apiFetch } from "../ui/api-fetch";
import { StatusChip } from "../ui/booking-status";
import { formatTime } from "../ui/time";
import { useDebounced } from "../ui/use-debounced";
import { opsKeys } from "./queries";
import { useOpsLocation } from "./use-ops-location";

/** How many matches the list shows: a host types a surname, not a report. */
const MATCHES = 8;

/**
 * "Find booking" in the top bar, on every view (`/` focuses it): a surname, phone, email or reference among the
 * top bar's day; arrows pick, Enter (or a click) opens the booking's drawer beside the current view. A combobox with
 * a listbox of matches (ARIA 1.2 pattern), so a screen reader hears each one.
 */
export function QuickFind() {
  const { restaurant, date, openBooking } = useOpsLocation();
  const { restaurantId, timezone } = restaurant;
  const id = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const params = { restaurantId, date, q, limit: String(MATCHES) };
  const matches = useQuery({
    queryKey: opsKeys.bookings(restaurantId, { ...params, quickFind: "1" }),
    queryFn: ({ signal }) =>
      apiFetch(`/api/ops/bookings?${new URLSearchParams(params)}`, ZStaffBookingPageSchema, { signal }),
    enabled: q.length >= 2,
    staleTime: 5_000,
  });
  const items = q.length >= 2 ? (matches.data?.items ?? []) : [];
  const shown = open && text.trim().length >= 2;
  const choose = (bookingId: string) => {
    openBooking(bookingId);
    setOpen(false);
    setText("");
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((a) => (items.length === 0 ? 0 : (a + step + items.length) % items.length));
    } else if (event.key === "Enter") {
      const item = items[active];
      if (shown && item) {
        event.preventDefault();
        choose(item.id);
      }
    } else if (event.key === "Escape" && (open || text)) {
      // Closes the list first; the drawer's Esc is for the drawer.
      event.stopPropagation();
      if (open) setOpen(false);
      else setText("");
    }
  };
  const status = !shown
    ? ""
    : matches.isFetching && items.length === 0
      ? "Searching…"
      : matches.isError
        ? "The search failed; try again."
        : items.length === 0
          ? `No booking on this day matches “${text.trim()}”.`
          : "";
  return (
    <div className="relative">
      <label htmlFor={`${id}-input`} className="sr-only">
        Find a booking on this day
      </label>
      <input
        id={`${id}-input`}
        data-quick-find
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder="Find booking  /"
        aria-expanded={shown && items.length > 0}
        aria-controls={shown && items.length > 0 ? `${id}-list` : undefined}
        aria-autocomplete="list"
        aria-activedescendant={shown && items[active] ? `${id}-option-${items[active].id}` : undefined}
        aria-describedby={`${id}-status`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        className="w-44 rounded border border-slate-400 bg-white px-2 py-1 text-sm placeholder:text-slate-600 xl:w-56"
      />
      <p id={`${id}-status`} className="sr-only" aria-live="polite">
        {status || (shown ? `${items.length} ${items.length === 1 ? "booking matches" : "bookings match"}` : "")}
      </p>
      {shown && (status || items.length > 0) && (
        <div className="absolute top-full right-0 z-50 mt-1 w-96 rounded-md border border-slate-300 bg-white shadow-lg">
          {status ? (
            <p className="px-3 py-2 text-sm text-slate-700">{status}</p>
          ) : (
            <div
              id={`${id}-list`}
              role="listbox"
              aria-label="Matching bookings"
              className="max-h-80 overflow-y-auto py-1"
            >
              {items.map((item, i) => (
                // The input keeps focus and owns the keyboard (aria-activedescendant names the option).
                <div
                  key={item.id}
                  id={`${id}-option-${item.id}`}
                  role="option"
                  tabIndex={-1}
                  aria-selected={i === active}
                  // mousedown, not click: the input's blur would close the list before a click lands.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(item.id);
                  }}
                  onMouseEnter={() => setActive(i)}
                  className={`flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm ${
                    i === active ? "bg-blue-50 outline-2 -outline-offset-2 outline-blue-700" : ""
                  }`}
                >
                  <span className="w-11 shrink-0 font-semibold tabular-nums">
                    {formatTime(item.startsAt, timezone)}
                  </span>
                  <span className="min-w-0 flex-1 truncate">
                    {item.guestName} · {item.partySize}
                    {item.tables.length > 0 && (
                      <span className="text-slate-700"> · {item.tables.map((t) => t.name).join("+")}</span>
                    )}
                  </span>
                  <StatusChip status={item.status} />
                </div>
              ))}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
