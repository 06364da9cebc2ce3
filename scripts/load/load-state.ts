/**
 * What the simulated callers learn during a run and share: the bookable times per party size (from availability
 * look-ups), and every booking they saw (from booking answers and the staff list) so reads, cancellations and staff
 * actions address real bookings.
 */

/** A booking as the load generator last saw it. */
export type TKnownBooking = {
  id: string | null;
  reference: string | null;
  status: string;
  version: number | null;
  partySize: number;
  /** Staff answers only: the events this member of staff may send now (null: not known yet). */
  allowedEvents: string[] | null;
  /** Accepted by an answer during this run (reads and cancellations address only these). */
  ours: boolean;
  /** A staff flow is working on it: another staff member leaves it alone. */
  busy: boolean;
};

export type TBookableTime = { time: string; available: boolean };

/** Statuses that still wait for tables: what a staff quote or manual hold places. */
export const UNPLACED_STATUSES: ReadonlySet<string> = new Set([
  "created",
  "capacity_verified",
  "assignment_pending",
  "manual_review",
]);

/** Placed statuses a host may still move to other tables: a re-seat is the same quote/hold → confirm. */
export const MOVABLE_STATUSES: ReadonlySet<string> = new Set(["assigned", "confirmed"]);

/** Statuses a guest may still cancel (before check-in). */
const CANCELLABLE_STATUSES: ReadonlySet<string> = new Set([
  "created",
  "capacity_verified",
  "assignment_pending",
  "assignment_in_progress",
  "assigned",
  "confirmed",
  "manual_review",
]);

export class LoadState {
  private readonly bookings = new Map<string, TKnownBooking>();
  private readonly byReference = new Map<string, TKnownBooking>();
  /** partySize → that day's seating times with whether a booking made now would be seated. */
  readonly bookableTimes = new Map<number, TBookableTime[]>();

  /** Records what an answer says about a booking (creates the entry on first sight). */
  observe(raw: unknown, { ours = false }: { ours?: boolean } = {}): TKnownBooking | null {
    const booking = raw as Partial<{
      id: string;
      reference: string;
      status: string;
      version: number;
      partySize: number;
      allowedEvents: string[];
    }> | null;
    if (
      !booking ||
      typeof booking.status !== "string" ||
      (typeof booking.id !== "string" && typeof booking.reference !== "string")
    )
      return null;
    const key = booking.id ?? `ref:${booking.reference}`;
    let known = this.bookings.get(key) ?? (booking.reference ? this.byReference.get(booking.reference) : undefined);
    if (!known) {
      known = {
        id: null,
        reference: null,
        status: booking.status,
        version: null,
        partySize: 2,
        allowedEvents: null,
        ours,
        busy: false,
      };
      this.bookings.set(key, known);
    }
    known.id = booking.id ?? known.id;
    known.reference = booking.reference ?? known.reference;
    known.status = booking.status;
    known.version = typeof booking.version === "number" ? booking.version : known.version;
    known.partySize = typeof booking.partySize === "number" ? booking.partySize : known.partySize;
    known.allowedEvents = Array.isArray(booking.allowedEvents) ? booking.allowedEvents : known.allowedEvents;
    known.ours ||= ours;
    if (known.reference) this.byReference.set(known.reference, known);
    return known;
  }

  /** Bookings matching `test`, in insertion order (the caller picks one with its seeded random source). */
  select(test: (booking: TKnownBooking) => boolean): TKnownBooking[] {
    const found: TKnownBooking[] = [];
    for (const booking of this.bookings.values()) if (test(booking)) found.push(booking);
    return found;
  }

  readable = () => this.select((b) => b.ours && b.reference !== null);
  cancellable = () =>
    this.select((b) => b.ours && b.reference !== null && !b.busy && CANCELLABLE_STATUSES.has(b.status));
  placeable = () => this.select((b) => b.id !== null && !b.busy && UNPLACED_STATUSES.has(b.status));
  /** Placed bookings a host may move (when nothing waits for tables, hosts re-seat parties). */
  movable = () => this.select((b) => b.id !== null && !b.busy && MOVABLE_STATUSES.has(b.status));
  /** Bookings this staff member may check in or check out now (their time has come), by the server's own word. */
  transitionable = () =>
    this.select(
      (b) =>
        b.id !== null &&
        !b.busy &&
        b.version !== null &&
        (b.allowedEvents ?? []).some((e) => e === "check_in" || e === "complete"),
    );
}

export function pickOne<T>(random: () => number, items: readonly T[]): T | null {
  return items.length === 0 ? null : (items[Math.floor(random() * items.length)] ?? null);
}
