import type { TStaffBookingResponse } from "@/server/booking/staff-booking-schema";

type BookingStatus = TStaffBookingResponse["status"];

/**
 * The one status palette (UI-DESIGN.md "Status colours"): for each booking status, what a host calls it, its fill
 * (Tailwind classes over the theme in app/globals.css, AA contrast) and an icon, so colour is never the only signal.
 * Every view draws statuses through this file.
 */
export type TStatusLook = {
  /** What a host calls it. */
  label: string;
  /** Fill and text classes of a block or chip. */
  className: string;
  /** A glyph beside the label (aria-hidden: the label carries the meaning). */
  icon: string;
};

const waiting: TStatusLook = {
  label: "No tables yet",
  className: "bg-status-pending text-status-pending-ink border border-slate-400",
  icon: "○",
};

export const STATUS_LOOK: Record<BookingStatus, TStatusLook> = {
  created: waiting,
  capacity_verified: waiting,
  assignment_pending: waiting,
  assignment_in_progress: { ...waiting, label: "Assigning" },
  assigned: {
    label: "Tables set",
    className: "bg-status-confirmed text-status-confirmed-ink border border-status-confirmed",
    icon: "✓",
  },
  confirmed: {
    label: "Confirmed",
    className: "bg-status-confirmed text-status-confirmed-ink border border-status-confirmed",
    icon: "✓",
  },
  checked_in: {
    label: "Seated",
    className: "bg-status-checked-in text-status-checked-in-ink border border-status-checked-in",
    icon: "●",
  },
  completed: {
    label: "Left",
    className: "bg-status-completed text-status-completed-ink border border-slate-400",
    icon: "⚑",
  },
  manual_review: {
    label: "Needs review",
    className: "bg-status-review text-status-review-ink border border-amber-700",
    icon: "!",
  },
  cancelled: {
    label: "Cancelled",
    className: "bg-status-cancelled text-status-cancelled-ink border border-zinc-300 line-through",
    icon: "–",
  },
  no_show: {
    label: "No-show",
    className: "bg-status-no-show text-status-no-show-ink border border-status-no-show",
    icon: "✕",
  },
};

/** A hold: someone is placing a booking on these tables right now (hatched, with a countdown). */
export const HOLD_LOOK: TStatusLook = {
  label: "Held",
  className: "hold-hatch text-teal-950 border border-dashed border-status-hold",
  icon: "◷",
};

/** The status as a small chip: icon + words on the status fill. */
export function StatusChip({ status, className = "" }: { status: BookingStatus; className?: string }) {
  const look = STATUS_LOOK[status];
  return (
    <span
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-semibold whitespace-nowrap ${look.className} ${className}`}
    >
      <span aria-hidden="true">{look.icon}</span>
      {look.label}
    </span>
  );
}
