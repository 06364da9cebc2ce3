import { DomainError } from "@/server/errors/domain-error";
import type { TServiceWindow } from "./resolve-service-window";

/** create_booking's `p_pacing`: the slot and its caps; create_booking counts the slot under its lock. */
export type TPacingCheck = {
  slotStart: string;
  slotEnd: string;
  cap: number | null;
  onlineCap: number | null;
};

/**
 * Pacing caps: covers starting in one slot (all sources, and online ones separately). Checking and inserting must
 * not interleave, so create_booking takes the slot's transaction-scoped advisory lock, counts and inserts in one
 * call (maitre_slot_covers); the lock is held until the booking's transaction ends. Null: no cap applies.
 */
export function pacingCheckOf(window: TServiceWindow, source: string): TPacingCheck | null {
  const { pacingCoversPerSlot: cap, pacingOnlineCoversPerSlot: onlineCap } = window;
  if (cap === null && (onlineCap === null || source !== "online")) return null;
  return { slotStart: window.slotStart.toISOString(), slotEnd: window.slotEnd.toISOString(), cap, onlineCap };
}

/** create_booking's PACING_LIMIT (counts in `meta`) in the guest's words: which slot, how full, what to do. */
export function explainPacingLimit(error: DomainError, window: TServiceWindow, partySize: number): DomainError {
  const meta = error.meta as { scope?: string; covers?: number; online?: number; cap?: number; onlineCap?: number };
  const slot = `${window.local.date} ${window.local.time.slice(0, 5)}`;
  const slotStart = window.slotStart.toISOString();
  if (meta.scope === "online") {
    return new DomainError(
      "PACING_LIMIT",
      `${meta.online} of ${meta.onlineCap} online covers already start in the slot of ${slot}`,
      {
        hint: "Choose a neighbouring time slot, or call the restaurant",
        meta: { slotStart, onlineCovers: meta.online, onlineCap: meta.onlineCap, partySize },
        cause: error,
      },
    );
  }
  return new DomainError("PACING_LIMIT", `${meta.covers} of ${meta.cap} covers already start in the slot of ${slot}`, {
    meta: { slotStart, covers: meta.covers, cap: meta.cap, partySize },
    cause: error,
  });
}
