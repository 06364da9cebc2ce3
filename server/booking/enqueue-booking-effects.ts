import type { Tx } from "@/server/infra/db/open-db";
import { noopEnqueue, type TEnqueue, type TJobRequest } from "@/server/infra/queue/job-definition";
import type { TBookingEffect } from "./machine";

export const BOOKING_ASSIGN_JOB = "booking.assign";
export const BOOKING_NOTIFY_JOB = "booking.notify";

export type TBookingAssignPayload = { bookingId: string; restaurantId: string; stateVersion: number };
export type TBookingNotifyPayload = {
  bookingId: string;
  restaurantId: string;
  kind: "booking_confirmed" | "booking_cancelled";
  stateVersion: number;
};

/** The jobs that carry out the machine's effects for a booking that just reached `stateVersion`. */
export function jobsForEffects({
  effects,
  bookingId,
  restaurantId,
  stateVersion,
}: {
  effects: readonly TBookingEffect[];
  bookingId: string;
  restaurantId: string;
  stateVersion: number;
}): TJobRequest[] {
  return effects.map((effect): TJobRequest => {
    if (effect === "requestAssignment") {
      // One pending assign job per booking is enough: the job re-reads the booking anyway.
      return {
        name: BOOKING_ASSIGN_JOB,
        payload: { bookingId, restaurantId, stateVersion } satisfies TBookingAssignPayload,
        options: { singletonKey: `${BOOKING_ASSIGN_JOB}:${bookingId}` },
      };
    }
    const kind = effect === "notifyConfirmed" ? "booking_confirmed" : "booking_cancelled";
    return {
      name: BOOKING_NOTIFY_JOB,
      payload: { bookingId, restaurantId, kind, stateVersion } satisfies TBookingNotifyPayload,
      // Exactly one notification per booking version, however often the job is enqueued.
      options: { singletonKey: `${BOOKING_NOTIFY_JOB}:${kind}:${bookingId}:${stateVersion}` },
    };
  });
}

/** Enqueues the effects' jobs in the caller's transaction (outbox) and returns them. */
export async function enqueueBookingEffects(
  tx: Tx,
  params: {
    effects: readonly TBookingEffect[];
    bookingId: string;
    restaurantId: string;
    stateVersion: number;
    enqueue?: TEnqueue;
  },
): Promise<TJobRequest[]> {
  const jobs = jobsForEffects(params);
  const enqueue = params.enqueue ?? noopEnqueue;
  for (const job of jobs) await enqueue(tx, job);
  return jobs;
}
