"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { type TGuestSummary, ZMergeGuestsResponseSchema } from "@/server/guests/guest-schema";
import { BUTTON, BUTTON_PRIMARY, CHECKBOX, FIELD } from "../booking/styles";
import { opsHref } from "../ops/ops-location";
import { useOpsLocation } from "../ops/use-ops-location";
import { ApiProblem, apiFetch } from "../ui/api-fetch";
import { formatDay, formatTime } from "../ui/time";
import { GuestPanel } from "./guest-panel";
import { GuestTagChips } from "./guest-tags";
import { guestListQuery, guestsBase } from "./queries";

/**
 * /ops/guests: the restaurant's guests (one record per email / phone, built from bookings) — search, a table with
 * visits, no-shows, cancellations, last visit, next booking and tags; open one to edit notes and tags and see their
 * bookings; managers select two or more to merge, and export or erase one.
 */
export function GuestsView() {
  const location = useOpsLocation();
  const { restaurant } = location;
  const { restaurantId, timezone } = restaurant;
  const canManage = restaurant.role !== "host";
  const search = useSearchParams();
  const pathname = usePathname();
  const openGuestId = search.get("guest");
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const searchId = useId();
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const id = setTimeout(() => {
      setQ(typed.trim());
      setPage(1);
    }, 250);
    return () => clearTimeout(id);
  }, [typed]);
  const list = useQuery(guestListQuery(restaurantId, q, page));
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;

  const openGuest = useCallback(
    (guestId: string | null) => {
      const base = opsHref(pathname, location, {});
      window.history.replaceState(null, "", guestId ? `${base}&guest=${guestId}` : base);
    },
    [location, pathname],
  );

  return (
    <div className="flex h-full min-h-0">
      <div className="min-w-0 flex-1 overflow-y-auto p-4">
        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <h1 className="text-xl font-semibold">Guests</h1>
          <p className="text-sm text-slate-700">
            One record per email or phone, built from bookings
            {list.data && (
              <>
                {" · "}
                <span className="tabular-nums">{list.data.total}</span> {q ? "found" : "guests"}
              </>
            )}
          </p>
        </div>
        <div className="mt-3 flex flex-wrap items-end gap-3">
          <div className="min-w-64 flex-1">
            <label htmlFor={searchId} className="block text-sm font-medium">
              Search guests
            </label>
            <input
              id={searchId}
              ref={searchRef}
              // `/` (the ops shell) focuses this search instead of the top bar's Find booking.
              data-view-search
              type="search"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              placeholder="Name, email or phone (press / to search)"
              className={`${FIELD} mt-1 w-full max-w-xl py-1.5 text-base`}
            />
          </div>
        </div>
        {canManage && selected.length > 0 && (
          <MergeBar
            restaurantId={restaurantId}
            guests={selected.map((id) => items.find((g) => g.id === id) ?? { id, name: "A guest on another page" })}
            onClear={() => setSelected([])}
            onMerged={(targetId) => {
              setSelected([]);
              openGuest(targetId);
            }}
          />
        )}
        {list.isPending ? (
          <div className="mt-4 space-y-2" aria-busy="true">
            <span className="sr-only">Loading guests</span>
            {[0, 1, 2, 3, 4].map((i) => (
              <div key={i} className="h-9 animate-pulse rounded bg-slate-100" />
            ))}
          </div>
        ) : list.isError ? (
          <div role="alert" className="mt-4 rounded border border-red-300 bg-red-50 p-4 text-sm text-red-900">
            <p className="font-semibold">The guests could not be loaded.</p>
            <p className="mt-1">
              {list.error instanceof ApiProblem ? list.error.hint : "Check the connection and try again."}
            </p>
            <button type="button" className={`${BUTTON} mt-2`} onClick={() => void list.refetch()}>
              Retry
            </button>
          </div>
        ) : items.length === 0 ? (
          <p className="mt-6 rounded border border-slate-300 bg-slate-50 px-4 py-6 text-center text-sm text-slate-800">
            {q
              ? `No guest matches “${q}”. Try part of the name, the email, or the last digits of the phone.`
              : "No guests yet: a guest record appears with the first booking that has an email or phone."}
          </p>
        ) : (
          <GuestTable
            items={items}
            timezone={timezone}
            canSelect={canManage}
            selected={selected}
            openGuestId={openGuestId}
            onToggle={(id) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))}
            onOpen={openGuest}
          />
        )}
        {list.data && pages > 1 && (
          <nav aria-label="Guest pages" className="mt-3 flex items-center gap-3 text-sm">
            <button type="button" className={BUTTON} disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              Previous page
            </button>
            <span className="tabular-nums">
              Page {page} of {pages}
            </span>
            <button type="button" className={BUTTON} disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
              Next page
            </button>
          </nav>
        )}
      </div>
      {openGuestId && (
        <GuestPanel
          key={openGuestId}
          restaurantId={restaurantId}
          guestId={openGuestId}
          timezone={timezone}
          canManage={canManage}
          onClose={() => openGuest(null)}
          onOpenBooking={(bookingId) => location.openBooking(bookingId)}
        />
      )}
    </div>
  );
}

function GuestTable({
  items,
  timezone,
  canSelect,
  selected,
  openGuestId,
  onToggle,
  onOpen,
}: {
  items: TGuestSummary[];
  timezone: string;
  canSelect: boolean;
  selected: readonly string[];
  openGuestId: string | null;
  onToggle: (id: string) => void;
  onOpen: (id: string) => void;
}) {
  const th = "px-2 py-2 text-left text-xs font-semibold text-slate-700 uppercase";
  const num = "px-2 py-2 text-right tabular-nums";
  return (
    <table className="mt-4 w-full border-collapse text-sm">
      <caption className="sr-only">Guests, by name</caption>
      <thead className="border-b border-slate-300">
        <tr>
          {canSelect && (
            <th scope="col" className={`${th} w-8`}>
              <span className="sr-only">Select to merge</span>
            </th>
          )}
          <th scope="col" className={th}>
            Guest
          </th>
          <th scope="col" className={`${th} hidden xl:table-cell`}>
            Contact
          </th>
          <th scope="col" className={`${th} text-right`}>
            Visits
          </th>
          <th scope="col" className={`${th} text-right`}>
            No-shows
          </th>
          <th scope="col" className={`${th} hidden text-right xl:table-cell`}>
            Cancelled
          </th>
          <th scope="col" className={th}>
            Last visit
          </th>
          <th scope="col" className={`${th} hidden xl:table-cell`}>
            Next
          </th>
          <th scope="col" className={`${th} hidden xl:table-cell`}>
            Tags
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((g) => {
          const open = g.id === openGuestId;
          return (
            <tr key={g.id} className={`border-b border-slate-200 ${open ? "bg-blue-50" : "hover:bg-slate-50"}`}>
              {canSelect && (
                <td className="px-2 py-2">
                  <input
                    type="checkbox"
                    className={CHECKBOX}
                    aria-label={`Select ${g.name}`}
                    checked={selected.includes(g.id)}
                    onChange={() => onToggle(g.id)}
                  />
                </td>
              )}
              <td className="px-2 py-1">
                <button
                  type="button"
                  onClick={() => onOpen(g.id)}
                  aria-current={open ? "true" : undefined}
                  className="min-h-8 rounded border-0 bg-transparent p-0 text-left text-[15px] font-semibold text-blue-800 underline underline-offset-2 hover:text-blue-950 focus-visible:outline-2 focus-visible:outline-blue-700"
                >
                  {g.name}
                </button>
                <span className="block text-xs break-all text-slate-700 xl:hidden">{g.email ?? g.phone ?? ""}</span>
                {g.tags.length > 0 && (
                  <span className="mt-0.5 block xl:hidden">
                    <GuestTagChips tags={g.tags} size="xs" />
                  </span>
                )}
              </td>
              <td className="hidden px-2 py-2 text-slate-800 xl:table-cell">
                <span className="block break-all">{g.email}</span>
                <span className="block tabular-nums">{g.phone}</span>
              </td>
              <td className={num}>{g.visits}</td>
              <td className={`${num} ${g.noShows > 0 ? "font-semibold text-red-800" : ""}`}>{g.noShows}</td>
              <td className={`${num} hidden xl:table-cell`}>{g.cancellations}</td>
              <td className="px-2 py-2 whitespace-nowrap tabular-nums">
                {g.lastVisitAt ? formatDay(g.lastVisitAt, timezone) : "—"}
              </td>
              <td className="hidden px-2 py-2 whitespace-nowrap tabular-nums xl:table-cell">
                {g.upcoming
                  ? `${formatDay(g.upcoming.startsAt, timezone)} ${formatTime(g.upcoming.startsAt, timezone)}`
                  : "—"}
              </td>
              <td className="hidden px-2 py-2 xl:table-cell">
                <GuestTagChips tags={g.tags} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function MergeBar({
  restaurantId,
  guests,
  onClear,
  onMerged,
}: {
  restaurantId: string;
  guests: Array<{ id: string; name: string }>;
  onClear: () => void;
  onMerged: (targetId: string) => void;
}) {
  const queryClient = useQueryClient();
  const [keep, setKeep] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const target = guests.find((g) => g.id === keep)?.id ?? guests[0]?.id ?? "";
  const merge = useMutation({
    mutationFn: () =>
      apiFetch(`${guestsBase(restaurantId)}/merge`, ZMergeGuestsResponseSchema, {
        method: "POST",
        body: { targetGuestId: target, sourceGuestIds: guests.map((g) => g.id).filter((id) => id !== target) },
      }),
    onSuccess: (result) => {
      setProblem(null);
      toast.success(`Merged into ${result.guest.name}`, {
        description: `${result.movedBookings} booking${result.movedBookings === 1 ? "" : "s"} moved.`,
      });
      onMerged(result.guest.id);
    },
    onError: (error) =>
      setProblem(error instanceof ApiProblem ? error.hint : "The guests could not be merged; try again."),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["ops", restaurantId] }),
  });
  return (
    <section
      aria-label="Merge selected guests"
      className="mt-3 rounded border border-blue-300 bg-blue-50 px-3 py-2 text-sm"
    >
      {guests.length < 2 ? (
        <p>
          <span className="tabular-nums">1</span> selected: select one more duplicate to merge.{" "}
          <button type="button" className="underline" onClick={onClear}>
            Clear selection
          </button>
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            merge.mutate();
          }}
        >
          <fieldset>
            <legend className="font-semibold">
              Merge {guests.length} guests into one. Keep whose name and contact?
            </legend>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {guests.map((g) => (
                <label key={g.id} className="inline-flex min-h-8 items-center gap-1.5">
                  <input
                    type="radio"
                    name="merge-keep"
                    className={CHECKBOX}
                    checked={g.id === target}
                    onChange={() => setKeep(g.id)}
                  />
                  {g.name}
                </label>
              ))}
            </div>
          </fieldset>
          <p className="mt-1 text-xs text-slate-800">
            Bookings, tags and notes move to the kept record; the others' emails and phones keep finding it.
          </p>
          {problem && (
            <p role="alert" className="mt-1 text-sm text-red-900">
              {problem}
            </p>
          )}
          <div className="mt-2 flex gap-2">
            <button type="submit" className={BUTTON_PRIMARY} disabled={merge.isPending}>
              {merge.isPending ? "Merging…" : `Merge ${guests.length} guests`}
            </button>
            <button type="button" className={BUTTON} onClick={onClear}>
              Clear selection
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
