import { sql } from "kysely";
import { commitAssignmentInTx } from "@/server/assignment/commit-assignment";
import { PLANNING_CONTEXT_MS, partyMixOf } from "@/server/availability/reserve-for-stalled-earlier";
import { planBookingTransition } from "@/server/booking/machine";
import { toDomainError } from "@/server/booking/map-db-error";
import { DomainError } from "@/server/errors/domain-error";
import type { BookingStatus } from "@/server/infra/db/schema";
import { recordOnlineRepair } from "@/server/infra/telemetry/repair-metrics";
import { DEFAULT_REPAIR_LIMITS, findRepairPlan, type TRepairResult } from "@/server/repair/find-repair-plan";
import { getCompiledVenue } from "@/server/venue/get-compiled-venue";
import type { TAssignOutcome } from "./assign-outcome";
import { coordinatorActor } from "./coordinator-deps";
import { loadRepairFloor, loadRepairSettings, type TRepairFloor } from "./load-repair-floor";
import type { TPlacementContext } from "./place-booking-on-tables";
import { attemptRow, recordAttempt, reportAttempt, type TAttemptRecord } from "./record-assignment-attempt";
import { settleAfterLostFence } from "./settle-after-lost-fence";

// Placed bookings a repair may move (checked-in parties sit where they sit; waiting ones have no tables).
const MOVABLE: readonly BookingStatus[] = ["assigned", "confirmed"];
/** What the review item and the attempt row say the repair tried. */
export type TRepairSummary = {
  enabled: boolean;
  found?: boolean;
  reason?: string;
  explored?: number;
  depth?: number;
  movable?: number;
  durationMs?: number;
  moves?: { reference: string; from: string; to: string }[];
  /** The commit lost a race (a moved booking changed, or a table was taken): nothing was written. */
  lost?: string;
};

/**
 * Issue #14, online repair: the booking found no plan; before it goes to review, try to seat it by moving at most
 * a few movable bookings (assigned/confirmed, not pinned, not starting within the freeze window, overlapping its
 * window) — the pure search in server/repair. The moves and the new booking's assignment commit in ONE
 * transaction: apply_repair_moves fences every moved booking on its version and locks the tables, then
 * commit_assignment fences the new booking. Any fence failure rolls back everything and the booking goes on to
 * review as before, with what the repair tried. A move is internal (TABLES_CHANGED has no effect): no guest hears.
 */
export async function tryOnlineRepair(
  ctx: TPlacementContext,
  { attemptStarted }: { attemptStarted: number },
): Promise<{ outcome: TAssignOutcome; summary: TRepairSummary } | { outcome: null; summary: TRepairSummary }> {
  const { deps, booking } = ctx;
  const db = deps.db.kysely;
  const settings = await loadRepairSettings(db, ctx.restaurantId);
  if (!settings.enabled) return { outcome: null, summary: { enabled: false } };
  const now = deps.now?.() ?? new Date();
  const [{ venue }, floor] = await Promise.all([
    getCompiledVenue(db, { restaurantId: ctx.restaurantId, settings: booking.planning.settings }),
    loadRepairFloor(db, {
      restaurantId: ctx.restaurantId,
      from: new Date(booking.startsAt.getTime() - PLANNING_CONTEXT_MS),
      to: new Date(booking.endsAt.getTime() + PLANNING_CONTEXT_MS),
    }),
  ]);
  const freezeUntil = now.getTime() + settings.freezeMinutes * 60_000;
  const found = findRepairPlan({
    venue,
    bookings: floor.bookings.map((b) => ({
      id: b.id,
      partySize: b.partySize,
      start: b.start,
      end: b.end,
      tableIds: b.tableIds,
      movable: MOVABLE.includes(b.status) && !b.pinned && b.start >= freezeUntil,
      onlineOnly: b.source === "online",
      zone: b.preferredZoneId,
    })),
    otherIntervals: floor.holds,
    request: {
      id: booking.id,
      partySize: booking.partySize,
      start: booking.startsAt.getTime(),
      end: booking.endsAt.getTime(),
      zone: booking.preferredZoneId,
      onlineOnly: booking.source === "online",
    },
    partyMix: partyMixOf(floor.bookings.map((b) => b.partySize)),
    limits: { ...DEFAULT_REPAIR_LIMITS, maxMoves: settings.maxMoves },
  });
  const summary = summarise(found, floor);
  if (!found.found) {
    recordOnlineRepair({ outcome: "not_found" });
    return { outcome: null, summary };
  }
  const reasonOf = (move: { from: string; to: string }) =>
    `moved from ${move.from} to ${move.to} to seat booking ${booking.seen.reference}`;
  const payload = found.moves.map((move, i) => {
    const moved = floor.bookings.find((b) => b.id === move.bookingId) as TRepairFloor["bookings"][number];
    const plan = planBookingTransition({
      status: moved.status,
      context: {
        actor: { type: "optimizer", id: "online-repair" },
        now: now.getTime(),
        startsAt: moved.start,
        noShowAt: null,
        assignmentFailures: 0,
        maxAssignmentRetries: 5,
        noShowUndoMinutes: 0,
        checkInLeadMinutes: 0,
      },
      event: { type: "TABLES_CHANGED" },
    });
    const described = summary.moves?.[i] ?? { from: "", to: "" };
    return {
      bookingId: move.bookingId,
      expectedVersion: moved.stateVersion,
      tableIds: move.toTableIds,
      toStatus: plan.to,
      event: plan.event.type,
      reason: reasonOf(described),
      metadata: { repairFor: booking.id, fromTableIds: move.fromTableIds },
    };
  });
  const attempt: TAttemptRecord = {
    bookingId: ctx.bookingId,
    restaurantId: ctx.restaurantId,
    trigger: ctx.trigger,
    attempt: 1,
    durationMs: performance.now() - attemptStarted,
    outcome: "assigned",
    reasonCode: null,
    tableIds: found.tableIds,
    strategy: "repair",
    extra: { repair: summary },
  };
  await deps.onRepairPlanned?.();
  try {
    const status = await deps.db.transaction(async (tx) => {
      await sql`select apply_repair_moves(${JSON.stringify(payload)}::jsonb, ${ctx.bookingId})`.execute(tx);
      const committed = await commitAssignmentInTx(tx, {
        restaurantId: ctx.restaurantId,
        bookingId: ctx.bookingId,
        tableIds: found.tableIds,
        expectedVersion: ctx.version,
        seen: ctx.seen,
        event: "ASSIGNMENT_SUCCEEDED",
        followedBy: booking.autoConfirm ? [{ type: "CONFIRM" }] : [],
        actor: coordinatorActor(ctx.trigger),
        metadata: { repair: { moves: found.moves.length } },
        enqueue: deps.enqueue,
        attempt: attemptRow(attempt),
      });
      return committed.body.status;
    });
    reportAttempt(ctx.log, attempt);
    recordOnlineRepair({ outcome: "seated", moves: found.moves.length });
    ctx.log.info({ event: "online_repair.seated", moves: summary.moves }, "online repair seated the booking");
    return { outcome: { outcome: "assigned", status, tableIds: found.tableIds }, summary };
  } catch (error) {
    const domain = error instanceof DomainError ? error : toDomainError(error);
    if (!domain) throw error;
    // The new booking's own fence: someone else moved it meanwhile; report what it became (as a plain commit does).
    const ownFence =
      (domain.code === "STALE_VERSION" && !("repairStale" in (domain.meta ?? {}))) ||
      domain.code === "INVALID_TRANSITION";
    if (ownFence) return { outcome: await settleAfterLostFence(ctx), summary: { ...summary, lost: domain.code } };
    recordOnlineRepair({ outcome: "lost" });
    const lost = { ...summary, lost: domain.code };
    await recordAttempt(db, ctx.log, {
      ...attempt,
      outcome: "conflict",
      reasonCode: "REPAIR_LOST",
      durationMs: performance.now() - attemptStarted,
      extra: { repair: lost, conflicts: domain.meta },
    });
    return { outcome: null, summary: lost };
  }
}

function summarise(found: TRepairResult, floor: TRepairFloor): TRepairSummary {
  const label = (ids: readonly string[]) => ids.map((id) => floor.labels.get(id) ?? id).join("+");
  const stats = {
    enabled: true,
    explored: found.explored,
    depth: found.depth,
    movable: found.movable,
    durationMs: found.durationMs,
  };
  if (!found.found) return { ...stats, found: false, reason: found.reason };
  const referenceOf = new Map(floor.bookings.map((b) => [b.id, b.reference]));
  return {
    ...stats,
    found: true,
    moves: found.moves.map((m) => ({
      reference: referenceOf.get(m.bookingId) ?? m.bookingId,
      from: label(m.fromTableIds),
      to: label(m.toTableIds),
    })),
  };
}
