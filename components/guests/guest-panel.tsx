"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { toast } from "sonner";
import { MAX_GUEST_NOTES_LENGTH, type TGuestDetail, ZGuestDetailSchema } from "@/server/guests/guest-schema";
import { BUTTON, BUTTON_PRIMARY, FIELD } from "../booking/styles";
import { ApiProblem, apiFetch } from "../ui/api-fetch";
import { StatusChip } from "../ui/booking-status";
import { formatDay, formatTime } from "../ui/time";
import { EraseGuestDialog } from "./erase-guest-dialog";
import { GuestTagEditor } from "./guest-tag-editor";
import { guestDetailQuery, guestsBase } from "./queries";

/**
 * One guest beside the list: contact and counts, notes and tags to edit (any member of staff), their bookings (each
 * opens the booking drawer), and for managers Export (JSON) and Erase.
 */
export function GuestPanel({
  restaurantId,
  guestId,
  timezone,
  canManage,
  onClose,
  onOpenBooking,
}: {
  restaurantId: string;
  guestId: string;
  timezone: string;
  canManage: boolean;
  onClose: () => void;
  onOpenBooking: (bookingId: string) => void;
}) {
  const query = useQuery(guestDetailQuery(restaurantId, guestId));
  const guest = query.data;
  return (
    <aside
      aria-label={guest ? `Guest ${guest.name}` : "Guest"}
      className="flex w-[400px] shrink-0 flex-col border-l border-slate-300 bg-white xl:w-[440px]"
    >
      <header className="flex items-start justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <div className="min-w-0">
          <h2 className="truncate text-lg font-semibold">{guest?.name ?? "Guest"}</h2>
          {guest && (
            <p className="text-sm text-slate-700">
              {[guest.email, guest.phone].filter(Boolean).join(" · ") || "No contact details"}
            </p>
          )}
        </div>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close guest"
          className="rounded px-2 py-0.5 text-xl leading-none text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700"
        >
          <span aria-hidden="true">×</span>
        </button>
      </header>
      {query.isPending ? (
        <p className="p-4 text-sm text-slate-700" aria-busy="true">
          Loading the guest…
        </p>
      ) : query.isError || !guest ? (
        <div role="alert" className="p-4 text-sm text-red-900">
          <p>{query.error instanceof ApiProblem ? query.error.hint : "The guest could not be loaded."}</p>
          <button type="button" className={`${BUTTON} mt-2`} onClick={() => void query.refetch()}>
            Retry
          </button>
        </div>
      ) : (
        <div className="min-h-0 flex-1 overflow-y-auto">
          <dl className="grid grid-cols-4 gap-2 border-b border-slate-200 px-4 py-3 text-center">
            <Count label="Visits" value={guest.visits} />
            <Count label="No-shows" value={guest.noShows} warn={guest.noShows > 0} />
            <Count label="Cancelled" value={guest.cancellations} />
            <div>
              <dt className="text-xs text-slate-700">Last visit</dt>
              <dd className="text-sm font-semibold tabular-nums">
                {guest.lastVisitAt ? formatDay(guest.lastVisitAt, timezone) : "—"}
              </dd>
            </div>
          </dl>
          <GuestEditForm key={guest.updatedAt} restaurantId={restaurantId} guest={guest} />
          <section aria-labelledby="guest-bookings" className="border-t border-slate-200 px-4 py-3">
            <h3 id="guest-bookings" className="text-sm font-semibold">
              Bookings ({guest.bookings.length})
            </h3>
            {guest.bookings.length === 0 ? (
              <p className="mt-1 text-sm text-slate-700">No bookings.</p>
            ) : (
              <ul className="mt-1 divide-y divide-slate-200">
                {guest.bookings.map((b) => (
                  <li key={b.id}>
                    <button
                      type="button"
                      onClick={() => onOpenBooking(b.id)}
                      className="flex w-full items-center gap-2 py-1.5 text-left text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-blue-700"
                      aria-label={`Open booking ${b.reference}, ${formatDay(b.startsAt, timezone)} ${formatTime(b.startsAt, timezone)}, party of ${b.partySize}`}
                    >
                      <span className="w-24 shrink-0 tabular-nums">{formatDay(b.startsAt, timezone)}</span>
                      <span className="w-12 shrink-0 tabular-nums">{formatTime(b.startsAt, timezone)}</span>
                      <span className="w-10 shrink-0 tabular-nums">· {b.partySize}</span>
                      <StatusChip status={b.status} />
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {canManage && (
            <section aria-labelledby="guest-privacy" className="border-t border-slate-200 px-4 py-3">
              <h3 id="guest-privacy" className="text-sm font-semibold">
                Privacy
              </h3>
              <p className="mt-1 text-xs text-slate-700">
                For a guest's request: a copy of everything held about them, or erasing them.
              </p>
              <div className="mt-2 flex gap-2">
                <a className={BUTTON} href={`${guestsBase(restaurantId)}/${guest.id}/export`} download>
                  Export (JSON)
                </a>
                <EraseGuestDialog
                  restaurantId={restaurantId}
                  guest={{ id: guest.id, name: guest.name, bookings: guest.bookings.length }}
                  onErased={onClose}
                />
              </div>
            </section>
          )}
        </div>
      )}
    </aside>
  );
}

function Count({ label, value, warn = false }: { label: string; value: number; warn?: boolean }) {
  return (
    <div>
      <dt className="text-xs text-slate-700">{label}</dt>
      <dd className={`text-lg font-semibold tabular-nums ${warn ? "text-red-800" : ""}`}>{value}</dd>
    </div>
  );
}

function GuestEditForm({ restaurantId, guest }: { restaurantId: string; guest: TGuestDetail }) {
  const queryClient = useQueryClient();
  const [tags, setTags] = useState<string[]>(guest.tags);
  const [notes, setNotes] = useState(guest.notes ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const notesId = useId();
  const dirty = notes !== (guest.notes ?? "") || tags.join("\n") !== guest.tags.join("\n");
  const save = useMutation({
    mutationFn: () =>
      apiFetch(`${guestsBase(restaurantId)}/${guest.id}`, ZGuestDetailSchema, {
        method: "PATCH",
        body: { tags, notes: notes.trim() === "" ? null : notes, expectedUpdatedAt: guest.updatedAt },
      }),
    onSuccess: (saved) => {
      setProblem(null);
      queryClient.setQueryData(guestDetailQuery(restaurantId, guest.id).queryKey, saved);
      toast.success(`Saved ${saved.name}'s notes and tags`);
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === "STALE") {
        // Someone else saved first: show theirs (the form reloads with it) and say so; nothing of ours was saved.
        const current = ZGuestDetailSchema.safeParse(error.body.current);
        if (current.success) queryClient.setQueryData(guestDetailQuery(restaurantId, guest.id).queryKey, current.data);
        toast.error(`Someone else changed ${guest.name}'s notes or tags: theirs are shown now; redo your change.`);
        return;
      }
      const fields = error instanceof ApiProblem && Array.isArray(error.body.errors) ? error.body.errors : [];
      const words = fields
        .map((f) =>
          f && typeof f === "object" && "message" in f
            ? `${(f as { path: string }).path}: ${(f as { message: string }).message}`
            : "",
        )
        .filter(Boolean)
        .join("; ");
      setProblem(
        `${error instanceof ApiProblem ? error.hint : "Could not save; try again."}${words ? ` (${words})` : ""}`,
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["ops", restaurantId] }),
  });
  return (
    <form
      className="space-y-3 px-4 py-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <GuestTagEditor tags={tags} onChange={setTags} disabled={save.isPending} />
      <div>
        <label htmlFor={notesId} className="block text-sm font-semibold">
          Notes
        </label>
        <textarea
          id={notesId}
          rows={3}
          maxLength={MAX_GUEST_NOTES_LENGTH}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          placeholder="e.g. Severe nut allergy; likes the window table"
          className={`${FIELD} mt-1 w-full`}
        />
      </div>
      {problem && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900">
          {problem}
        </p>
      )}
      <div className="flex items-center gap-2">
        <button type="submit" className={BUTTON_PRIMARY} disabled={!dirty || save.isPending}>
          {save.isPending ? "Saving…" : "Save notes and tags"}
        </button>
        {dirty && !save.isPending && <span className="text-xs text-slate-700">Unsaved changes</span>}
      </div>
    </form>
  );
}
