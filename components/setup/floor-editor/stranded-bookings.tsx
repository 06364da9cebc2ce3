"use client";

import { formatDay, formatTime } from "@/components/ui/time";
import type { TStrandedBooking } from "@/server/setup/floor/floor-plan-schema";

/** The server's words name the tables ("M1 would be out of service"); a sentence starts with a capital. */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The bookings a save would strand, in the restaurant's time: who, when, how many, which tables and why in words,
 * with the way out — move them to manual review, then save again and re-seat them from the review queue.
 */
export function StrandedBookings({
  stranded,
  timezone,
  releasing,
  error,
  onRelease,
}: {
  stranded: readonly TStrandedBooking[];
  timezone: string;
  releasing: boolean;
  error: string | null;
  onRelease: () => void;
}) {
  return (
    <section
      role="alert"
      aria-labelledby="stranded-heading"
      className="rounded-lg border-2 border-amber-500 bg-amber-50 p-4 text-slate-900"
    >
      <h2 id="stranded-heading" className="text-lg font-semibold">
        Not saved: {stranded.length} upcoming {stranded.length === 1 ? "booking needs" : "bookings need"} these tables
      </h2>
      <p className="mt-1">
        Move them to manual review first (they lose their tables), then save again and give them new tables from the
        review queue. Or undo the change that affects them.
      </p>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full border-collapse text-left">
          <thead>
            <tr className="border-b border-amber-300 text-sm text-slate-800">
              <th scope="col" className="py-1.5 pr-3 font-semibold">
                Booking
              </th>
              <th scope="col" className="py-1.5 pr-3 font-semibold">
                Guest
              </th>
              <th scope="col" className="py-1.5 pr-3 font-semibold">
                Time
              </th>
              <th scope="col" className="py-1.5 pr-3 font-semibold">
                Party
              </th>
              <th scope="col" className="py-1.5 font-semibold">
                Why
              </th>
            </tr>
          </thead>
          <tbody>
            {stranded.map((b) => (
              <tr key={b.bookingId} className="border-b border-amber-200 align-top last:border-0">
                <td className="py-1.5 pr-3 font-mono font-semibold">{b.reference}</td>
                <td className="py-1.5 pr-3">{b.guestName}</td>
                <td className="py-1.5 pr-3 whitespace-nowrap tabular-nums">
                  {formatDay(b.startsAt, timezone)} {formatTime(b.startsAt, timezone)}
                </td>
                <td className="py-1.5 pr-3 tabular-nums">{b.partySize}</td>
                <td className="py-1.5">{sentence(b.detail)}.</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={onRelease}
          disabled={releasing}
          className="rounded-md bg-amber-700 px-4 py-2 font-semibold text-white hover:bg-amber-800 disabled:opacity-60"
        >
          {releasing ? "Moving…" : "Move these bookings to review"}
        </button>
        {error && <p className="text-red-800">{error}</p>}
      </div>
    </section>
  );
}
