"use client";

import * as Popover from "@radix-ui/react-popover";
import { useState } from "react";
import { toast } from "sonner";
import { formatDay, formatTime } from "../ui/time";

/** "17:30, 17:45 or 20:30" */
function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** What to say on the phone: the booked time that does not work and the nearest ones that do. */
export function offerText({
  guestName,
  partySize,
  startsAt,
  nextTimes,
  timezone,
}: {
  guestName: string;
  partySize: number;
  startsAt: string;
  nextTimes: string[];
  timezone: string;
}): string {
  const when = `${formatTime(startsAt, timezone)} on ${formatDay(startsAt, timezone)}`;
  const first = guestName.split(/\s+/)[0] || guestName;
  return `Hello ${first}, we can't seat ${partySize} at ${when}. We could offer ${listInWords(
    nextTimes.map((t) => formatTime(t, timezone)),
  )} the same day instead. Would one of those suit you?`;
}

/**
 * "Offer other times": the nearest start times at which a table fits, and the sentence to read or paste when
 * calling the guest. The planner looks for other times only when nothing fits at the booked time.
 */
export function OfferOtherTimes({
  guestName,
  partySize,
  startsAt,
  nextTimes,
  hasSuggestions,
  timezone,
}: {
  guestName: string;
  partySize: number;
  startsAt: string;
  nextTimes: string[];
  hasSuggestions: boolean;
  timezone: string;
}) {
  const [open, setOpen] = useState(false);
  const text = nextTimes.length ? offerText({ guestName, partySize, startsAt, nextTimes, timezone }) : "";
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger
        className="rounded border border-slate-400 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-700"
        aria-label={`Offer other times to ${guestName}`}
      >
        Offer other times
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={6}
          className="z-40 w-[min(24rem,90vw)] rounded-lg border border-slate-300 bg-white p-3 text-sm shadow-lg"
        >
          {nextTimes.length === 0 ? (
            <p className="text-slate-800">
              {hasSuggestions
                ? "A table fits at the booked time: accept one of the suggestions instead."
                : "No other time fits this party on this day. Offer another day, or cancel with a reason."}
            </p>
          ) : (
            <>
              <p className="font-semibold">Nearest times that fit {partySize}</p>
              <ul className="my-2 flex flex-wrap gap-1.5" aria-label="Times that fit">
                {nextTimes.map((t) => (
                  <li
                    key={t}
                    className="rounded border border-emerald-700 bg-emerald-50 px-2 py-0.5 font-semibold tabular-nums text-emerald-900"
                  >
                    {formatTime(t, timezone)}
                  </li>
                ))}
              </ul>
              <p className="text-xs font-medium text-slate-700">What to say</p>
              <p className="mt-0.5 rounded bg-slate-100 p-2 text-slate-900 select-all">{text}</p>
              <button
                type="button"
                className="mt-2 rounded bg-blue-700 px-2.5 py-1 text-sm font-semibold text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-800"
                onClick={async () => {
                  try {
                    await navigator.clipboard.writeText(text);
                    toast.success("Copied: paste it in a message or read it out");
                  } catch {
                    toast.error("The browser refused to copy; select the text and copy it by hand");
                  }
                }}
              >
                Copy text
              </button>
            </>
          )}
          <Popover.Arrow className="fill-white" />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
