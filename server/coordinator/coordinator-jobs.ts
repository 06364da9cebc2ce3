import { holdsSweeperJob } from "@/server/assignment/sweep-expired-holds";
import type { TBookingAssignPayload, TBookingNotifyPayload } from "@/server/booking/enqueue-booking-effects";
import { defineJob, type TJobDefinition } from "@/server/infra/queue/job-definition";
import type { TMailTransport } from "@/server/notifications/mail-transport";
import { sendBookingNotification } from "@/server/notifications/send-booking-notification";
import { assignBooking } from "./assign-booking";
import type { TCoordinatorDeps } from "./coordinator-deps";
import { pruneRetention } from "./prune-retention";

/**
 * The background work, as job definitions the queue registers in every worker: assignment (the durable half of
 * the pipeline), guest emails, the hold sweeper and retention. Transient failures throw and are retried by the
 * queue; handled outcomes (already assigned, sent to review) return normally.
 */
export function createCoordinatorJobs({
  deps,
  mail,
  mailFrom,
}: {
  deps: TCoordinatorDeps;
  mail: TMailTransport;
  mailFrom: string;
}): TJobDefinition<never>[] {
  const assign = defineJob<TBookingAssignPayload>({
    name: "booking.assign",
    run: (payload, ctx) =>
      assignBooking(
        { ...deps, log: ctx.log ?? deps.log },
        { bookingId: payload.bookingId, trigger: "job", signal: ctx.signal },
      ),
  });
  const notify = defineJob<TBookingNotifyPayload>({
    name: "booking.notify",
    run: (payload) =>
      sendBookingNotification({
        db: deps.db,
        transport: mail,
        mailFrom,
        bookingId: payload.bookingId,
        kind: payload.kind,
      }),
  });
  const retention = defineJob<Record<string, never>>({
    name: "retention.prune",
    cron: "17 3 * * *",
    run: () => pruneRetention({ db: deps.db }),
  });
  return [assign, notify, holdsSweeperJob, retention] as TJobDefinition<never>[];
}
