"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import type { TStaffBookingDetail } from "@/server/booking/staff-booking-detail-schema";
import { useOpsStaff } from "../ops/ops-session";
import { availabilityQuery } from "../ops/queries";
import { useOpsLocation } from "../ops/use-ops-location";
import { ApiProblem } from "../ui/api-fetch";
import { StatusChip } from "../ui/booking-status";
import { formatDay, localDateOf } from "../ui/time";
import { BookingActions } from "./booking-actions";
import { timeRange } from "./booking-words";
import { EditSection } from "./edit-section";
import { type TDrawerNotice, type TDrawerSectionProps, useMutationFeedback } from "./mutation-feedback";
import { bookingDetailQuery } from "./queries";
import { AttemptsSection, GuestSection, HistorySection, NotificationsSection } from "./record-sections";
import { BUTTON, BUTTON_SMALL } from "./styles";
import { TablesSection } from "./tables-section";
import { useLegalEvents } from "./use-legal-events";

/** Is a Radix dialog or menu open (it owns Esc then, not the drawer)? */
function layerOpen(): boolean {
  return !!document.querySelector('[role="dialog"][data-state="open"], [role="menu"][data-state="open"]');
}

/**
 * The one booking drawer of every ops view (opened by the URL's `booking`): a right-hand panel beside the view
 * (never over it), with the booking's header and legal actions, its tables and the manual flow, edit, guest,
 * history, assignment attempts and notifications. Esc closes it; focus moves into it on open and back on close.
 */
export function BookingDrawer({ bookingId, onClose }: { bookingId: string; onClose: () => void }) {
  const panel = useRef<HTMLElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const [label, setLabel] = useState("Booking");
  // Closing hides the drawer at once; the URL (router.replace) follows when the router gets to it.
  const [closedId, setClosedId] = useState<string | null>(null);
  const closed = closedId === bookingId;

  const restoreFocus = useCallback(() => {
    const target = returnTo.current;
    if (target?.isConnected) target.focus({ preventScroll: true });
  }, []);
  const close = useCallback(() => {
    setClosedId(bookingId);
    restoreFocus();
    onClose();
  }, [bookingId, onClose, restoreFocus]);

  // Focus into the drawer when it opens (or shows another booking while focus is elsewhere); back on close.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again when another booking opens
  useEffect(() => {
    const active = document.activeElement as HTMLElement | null;
    if (panel.current && active && !panel.current.contains(active)) {
      if (active !== document.body) returnTo.current = active;
      panel.current.focus({ preventScroll: true });
    }
  }, [bookingId]);
  useEffect(() => () => restoreFocus(), [restoreFocus]);

  useEffect(() => {
    if (closed) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented || layerOpen()) return;
      event.preventDefault();
      close();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [close, closed]);

  if (closed) return null;
  return (
    <aside
      ref={panel}
      tabIndex={-1}
      aria-label={label}
      className="flex w-[420px] shrink-0 flex-col border-l border-slate-300 bg-white shadow-[-6px_0_16px_rgba(15,23,42,0.08)] focus:outline-none xl:w-[460px]"
    >
      <DrawerBody key={bookingId} bookingId={bookingId} onClose={close} onLabel={setLabel} />
    </aside>
  );
}

function DrawerBody({
  bookingId,
  onClose,
  onLabel,
}: {
  bookingId: string;
  onClose: () => void;
  onLabel: (label: string) => void;
}) {
  const { restaurant } = useOpsLocation();
  const staff = useOpsStaff();
  const { restaurantId, timezone, role } = restaurant;
  const query = useQuery(bookingDetailQuery(restaurantId, bookingId));
  const booking = query.data;
  const [notice, setNotice] = useState<TDrawerNotice | null>(null);
  const { refresh, refused } = useMutationFeedback({ restaurantId, booking, timezone, setNotice });
  const events = useLegalEvents(booking, { id: staff.id, role }, query.dataUpdatedAt);

  useEffect(() => {
    onLabel(booking ? `Booking ${booking.guestName}` : "Booking");
  }, [booking, onLabel]);

  if (query.isPending) return <DrawerSkeleton onClose={onClose} />;
  if (query.isError && !booking) {
    const problem = query.error instanceof ApiProblem ? query.error : null;
    const gone = problem?.status === 404;
    return (
      <div className="p-4">
        <div className="flex items-start justify-between gap-2">
          <h2 className="text-lg font-semibold">
            {gone ? "This booking no longer exists" : "Could not load the booking"}
          </h2>
          <CloseButton onClose={onClose} />
        </div>
        <p role="alert" className="mt-2 text-sm text-slate-700">
          {gone
            ? "It may have been removed, or it belongs to a restaurant you do not work at. Close the drawer and pick another booking."
            : (problem?.hint ?? "Something went wrong while loading it.")}
        </p>
        <div className="mt-3 flex gap-2">
          {!gone && (
            <button type="button" className={BUTTON} onClick={() => void query.refetch()}>
              Retry
            </button>
          )}
          <button type="button" className={BUTTON} onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    );
  }
  if (!booking) return null;
  const section: TDrawerSectionProps = { booking, restaurantId, role, timezone, refused, refresh, setNotice };

  return (
    <>
      <DrawerHeader
        booking={booking}
        timezone={timezone}
        onClose={onClose}
        refreshing={query.isFetching}
        actions={
          <BookingActions
            booking={booking}
            events={events}
            restaurantId={restaurantId}
            refused={refused}
            refresh={refresh}
            onDone={(text) => setNotice({ tone: "ok", text })}
          />
        }
      />
      {notice && <NoticeBar notice={notice} onDismiss={() => setNotice(null)} />}
      {query.isError && (
        <p role="alert" className="border-b border-amber-600 bg-amber-50 px-4 py-1.5 text-xs text-amber-950">
          Could not refresh: showing the booking as last loaded.{" "}
          <button type="button" className="underline" onClick={() => void query.refetch()}>
            Retry
          </button>
        </p>
      )}
      <div className="min-h-0 flex-1 overflow-y-auto pb-6">
        <TablesSection {...section} />
        <EditSection {...section} />
        <GuestSection booking={booking} />
        <HistorySection booking={booking} timezone={timezone} />
        <AttemptsWithNames booking={booking} restaurantId={restaurantId} timezone={timezone} />
        <NotificationsSection booking={booking} timezone={timezone} />
      </div>
    </>
  );
}

function DrawerHeader({
  booking,
  timezone,
  onClose,
  refreshing,
  actions,
}: {
  booking: TStaffBookingDetail;
  timezone: string;
  onClose: () => void;
  refreshing: boolean;
  actions: React.ReactNode;
}) {
  const copy = useCallback(async () => {
    try {
      await navigator.clipboard.writeText(booking.reference);
      toast.success(`Reference ${booking.reference} copied`);
    } catch {
      toast.error("Could not copy", { description: `Select the reference and copy it: ${booking.reference}` });
    }
  }, [booking.reference]);
  return (
    <header className="border-b border-slate-200 px-4 pt-3 pb-3">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate text-lg leading-tight font-semibold text-slate-900">{booking.guestName}</h2>
          <p className="mt-0.5 text-sm tabular-nums text-slate-800">
            Party of {booking.partySize} · {timeRange(booking.startsAt, booking.endsAt, timezone)} ·{" "}
            {formatDay(booking.startsAt, timezone)}
          </p>
        </div>
        <CloseButton onClose={onClose} />
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
        <StatusChip status={booking.status} />
        <span className="text-slate-700">
          Ref <span className="font-mono font-semibold text-slate-900 select-all">{booking.reference}</span>
        </span>
        <button
          type="button"
          className={BUTTON_SMALL}
          onClick={copy}
          aria-label={`Copy reference ${booking.reference}`}
        >
          Copy
        </button>
        {refreshing && (
          <span className="text-xs text-slate-600" aria-live="polite">
            Updating…
          </span>
        )}
      </div>
      <div className="mt-3">{actions}</div>
    </header>
  );
}

function CloseButton({ onClose }: { onClose: () => void }) {
  return (
    <button
      type="button"
      onClick={onClose}
      aria-label="Close booking"
      title="Close (Esc)"
      className="shrink-0 rounded border border-transparent px-2 py-0.5 text-xl leading-none text-slate-700 hover:border-slate-300 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700"
    >
      <span aria-hidden="true">×</span>
    </button>
  );
}

const NOTICE_LOOK: Record<TDrawerNotice["tone"], string> = {
  ok: "border-green-700 bg-green-50 text-green-950",
  info: "border-slate-400 bg-slate-50 text-slate-900",
  warn: "border-amber-600 bg-amber-50 text-amber-950",
  error: "border-red-700 bg-red-50 text-red-950",
};

function NoticeBar({ notice, onDismiss }: { notice: TDrawerNotice; onDismiss: () => void }) {
  return (
    <div
      role={notice.tone === "error" || notice.tone === "warn" ? "alert" : "status"}
      className={`flex items-start gap-2 border-b border-l-4 px-4 py-2 text-sm ${NOTICE_LOOK[notice.tone]}`}
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium">{notice.text}</p>
        {notice.hint && <p className="text-xs">{notice.hint}</p>}
      </div>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss message"
        className="rounded px-1 leading-none focus-visible:outline-2 focus-visible:outline-blue-700"
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

/** Attempts name their tables from the day's read model (the timeline's cached query), else "a table". */
function AttemptsWithNames({
  booking,
  restaurantId,
  timezone,
}: {
  booking: TStaffBookingDetail;
  restaurantId: string;
  timezone: string;
}) {
  const needsNames = booking.assignmentAttempts.some((a) =>
    a.tableIds.some((id) => !booking.tables.some((t) => t.id === id)),
  );
  const day = useQuery({
    ...availabilityQuery(restaurantId, localDateOf(timezone, new Date(booking.startsAt))),
    enabled: needsNames,
  });
  const tableName = (id: string) =>
    booking.tables.find((t) => t.id === id)?.name ?? day.data?.timeline.find((t) => t.id === id)?.name;
  return <AttemptsSection booking={booking} timezone={timezone} tableName={tableName} />;
}

function DrawerSkeleton({ onClose }: { onClose: () => void }) {
  return (
    <div className="p-4" aria-busy="true">
      <div className="flex items-start justify-between">
        <div className="space-y-2">
          <h2 className="sr-only">Loading booking</h2>
          <div className="h-5 w-48 animate-pulse rounded bg-slate-200" />
          <div className="h-4 w-64 animate-pulse rounded bg-slate-200" />
        </div>
        <CloseButton onClose={onClose} />
      </div>
      <div className="mt-4 flex gap-2">
        <div className="h-8 w-24 animate-pulse rounded bg-slate-200" />
        <div className="h-8 w-32 animate-pulse rounded bg-slate-200" />
      </div>
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="mt-6 space-y-2">
          <div className="h-4 w-28 animate-pulse rounded bg-slate-200" />
          <div className="h-4 w-full animate-pulse rounded bg-slate-100" />
          <div className="h-4 w-3/4 animate-pulse rounded bg-slate-100" />
        </div>
      ))}
    </div>
  );
}
