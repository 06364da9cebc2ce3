import type { TTimelineSegment, TTimelineTable } from "@/server/availability/ops-availability-schema";
import { surname } from "../heatmap/heatmap-model";
import { formatTime } from "../ui/time";

/** What a host reads off a table at the slider's time. */
export type TTableStateKind = "free" | "held" | "seated" | "over_time" | "soon" | "booked" | "out_of_service";

export type TTableState = {
  kind: TTableStateKind;
  /** The booking the state is about (the one on it, held for it, or arriving soon). */
  segment: TTimelineSegment | null;
  /** over_time: how long past its end the seated party is, now. */
  overByMs?: number;
};

/** A booking starting within this long reads "reserved soon" on a free table. */
export const SOON_MS = 30 * 60_000;

/** Palette per state: fill + text (AA), and an icon so colour is never alone. Fills match the status palette. */
export const TABLE_STATE_LOOK: Record<
  TTableStateKind,
  { label: string; icon: string; className: string; ink: string }
> = {
  free: {
    label: "Free",
    icon: "",
    className: "bg-white text-slate-900 border-2 border-slate-500",
    ink: "text-slate-900",
  },
  soon: {
    label: "Reserved soon",
    icon: "◔",
    className: "bg-[#dbe4fa] text-[#15306e] border-2 border-dashed border-status-confirmed",
    ink: "text-[#15306e]",
  },
  booked: {
    label: "Booked",
    icon: "✓",
    className: "bg-status-confirmed text-status-confirmed-ink border-2 border-status-confirmed",
    ink: "text-status-confirmed-ink",
  },
  seated: {
    label: "Seated",
    icon: "●",
    className: "bg-status-checked-in text-status-checked-in-ink border-2 border-status-checked-in",
    ink: "text-status-checked-in-ink",
  },
  over_time: {
    label: "Over time",
    icon: "!",
    className: "bg-status-checked-in text-status-checked-in-ink border-4 border-danger",
    ink: "text-status-checked-in-ink",
  },
  held: {
    label: "Held",
    icon: "◷",
    className: "hold-hatch text-teal-950 border-2 border-dashed border-status-hold",
    ink: "text-teal-950",
  },
  out_of_service: {
    label: "Out of service",
    icon: "⊘",
    className: "bg-zinc-300 text-zinc-900 border-2 border-zinc-500",
    ink: "text-zinc-900",
  },
};

/** The segment covering `at`, or undefined outside the window. */
function segmentAt(table: TTimelineTable, at: number): TTimelineSegment | undefined {
  return table.segments.find((s) => Date.parse(s.start) <= at && at < Date.parse(s.end));
}

/**
 * A party checked in whose time is up keeps its table until a host marks it left: the seated booking whose end is
 * behind both the instant looked at and the clock (a party cannot be over time in the future it has not reached).
 */
export function overstayAt(table: TTimelineTable, at: number, now: number): TTimelineSegment | undefined {
  const before = Math.min(at, now);
  return table.segments.find((s) => s.kind === "booking" && s.status === "checked_in" && Date.parse(s.end) <= before);
}

/**
 * A table's state at an instant (`now`: the clock, for a party over its time): out of service (inactive), over time
 * (a seated party past its end, not marked left — whatever is booked next waits), held, seated (checked in), booked
 * (a booking on it now that is not seated yet or not marked left), reserved soon (free now, a booking starts within
 * 30 minutes), or free. A booking marked left (completed) or no-show frees the table.
 */
export function tableStateAt(table: TTimelineTable, at: number, now = at): TTableState {
  if (!table.active) return { kind: "out_of_service", segment: null };
  const overstay = overstayAt(table, at, now);
  if (overstay) return { kind: "over_time", segment: overstay, overByMs: now - Date.parse(overstay.end) };
  const current = segmentAt(table, at);
  if (current?.kind === "out_of_service") return { kind: "out_of_service", segment: null };
  if (current?.kind === "hold") return { kind: "held", segment: current };
  if (current?.kind === "booking" && current.status !== "completed" && current.status !== "no_show") {
    return { kind: current.status === "checked_in" ? "seated" : "booked", segment: current };
  }
  const next = table.segments.find((s) => {
    if (s.kind !== "booking" || s.status === "no_show" || s.status === "completed") return false;
    const start = Date.parse(s.start);
    return start > at && start <= at + SOON_MS;
  });
  if (next) return { kind: "soon", segment: next };
  return { kind: "free", segment: null };
}

/**
 * A table's name in parts, so the button's visible text (name, seats, surname) stays inside its accessible name:
 * `${table}, ${seats} seats, ${state}` then, with a party, `: ${who} party of N ${when}`.
 */
export type TTableWords = { state: string; who: string | null; party: string; when: string };

export function tableWords(state: TTableState, timezone: string): TTableWords {
  const seg = state.segment;
  const who = seg ? surname(seg.guestName ?? "Guest") : null;
  const party = seg ? `party of ${seg.partySize ?? "?"}` : "";
  const t = (iso: string | undefined) => formatTime(iso ?? 0, timezone);
  switch (state.kind) {
    case "out_of_service":
      return { state: "out of service", who: null, party: "", when: "" };
    case "held":
      return { state: "held", who, party, when: `until ${t(seg?.expiresAt ?? seg?.end)}` };
    case "seated":
      return { state: "seated", who, party, when: `until ${t(seg?.end)}` };
    case "over_time":
      return {
        state: "seated over time",
        who,
        party,
        when: `due out at ${t(seg?.end)}, over by ${Math.max(1, Math.round((state.overByMs ?? 0) / 60_000))} min`,
      };
    case "booked":
      return { state: "booked", who, party, when: `until ${t(seg?.end)}` };
    case "soon":
      return { state: "reserved soon", who, party, when: `at ${t(seg?.start)}` };
    default:
      return { state: "free", who: null, party: "", when: "" };
  }
}

/** "T3, 4 seats, seated: Okafor party of 4 until 21:00" — a table's accessible name and tooltip. */
export function describeTable(table: TTimelineTable, state: TTableState, timezone: string): string {
  const w = tableWords(state, timezone);
  const head = `${table.name}, ${table.capacity} seats, ${w.state}`;
  return w.who ? `${head}: ${w.who} ${w.party} ${w.when}` : head;
}
