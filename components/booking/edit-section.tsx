"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { toast } from "sonner";
import { RESCHEDULABLE_STATUSES, type TEditBookingResponse } from "@/server/booking/edit-booking-schema";
import type { TStaffBookingDetail } from "@/server/booking/staff-booking-detail-schema";
import { opsKeys } from "../ops/queries";
import { formatTime, localDateOf } from "../ui/time";
import type { TDrawerSectionProps } from "./mutation-feedback";
import { editBookingDetails } from "./queries";
import { BUTTON, BUTTON_PRIMARY, BUTTON_SMALL, FIELD } from "./styles";

/** What became of the tables, in one sentence (the PATCH's `outcome`). */
export function outcomeSentence({ outcome, booking }: TEditBookingResponse, notesOnly = false): string {
  if (notesOnly && outcome !== "unchanged") return "Notes saved.";
  const tables = booking.tables.map((t) => t.name).join(", ");
  switch (outcome) {
    case "unchanged":
      return "Nothing changed.";
    case "kept_tables":
      return tables ? `Saved. The booking keeps its tables (${tables}).` : "Saved.";
    case "reassigned":
      return tables
        ? `Saved. Its tables no longer fitted, so it was re-assigned to ${tables}.`
        : "Saved. Its tables no longer fitted; it waits for automatic assignment.";
    case "manual_review":
      return "Saved. No table fits the new time or party, so it went to manual review.";
  }
}

/** Edit time, party size and notes (PATCH at the version shown); the answer says what became of the tables. */
export function EditSection({ booking, restaurantId, timezone, refused, refresh, setNotice }: TDrawerSectionProps) {
  const [open, setOpen] = useState(false);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="border-t border-slate-200 px-4 py-3">
      <div className="flex items-center justify-between gap-2">
        <h3 id={headingId} className="text-sm font-semibold text-slate-900">
          Edit
        </h3>
        {!open && (
          <button type="button" className={BUTTON_SMALL} aria-expanded={false} onClick={() => setOpen(true)}>
            Edit time, party or notes
          </button>
        )}
      </div>
      {open && (
        <EditForm
          key={booking.version}
          booking={booking}
          restaurantId={restaurantId}
          timezone={timezone}
          refused={refused}
          refresh={refresh}
          onSaved={(text) => {
            setNotice({ tone: "ok", text });
            setOpen(false);
          }}
          onCancel={() => setOpen(false)}
        />
      )}
    </section>
  );
}

function EditForm({
  booking,
  restaurantId,
  timezone,
  refused,
  refresh,
  onSaved,
  onCancel,
}: {
  booking: TStaffBookingDetail;
  restaurantId: string;
  timezone: string;
  refused: (error: unknown, what: string) => void;
  refresh: () => Promise<unknown>;
  onSaved: (text: string) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const initial = {
    date: localDateOf(timezone, new Date(booking.startsAt)),
    time: formatTime(booking.startsAt, timezone),
    party: String(booking.partySize),
    notes: booking.notes ?? "",
  };
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const [party, setParty] = useState(initial.party);
  const [notes, setNotes] = useState(initial.notes);
  const ids = { date: useId(), time: useId(), party: useId(), notes: useId() };
  const movable = RESCHEDULABLE_STATUSES.includes(booking.status);

  const changes: { startsAt?: string; partySize?: number; notes?: string | null } = {};
  if (movable && (date !== initial.date || time !== initial.time) && date && time) changes.startsAt = `${date}T${time}`;
  const partySize = Number(party);
  if (movable && party !== initial.party && Number.isInteger(partySize) && partySize >= 1)
    changes.partySize = partySize;
  if (notes !== initial.notes) changes.notes = notes.trim() ? notes : null;
  const dirty = Object.keys(changes).length > 0;

  const save = useMutation({
    mutationFn: () => editBookingDetails(booking.id, { expectedVersion: booking.version, ...changes }),
    onSuccess: (answer) => {
      queryClient.setQueryData(opsKeys.booking(restaurantId, booking.id), (old: TStaffBookingDetail | undefined) =>
        old ? { ...old, ...answer.booking } : old,
      );
      const text = outcomeSentence(answer, changes.startsAt === undefined && changes.partySize === undefined);
      toast.success(text);
      onSaved(text);
    },
    onError: (error) => refused(error, "Save changes"),
    onSettled: () => refresh(),
  });

  return (
    <form
      className="mt-2 space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (dirty && !save.isPending) save.mutate();
      }}
    >
      {!movable && (
        <p className="text-xs text-slate-700">
          The party is seated or the booking is closed: only the notes can change.
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <div>
          <label htmlFor={ids.date} className="block text-xs font-medium text-slate-800">
            Date
          </label>
          <input
            id={ids.date}
            type="date"
            className={`${FIELD} w-40`}
            value={date}
            disabled={!movable}
            onChange={(e) => setDate(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={ids.time} className="block text-xs font-medium text-slate-800">
            Time (restaurant)
          </label>
          <input
            id={ids.time}
            type="time"
            step={300}
            className={`${FIELD} w-28 tabular-nums`}
            value={time}
            disabled={!movable}
            onChange={(e) => setTime(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={ids.party} className="block text-xs font-medium text-slate-800">
            Party
          </label>
          <input
            id={ids.party}
            type="number"
            min={1}
            max={100}
            className={`${FIELD} w-20 tabular-nums`}
            value={party}
            disabled={!movable}
            onChange={(e) => setParty(e.target.value)}
          />
        </div>
      </div>
      <div>
        <label htmlFor={ids.notes} className="block text-xs font-medium text-slate-800">
          Notes
        </label>
        <textarea
          id={ids.notes}
          rows={2}
          maxLength={2000}
          className={`${FIELD} w-full`}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
      </div>
      <div className="flex gap-2">
        <button type="submit" className={BUTTON_PRIMARY} disabled={!dirty || save.isPending}>
          {save.isPending ? "Saving…" : "Save changes"}
        </button>
        <button type="button" className={BUTTON} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
