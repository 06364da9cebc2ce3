"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import type { TStaffBookingDetail } from "@/server/booking/staff-booking-detail-schema";
import { opsKeys } from "../ops/queries";
import { HOLD_LOOK } from "../ui/booking-status";
import { formatCountdown } from "../ui/time";
import { useNow } from "../ui/use-clock";
import { reviewReasonWords } from "./booking-words";
import { ManualChange } from "./manual-change";
import type { TDrawerSectionProps } from "./mutation-feedback";
import { unassignBookingTable } from "./queries";
import { BUTTON_SMALL } from "./styles";

/** Statuses whose tables staff may set by hand (the machine's MANUAL_ASSIGN). */
const MANUALLY_ASSIGNABLE = new Set([
  "capacity_verified",
  "assignment_pending",
  "assignment_in_progress",
  "assigned",
  "confirmed",
  "manual_review",
]);
/** Statuses whose tables can be taken off (UNASSIGN / TABLES_CHANGED). */
const UNASSIGNABLE = new Set(["assigned", "confirmed"]);

/**
 * The booking's tables: each with "Unassign", a colleague's live hold with its countdown, and "Change tables" —
 * the manual flow (every table's state → pick → live validate → hold with countdown → confirm).
 */
export function TablesSection({
  booking,
  restaurantId,
  role,
  timezone,
  refused,
  refresh,
  setNotice,
}: TDrawerSectionProps) {
  const queryClient = useQueryClient();
  const [changing, setChanging] = useState(false);
  // Taking a table off is destructive (the party may lose its seat to automatic assignment): asked once more.
  const [confirming, setConfirming] = useState<string | null>(null);
  const canChange = MANUALLY_ASSIGNABLE.has(booking.status);
  const canUnassign = UNASSIGNABLE.has(booking.status);

  const unassign = useMutation({
    mutationFn: (table: { id: string; name: string }) => unassignBookingTable(booking.id, table.id, booking.version),
    onSuccess: (updated, table) => {
      queryClient.setQueryData(opsKeys.booking(restaurantId, booking.id), (old: TStaffBookingDetail | undefined) =>
        old ? { ...old, ...updated } : old,
      );
      const text =
        updated.tables.length > 0
          ? `${table.name} taken off: ${booking.guestName} stays on ${updated.tables.map((t) => t.name).join(", ")}.`
          : `${table.name} taken off: ${booking.guestName} waits for new tables (automatic assignment runs).`;
      toast.success(text);
      setNotice({ tone: "ok", text });
    },
    onError: (error, table) => refused(error, `Unassign ${table.name}`),
    onSettled: () => {
      setConfirming(null);
      refresh();
    },
  });

  return (
    <section aria-labelledby="drawer-tables" className="border-t border-slate-200 px-4 py-3">
      <div className="flex items-center justify-between gap-2">
        <h3 id="drawer-tables" className="text-sm font-semibold text-slate-900">
          Tables
        </h3>
        {canChange && !changing && (
          <button type="button" className={BUTTON_SMALL} onClick={() => setChanging(true)}>
            {booking.tables.length > 0 ? "Change tables" : "Choose tables"}
          </button>
        )}
      </div>
      {booking.tables.length > 0 ? (
        <>
          <ul className="mt-2 flex flex-wrap gap-2">
            {booking.tables.map((table) => (
              <li
                key={table.id}
                className="inline-flex items-center gap-2 rounded border border-slate-300 bg-slate-50 py-1 pr-1 pl-2 text-sm"
              >
                <span className="font-semibold tabular-nums">{table.name}</span>
                {canUnassign && confirming !== table.id && (
                  <button
                    type="button"
                    className={BUTTON_SMALL}
                    aria-label={`Unassign ${table.name}`}
                    disabled={unassign.isPending}
                    onClick={() => setConfirming(table.id)}
                  >
                    Unassign
                  </button>
                )}
              </li>
            ))}
          </ul>
          {confirming && (
            <UnassignConfirm
              table={booking.tables.find((t) => t.id === confirming) ?? { id: confirming, name: "this table" }}
              guestName={booking.guestName}
              last={booking.tables.length === 1}
              pending={unassign.isPending}
              onConfirm={(table) => unassign.mutate(table)}
              onKeep={() => setConfirming(null)}
            />
          )}
        </>
      ) : (
        <p className="mt-1 text-sm text-slate-700">
          No tables yet.
          {booking.status === "manual_review" && booking.reviewReason && (
            <span className="block text-slate-800">Needs review: {reviewReasonWords(booking.reviewReason)}</span>
          )}
        </p>
      )}
      {booking.activeHold && !changing && <LiveHold hold={booking.activeHold} detail={booking} />}
      {changing && (
        <ManualChange
          {...{ booking, restaurantId, role, timezone, refused, refresh, setNotice }}
          onClose={() => setChanging(false)}
        />
      )}
    </section>
  );
}

/** "Take M3 off?" with what happens next, and the two answers. */
function UnassignConfirm({
  table,
  guestName,
  last,
  pending,
  onConfirm,
  onKeep,
}: {
  table: { id: string; name: string };
  guestName: string;
  last: boolean;
  pending: boolean;
  onConfirm: (table: { id: string; name: string }) => void;
  onKeep: () => void;
}) {
  // Focus goes to the safe answer: the Unassign button that was pressed is gone, and Enter must not take the table.
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div className="mt-2 rounded border border-red-300 bg-red-50 p-2">
      <p className="text-sm text-slate-900">
        Take {table.name} off {guestName}?{" "}
        {last
          ? "It is their only table: they wait for new tables and automatic assignment may seat them elsewhere."
          : "They keep their other tables."}
      </p>
      <div className="mt-2 flex gap-2">
        <button
          type="button"
          className="rounded bg-red-700 px-3 py-1 text-sm font-semibold text-white hover:bg-red-800 disabled:opacity-60"
          disabled={pending}
          onClick={() => onConfirm(table)}
        >
          Unassign {table.name}
        </button>
        <button ref={keep} type="button" className={BUTTON_SMALL} onClick={onKeep}>
          Keep {table.name}
        </button>
      </div>
    </div>
  );
}

/** Someone (maybe a colleague on another screen) holds tables for this booking: which, and for how long. */
function LiveHold({
  hold,
  detail,
}: {
  hold: NonNullable<TStaffBookingDetail["activeHold"]>;
  detail: TStaffBookingDetail;
}) {
  const now = useNow(1000);
  const left = Date.parse(hold.expiresAt) - now;
  if (left <= 0) return null;
  const names = hold.tableIds.map((id) => detail.tables.find((t) => t.id === id)?.name).filter(Boolean);
  return (
    <p className={`mt-2 inline-flex items-center gap-1.5 rounded px-2 py-1 text-sm ${HOLD_LOOK.className}`}>
      <span aria-hidden="true">{HOLD_LOOK.icon}</span>
      {names.length ? `${names.join(", ")} held` : `${hold.tableIds.length} table(s) held`} for this booking ·{" "}
      <span className="tabular-nums">{formatCountdown(left)}</span> left
    </p>
  );
}
