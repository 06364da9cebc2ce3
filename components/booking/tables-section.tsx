"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import type { TStaffBookingDetail } from "@/server/booking/staff-booking-detail-schema";
import { opsKeys } from "../ops/queries";
import { HOLD_LOOK } from "../ui/booking-status";
import { formatCountdown } from "../ui/time";
import { reviewReasonWords } from "./booking-words";
import { ManualChange } from "./manual-change";
import type { TDrawerSectionProps } from "./mutation-feedback";
import { unassignBookingTable } from "./queries";
import { BUTTON_SMALL } from "./styles";
import { useNow } from "./use-legal-events";

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
    onSettled: () => refresh(),
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
        <ul className="mt-2 flex flex-wrap gap-2">
          {booking.tables.map((table) => (
            <li
              key={table.id}
              className="inline-flex items-center gap-2 rounded border border-slate-300 bg-slate-50 py-1 pr-1 pl-2 text-sm"
            >
              <span className="font-semibold tabular-nums">{table.name}</span>
              {canUnassign && (
                <button
                  type="button"
                  className={BUTTON_SMALL}
                  aria-label={`Unassign ${table.name}`}
                  disabled={unassign.isPending}
                  onClick={() => unassign.mutate(table)}
                >
                  Unassign
                </button>
              )}
            </li>
          ))}
        </ul>
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
