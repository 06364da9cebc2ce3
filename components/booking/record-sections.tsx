"use client";

import type { ReactNode } from "react";
import type { TStaffBookingDetail } from "@/server/booking/staff-booking-detail-schema";
import { GuestTagChips } from "../guests/guest-tags";
import { useOpsLocation } from "../ops/use-ops-location";
import { formatDay, formatTime } from "../ui/time";
import {
  actorWords,
  diagnosticsWords,
  editWords,
  eventWords,
  formatMs,
  notificationKindWords,
  notificationStatusWords,
  outcomeWords,
  reasonWords,
  rejectedSummary,
  sourceWords,
  statusWords,
  triggerWords,
  whenWords,
  whereWords,
} from "./booking-words";

/** One titled block of the drawer (an h3 the screen reader's heading list shows). */
export function Section({
  id,
  title,
  children,
  aside,
}: {
  id: string;
  title: string;
  children: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="border-t border-slate-200 px-4 py-3">
      <div className="flex items-center justify-between gap-2">
        <h3 id={id} className="text-sm font-semibold text-slate-900">
          {title}
        </h3>
        {aside}
      </div>
      <div className="mt-1.5">{children}</div>
    </section>
  );
}

/** Contact, channel and notes; then the guest record: tags, its notes, visits and no-shows, and a link to it. */
export function GuestSection({ booking }: { booking: TStaffBookingDetail }) {
  const location = useOpsLocation();
  const guest = booking.guest;
  const guestHref = guest ? `${location.href("/ops/guests", { booking: null })}&guest=${guest.id}` : null;
  return (
    <Section
      id="drawer-guest"
      title="Guest"
      aside={
        guestHref && (
          <a href={guestHref} className="text-sm font-medium text-blue-800 underline">
            Open guest record
          </a>
        )
      }
    >
      {guest && (
        <div
          className="mb-2 space-y-1.5 rounded border border-slate-200 bg-slate-50 p-2"
          data-testid="drawer-guest-record"
        >
          <GuestTagChips tags={guest.tags} />
          <p className="text-sm tabular-nums text-slate-800">
            {guest.visits} visit{guest.visits === 1 ? "" : "s"}
            {" · "}
            <span className={guest.noShows > 0 ? "font-semibold text-red-800" : ""}>
              {guest.noShows} no-show{guest.noShows === 1 ? "" : "s"}
            </span>
            {guest.cancellations > 0 && ` · ${guest.cancellations} cancelled`}
          </p>
          {guest.notes && (
            <p className="text-sm whitespace-pre-wrap break-words text-slate-900">
              <span className="font-medium">Guest notes: </span>
              {guest.notes}
            </p>
          )}
        </div>
      )}
      <dl className="grid grid-cols-[5rem_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-600">Name</dt>
        <dd className="min-w-0 break-words">{booking.guestName}</dd>
        <dt className="text-slate-600">Email</dt>
        <dd className="min-w-0 break-all">
          {booking.guestEmail ? (
            <a className="text-blue-800 underline" href={`mailto:${booking.guestEmail}`}>
              {booking.guestEmail}
            </a>
          ) : (
            <span className="text-slate-600">—</span>
          )}
        </dd>
        <dt className="text-slate-600">Phone</dt>
        <dd className="tabular-nums">
          {booking.guestPhone ? (
            <a className="text-blue-800 underline" href={`tel:${booking.guestPhone}`}>
              {booking.guestPhone}
            </a>
          ) : (
            <span className="text-slate-600">—</span>
          )}
        </dd>
        <dt className="text-slate-600">Booked via</dt>
        <dd>{sourceWords(booking.source)}</dd>
        <dt className="text-slate-600">{guest ? "Booking notes" : "Notes"}</dt>
        <dd className="min-w-0 whitespace-pre-wrap break-words">
          {booking.notes || <span className="text-slate-600">No notes</span>}
        </dd>
      </dl>
    </Section>
  );
}

/** Who did what, when (restaurant time), from where, and why — newest first. */
export function HistorySection({ booking, timezone }: { booking: TStaffBookingDetail; timezone: string }) {
  const today = formatDay(booking.startsAt, timezone);
  const entries = [...booking.history].reverse();
  return (
    <Section id="drawer-history" title="History">
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing recorded yet.</p>
      ) : (
        <ol className="space-y-2 text-sm">
          {entries.map((h) => {
            const where = whereWords(h);
            const edit = h.event === "EDIT" ? editWords(h, timezone) : null;
            const rejected = rejectedSummary(h.metadata.rejected);
            return (
              <li key={h.version} className="grid grid-cols-[3.75rem_1fr] gap-x-2">
                <time dateTime={h.at} className="pt-px text-xs tabular-nums text-slate-700">
                  {formatTime(h.at, timezone)}
                  {formatDay(h.at, timezone) !== today && (
                    <span className="block text-[11px] leading-tight">{formatDay(h.at, timezone)}</span>
                  )}
                </time>
                <div className="min-w-0 border-l-2 border-slate-300 pl-2">
                  <p>
                    <span className="font-medium">{eventWords(h.event)}</span>
                    {h.from && statusWords(h.from) !== statusWords(h.to) && (
                      <span className="ml-2 text-xs text-slate-700">
                        {statusWords(h.from)} → {statusWords(h.to)}
                      </span>
                    )}
                  </p>
                  <p className="text-xs text-slate-700">
                    {actorWords(h.actor)}
                    {where ? ` · ${where}` : ""}
                  </p>
                  {edit && <p className="text-xs text-slate-800">{edit}</p>}
                  {h.reason && <p className="text-xs text-slate-800">Reason: {reasonWords(h.reason)}</p>}
                  {rejected && <p className="text-xs text-slate-800">Ruled out: {rejected}</p>}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Section>
  );
}

/** Each automatic (or asked-for) assignment attempt and the planner's reasoning, in words; JSON one level down. */
export function AttemptsSection({
  booking,
  timezone,
  tableName,
}: {
  booking: TStaffBookingDetail;
  timezone: string;
  tableName: (id: string) => string | undefined;
}) {
  const today = formatDay(booking.startsAt, timezone);
  const attempts = [...booking.assignmentAttempts].reverse();
  return (
    <Section id="drawer-attempts" title="Assignment attempts">
      {attempts.length === 0 ? (
        <p className="text-sm text-slate-600">No automatic assignment has run for this booking.</p>
      ) : (
        <ol className="space-y-2 text-sm">
          {attempts.map((a) => {
            const tables = a.tableIds.map((id) => tableName(id) ?? "a table");
            const lines = diagnosticsWords(a.diagnostics, timezone);
            return (
              <li key={a.id} className="rounded border border-slate-200 p-2">
                <div className="flex flex-wrap items-baseline gap-x-2">
                  <span className={`font-medium ${a.outcome === "assigned" ? "text-green-800" : "text-slate-900"}`}>
                    {outcomeWords(a.outcome)}
                    {tables.length > 0 ? ` · ${tables.join(", ")}` : ""}
                  </span>
                  <time dateTime={a.at} className="ml-auto text-xs tabular-nums text-slate-700">
                    {whenWords(a.at, timezone, today)}
                  </time>
                </div>
                <p className="text-xs text-slate-700">
                  Attempt {a.attempt} · {triggerWords(a.trigger)}
                  {a.strategy ? ` · strategy ${a.strategy}` : ""} ·{" "}
                  <span className="tabular-nums">{formatMs(a.durationMs)}</span>
                  {a.reasonCode && a.outcome !== "assigned" ? ` · ${a.reasonCode}` : ""}
                </p>
                {lines.length > 0 && (
                  <ul className="mt-1 list-disc pl-4 text-xs text-slate-800">
                    {lines.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                )}
                {Object.keys(a.diagnostics).length > 0 && (
                  <details className="mt-1 text-xs">
                    <summary className="cursor-pointer text-slate-700">Planner data</summary>
                    <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-100 p-2 text-[11px] leading-4">
                      {JSON.stringify(a.diagnostics, null, 2)}
                    </pre>
                  </details>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Section>
  );
}

/** Emails sent (or waiting, or failed) about this booking. */
export function NotificationsSection({ booking, timezone }: { booking: TStaffBookingDetail; timezone: string }) {
  const today = formatDay(booking.startsAt, timezone);
  return (
    <Section id="drawer-notifications" title="Notifications">
      {booking.notifications.length === 0 ? (
        <p className="text-sm text-slate-600">No messages sent to the guest.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {booking.notifications.map((n) => (
            <li key={n.id} className="flex flex-wrap items-baseline gap-x-2">
              <span>{notificationKindWords(n.kind)}</span>
              <span className={`text-xs ${n.status === "failed" ? "font-semibold text-danger" : "text-slate-700"}`}>
                {n.status === "failed" ? "✕ " : n.status === "sent" ? "✓ " : "◷ "}
                {notificationStatusWords(n.status)}
              </span>
              {n.sentAt && (
                <time dateTime={n.sentAt} className="ml-auto text-xs tabular-nums text-slate-700">
                  {whenWords(n.sentAt, timezone, today)}
                </time>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
