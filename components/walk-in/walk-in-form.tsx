"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { ZCreateOpsBookingResponseSchema } from "@/server/coordinator/create-ops-booking-response-schema";
import { opsKeys } from "../ops/queries";
import { useOpsLocation } from "../ops/use-ops-location";
import { ApiProblem, apiFetch, newIdempotencyKey } from "../ui/api-fetch";
import { formatTime, isServiceDate, localDateOf } from "../ui/time";

const ZProblemExtras = z.object({
  nextTimes: z.array(z.string()).optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

type TSource = "walk_in" | "phone";

/** The restaurant's wall clock now, rounded to the nearest quarter hour (`19:45`), and the day it is on. */
function nowRounded(timezone: string): { date: string; time: string } {
  const [h = 0, m = 0] = formatTime(new Date(), timezone).split(":").map(Number);
  const total = Math.min(23 * 60 + 45, Math.round((h * 60 + m) / 15) * 15);
  return {
    date: localDateOf(timezone),
    time: `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`,
  };
}

const FIELD =
  "mt-1 w-full rounded border border-slate-400 px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-blue-700";
const LABEL = "block text-sm font-medium text-slate-800";

/**
 * The walk-in / phone form: guest, party, time (restaurant's clock; a walk-in starts now unless told otherwise),
 * contact, notes, and "Seat now" for a walk-in (placed on the best tables and checked in at once, or refused with
 * the nearest times that fit). One Idempotency-Key per opening; after a refusal (nothing written) the corrected
 * request is a new attempt with a new key.
 */
export function WalkInForm({ onDone }: { onDone: () => void }) {
  const { restaurant, date: viewDate, openBooking } = useOpsLocation();
  const { restaurantId, timezone } = restaurant;
  const queryClient = useQueryClient();
  const now = nowRounded(timezone);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [source, setSource] = useState<TSource>("walk_in");
  const [guestName, setGuestName] = useState("");
  const [partySize, setPartySize] = useState("2");
  const [date, setDate] = useState([viewDate, now.date].sort().at(-1) ?? now.date);
  const [time, setTime] = useState(viewDate === now.date ? now.time : "19:00");
  const [seatNow, setSeatNow] = useState(true);
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [notes, setNotes] = useState("");
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const ids = {
    name: useId(),
    party: useId(),
    date: useId(),
    time: useId(),
    phone: useId(),
    email: useId(),
    notes: useId(),
    seat: useId(),
    problem: useId(),
  };
  const seating = source === "walk_in" && seatNow;
  const walkInDate = now.date;

  const create = useMutation({
    mutationFn: () =>
      apiFetch("/api/ops/bookings", ZCreateOpsBookingResponseSchema, {
        method: "POST",
        idempotencyKey,
        body: {
          restaurantId,
          source,
          partySize: Number(partySize),
          guestName: guestName.trim(),
          guestPhone: phone.trim() || null,
          guestEmail: email.trim() || null,
          notes: notes.trim() || null,
          // Seat now is now: the server takes its own clock. Otherwise the restaurant's wall time.
          ...(seating ? { seatNow: true } : { startsAt: `${source === "walk_in" ? walkInDate : date}T${time}` }),
        },
      }),
    onSuccess: (booking) => {
      const who = `${booking.guestName} (${booking.partySize})`;
      const tables = booking.tables.map((t) => t.name).join(" + ");
      if (booking.seated) toast.success(`Seated ${who} on ${tables}`);
      else if (booking.assignment.outcome === "assigned")
        toast.success(`Booked ${who} at ${formatTime(booking.startsAt, timezone)} on ${tables}`);
      else if (booking.assignment.outcome === "manual_review")
        toast.warning(`Booked ${who}: no table fits yet`, { description: "It is waiting in Manual review." });
      else toast.success(`Booked ${who}`, { description: "Tables follow in a moment." });
      onDone();
      openBooking(booking.id);
    },
    onError: (error) => {
      const refusal = error instanceof ApiProblem ? error : new ApiProblem(0, { title: String(error) });
      setProblem(refusal);
      // A refusal wrote nothing: the corrected request is a new attempt. A lost answer keeps the key (a retry
      // then answers the booking made the first time).
      if (refusal.status >= 400 && refusal.status < 500) setIdempotencyKey(newIdempotencyKey());
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: opsKeys.restaurant(restaurantId) }),
  });

  const extras = problem ? ZProblemExtras.safeParse(problem.body) : null;
  const nextTimes = extras?.success ? (extras.data.nextTimes ?? []) : [];
  const fieldErrors = extras?.success ? (extras.data.errors ?? []) : [];

  return (
    <form
      noValidate={false}
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        create.mutate();
      }}
      aria-describedby={problem ? ids.problem : undefined}
      className="flex flex-col gap-3"
    >
      <fieldset className="flex gap-2">
        <legend className={`${LABEL} mb-1`}>Source</legend>
        {(
          [
            ["walk_in", "Walk-in"],
            ["phone", "Phone"],
          ] as const
        ).map(([value, label]) => (
          <label
            key={value}
            className={`flex cursor-pointer items-center gap-1.5 rounded border px-3 py-1 text-sm font-medium whitespace-nowrap has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-700 ${
              source === value ? "border-blue-700 bg-blue-50 text-blue-900" : "border-slate-400 text-slate-800"
            }`}
          >
            <input
              type="radio"
              name="source"
              value={value}
              checked={source === value}
              onChange={() => setSource(value)}
              className="accent-blue-700"
            />
            {label}
          </label>
        ))}
      </fieldset>

      <div className="grid grid-cols-[1fr_6rem] gap-3">
        <div>
          <label htmlFor={ids.name} className={LABEL}>
            Guest name
          </label>
          <input
            id={ids.name}
            required
            maxLength={200}
            autoComplete="off"
            value={guestName}
            onChange={(e) => setGuestName(e.target.value)}
            className={FIELD}
          />
        </div>
        <div>
          <label htmlFor={ids.party} className={LABEL}>
            Party size
          </label>
          <input
            id={ids.party}
            type="number"
            required
            min={1}
            max={100}
            inputMode="numeric"
            value={partySize}
            onChange={(e) => setPartySize(e.target.value)}
            className={`${FIELD} tabular-nums`}
          />
        </div>
      </div>

      {source === "walk_in" && (
        <label htmlFor={ids.seat} className="flex items-start gap-2 rounded border border-slate-300 bg-slate-50 p-2">
          <input
            id={ids.seat}
            type="checkbox"
            checked={seatNow}
            onChange={(e) => setSeatNow(e.target.checked)}
            className="mt-0.5 size-4 accent-blue-700"
          />
          <span className="text-sm">
            <span className="font-medium">Seat now</span>
            <span className="block text-slate-700">
              Put the party on the best free tables and check them in at once.
            </span>
          </span>
        </label>
      )}

      <div className="grid grid-cols-2 gap-3">
        <div>
          <label htmlFor={ids.date} className={LABEL}>
            Date
          </label>
          <input
            id={ids.date}
            type="date"
            required
            min={now.date}
            disabled={source === "walk_in"}
            value={source === "walk_in" ? walkInDate : date}
            onChange={(e) => isServiceDate(e.target.value) && setDate(e.target.value)}
            className={`${FIELD} tabular-nums disabled:bg-slate-100 disabled:text-slate-700`}
          />
        </div>
        <div>
          <label htmlFor={ids.time} className={LABEL}>
            Time <span className="font-normal text-slate-700">({timezone.split("/").pop()?.replace("_", " ")})</span>
          </label>
          <input
            id={ids.time}
            type="time"
            required={!seating}
            step={900}
            disabled={seating}
            value={seating ? formatTime(new Date(), timezone) : time}
            onChange={(e) => setTime(e.target.value)}
            className={`${FIELD} tabular-nums disabled:bg-slate-100 disabled:text-slate-700`}
          />
        </div>
      </div>

      <div className="grid grid-cols-2 gap-3">
        <div>
          <label htmlFor={ids.phone} className={LABEL}>
            Phone <span className="font-normal text-slate-700">(optional)</span>
          </label>
          <input
            id={ids.phone}
            type="tel"
            autoComplete="off"
            maxLength={40}
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            className={FIELD}
          />
        </div>
        <div>
          <label htmlFor={ids.email} className={LABEL}>
            Email <span className="font-normal text-slate-700">(optional)</span>
          </label>
          <input
            id={ids.email}
            type="email"
            autoComplete="off"
            maxLength={320}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            className={FIELD}
          />
        </div>
      </div>

      <div>
        <label htmlFor={ids.notes} className={LABEL}>
          Notes <span className="font-normal text-slate-700">(allergies, occasion, seating wishes)</span>
        </label>
        <textarea
          id={ids.notes}
          rows={2}
          maxLength={2000}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          className={FIELD}
        />
      </div>

      {problem && (
        <div id={ids.problem} role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-950">
          <p className="font-semibold">{problem.title}</p>
          <p className="mt-0.5">{problem.hint}</p>
          {fieldErrors.length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {fieldErrors.map((f) => (
                <li key={`${f.path}:${f.message}`}>
                  {f.path.replace(/^body\./, "")}: {f.message}
                </li>
              ))}
            </ul>
          )}
          {nextTimes.length > 0 && (
            <div className="mt-2">
              <p className="font-medium">A table fits at:</p>
              <ul className="mt-1 flex flex-wrap gap-1.5">
                {nextTimes.map((t) => {
                  const local = formatTime(t, timezone);
                  return (
                    <li key={t}>
                      <button
                        type="button"
                        onClick={() => {
                          setSeatNow(false);
                          setTime(local);
                          setProblem(null);
                        }}
                        className="rounded border border-emerald-700 bg-white px-2 py-0.5 font-semibold tabular-nums text-emerald-900 hover:bg-emerald-50 focus-visible:outline-2 focus-visible:outline-blue-700"
                        aria-label={`Book for ${local} instead`}
                      >
                        {local}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          )}
        </div>
      )}

      <div className="flex justify-end gap-2 pt-1">
        <Dialog.Close className="rounded border border-slate-400 px-3 py-1.5 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700">
          Close
        </Dialog.Close>
        <button
          type="submit"
          disabled={create.isPending}
          className="rounded bg-blue-700 px-4 py-1.5 text-sm font-semibold text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-800 disabled:opacity-60"
        >
          {create.isPending ? "Booking…" : seating ? "Seat the party" : "Create booking"}
        </button>
      </div>
    </form>
  );
}
