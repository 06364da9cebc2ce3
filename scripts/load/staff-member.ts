import type { TLoadContext } from "./load-context";
import type { TExchange } from "./load-http";
import type { TSlotKind } from "./load-mix";
import { pickOne, type TKnownBooking } from "./load-state";
import type { TLoadRoute } from "./load-types";
import type { TStaffSession } from "./staff-session";

/** The statuses the staff list asks for: the day's work still to do (placing, seating, finishing). */
const WORK_STATUSES = "created,capacity_verified,assignment_pending,manual_review,assigned,confirmed,checked_in";
const LIST_PAGE = 100;

/** A step that follows an earlier answer (confirm after a quote, hold after a context, confirm after a hold). */
type TPendingStep = { run: () => Promise<void> };

type TContextTable = { id: string; capacity: number; minParty: number; state: string };

/**
 * One simulated member of staff: its own session, its slots of the schedule, and the flows it has started.
 *
 * A flow's next step waits for the member's next slot (as a person reads a quote before confirming), so every slot
 * is one request. Quotes and manual holds work on a booking waiting for tables or, when none waits, re-seat a placed
 * one (hosts move parties all evening). Kinds that find nothing to work on (no booking at all, none whose time has come)
 * read the list instead, which is also how the member learns of new work.
 */
export class StaffMember {
  private readonly pending: TPendingStep[] = [];
  private listCursor: string | null = null;

  constructor(
    private readonly context: TLoadContext,
    private readonly session: TStaffSession,
  ) {}

  async act(kind: TSlotKind): Promise<void> {
    const step = this.pending.shift();
    if (step) return step.run();
    if (kind === "staff.quote") return this.quote();
    if (kind === "manual.context") return this.openContext();
    if (kind === "ops.transition") return this.transition();
    return this.list();
  }

  private send(route: TLoadRoute, path: string, init: RequestInit = {}): Promise<(TExchange & { url: string }) | null> {
    const url = this.context.nextUrl();
    const headers: Record<string, string> = {
      cookie: this.session.cookie,
      ...(init.headers as Record<string, string>),
    };
    // Cookie-authenticated mutations must name the server's own origin (server/http/same-origin.ts).
    if (init.method && init.method !== "GET") headers.origin = url;
    if (init.body) headers["content-type"] = "application/json";
    return this.context.send(route, path, { ...init, headers }, url);
  }

  /** GET /api/ops/bookings: one page of the day's open work, paging on through the day and starting over. */
  async list(): Promise<void> {
    const { restaurantId } = this.context;
    const date = this.context.pickDate();
    const cursor = this.listCursor ? `&cursor=${encodeURIComponent(this.listCursor)}` : "";
    const answer = await this.send(
      "ops.list",
      `/api/ops/bookings?restaurantId=${restaurantId}&date=${date}&status=${WORK_STATUSES}&limit=${LIST_PAGE}${cursor}`,
    );
    const page = answer?.json as { items?: unknown[]; nextCursor?: string | null } | null;
    if (answer?.status !== 200 || !page) return;
    for (const item of page.items ?? []) this.context.state.observe(item);
    this.listCursor = page.nextCursor ?? null;
  }

  /** Auto flow: quote (the planner holds its best tables), then confirm the hold on the next slot. */
  private async quote(): Promise<void> {
    const booking = this.claimWork();
    if (!booking?.id) return this.list();
    const bookingId = booking.id;
    const answer = await this.send("staff.quote", "/api/staff/auto/quote", {
      method: "POST",
      body: JSON.stringify({ bookingId }),
    });
    const holdId = (answer?.json as { hold?: { id?: string } | null } | null)?.hold?.id;
    if (answer?.status !== 200 || !holdId) return this.release(booking, answer);
    this.pending.push({ run: () => this.confirm("staff.confirm", "/api/staff/auto/confirm", booking, holdId) });
  }

  /** Manual flow: read the tables around the booking, hold the smallest free one that seats the party, confirm. */
  private async openContext(): Promise<void> {
    const booking = this.claimWork();
    if (!booking?.id) return this.list();
    const bookingId = booking.id;
    const answer = await this.send("manual.context", `/api/staff/manual/context?bookingId=${bookingId}`);
    const context = answer?.json as { tables?: TContextTable[]; contextVersion?: string; booking?: unknown } | null;
    if (answer?.status !== 200 || !context?.contextVersion) return this.release(booking, answer);
    this.context.state.observe(context.booking);
    const table = (context.tables ?? [])
      .filter((t) => t.state === "free" && t.capacity >= booking.partySize && t.minParty <= booking.partySize)
      .sort((a, b) => a.capacity - b.capacity)[0];
    if (!table) return this.release(booking, null); // nothing seats it alone: left to the review queue
    const contextVersion = context.contextVersion;
    this.pending.push({ run: () => this.hold(booking, table.id, contextVersion) });
  }

  private async hold(booking: TKnownBooking, tableId: string, contextVersion: string): Promise<void> {
    const bookingId = booking.id as string;
    const answer = await this.send("manual.hold", "/api/staff/manual/hold", {
      method: "POST",
      body: JSON.stringify({ bookingId, tableIds: [tableId], contextVersion }),
    });
    const holdId = (answer?.json as { hold?: { id?: string } } | null)?.hold?.id;
    if (answer?.status !== 201 || !holdId) return this.release(booking, answer);
    this.pending.push({ run: () => this.confirm("manual.confirm", "/api/staff/manual/confirm", booking, holdId) });
  }

  /** Either confirmation; an accepted one is recorded for the invariant checker like a client's booking. */
  private async confirm(route: TLoadRoute, path: string, booking: TKnownBooking, holdId: string): Promise<void> {
    const idempotencyKey = `${this.context.keyPrefix}-c${this.context.nextNumber()}`;
    const answer = await this.send(route, path, {
      method: "POST",
      headers: { "idempotency-key": idempotencyKey },
      body: JSON.stringify({ bookingId: booking.id, holdId }),
    });
    if ((answer?.status === 201 || answer?.status === 200) && booking.reference) {
      this.context.state.observe(answer.json);
      this.context.report.accepted.push({
        reference: booking.reference,
        ...(booking.id ? { bookingId: booking.id } : {}),
        idempotencyKey,
        acceptedAt: answer.receivedAt,
      });
    }
    this.release(booking, answer?.status === 201 || answer?.status === 200 ? null : answer);
  }

  /** Check-in of a booking whose time has come, or check-out of a seated one, as the server's allowedEvents say. */
  private async transition(): Promise<void> {
    const booking = this.claim(this.context.state.transitionable());
    if (!booking?.id) return this.list();
    const event = booking.allowedEvents?.includes("complete") ? "complete" : "check_in";
    const answer = await this.send("ops.transition", `/api/ops/bookings/${booking.id}/transitions`, {
      method: "POST",
      body: JSON.stringify({ event, expectedVersion: booking.version }),
    });
    if (answer?.status === 200) this.context.state.observe(answer.json);
    this.release(booking, answer?.status === 200 ? null : answer);
  }

  /** A booking waiting for tables first; when none waits, a placed one to re-seat (a host moving a party). */
  private claimWork(): TKnownBooking | null {
    return this.claim(this.context.state.placeable()) ?? this.claim(this.context.state.movable());
  }

  private claim(candidates: TKnownBooking[]): TKnownBooking | null {
    const booking = pickOne(this.context.random, candidates);
    if (booking) booking.busy = true;
    return booking;
  }

  /** Ends a flow; a refusal that carries the booking as it is now (STALE_VERSION's `current`) refreshes it. */
  private release(booking: TKnownBooking, answer: TExchange | null): void {
    booking.busy = false;
    const current = (answer?.json as { current?: unknown } | null)?.current;
    if (current) this.context.state.observe(current);
    // A refusal that says the booking is no longer waiting (placed meanwhile by its job, cancelled): forget the
    // allowed events we had, the next list read tells the truth.
    if (answer && answer.status !== null && answer.status >= 400 && !current) booking.allowedEvents = null;
  }
}
