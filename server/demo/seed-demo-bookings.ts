import { createBooking } from "@/server/booking/create-booking";
import type { TBookingActor } from "@/server/booking/machine";
import { transitionBooking } from "@/server/booking/transition-booking";
import { assignBooking } from "@/server/coordinator/assign-booking";
import type { TCoordinatorDeps } from "@/server/coordinator/coordinator-deps";
import { isDomainError } from "@/server/errors/domain-error";
import { toZonedParts } from "@/server/time/zoned-time";
import type { DemoVenue } from "./demo-venues";
import { generateDemoBookings } from "./generate-demo-bookings";
import type { SeededVenue } from "./seed-demo-venue";

export type TSeedBookingsReport = {
  date: string;
  requested: number;
  refused: Record<string, number>;
  byStatus: Record<string, number>;
};

const SEED_ACTOR: TBookingActor = { type: "system", id: "seed" };
const SEED = 20_261_122;

/**
 * A realistic day for one venue, created the way real bookings are: each request goes through createBooking
 * (service, pacing, party checks; requests the restaurant would refuse are counted, not forced in) and then
 * through the coordinator, in arrival order. Parties whose time has passed are checked in or completed, and a
 * few become no-shows, through the lifecycle machine too. Nothing is written around the machine.
 */
export async function seedDemoBookings({
  deps,
  venue,
  seeded,
  date,
  now = new Date(),
}: {
  deps: TCoordinatorDeps;
  venue: DemoVenue;
  seeded: SeededVenue;
  date?: string;
  now?: Date;
}): Promise<TSeedBookingsReport> {
  const day = date ?? nextServiceDay({ venue, now });
  const requests = generateDemoBookings({ venue, seed: SEED + venue.slug.length });
  const refused: Record<string, number> = {};
  const created: Array<{ id: string; startsAt: Date; endsAt: Date; arrival: number }> = [];
  for (const request of requests) {
    try {
      const result = await createBooking({
        db: deps.db,
        restaurantId: seeded.restaurantId,
        actor: SEED_ACTOR,
        partySize: request.partySize,
        startsAt: `${day}T${request.localTime}`,
        guestName: request.guestName,
        guestEmail: request.guestEmail,
        guestPhone: request.guestPhone,
        source: request.source,
        notes: request.notes,
        tags: request.tags,
        preferredZoneId: request.preferredZone ? (seeded.zoneIds[request.preferredZone] ?? null) : null,
        idempotencyKey: `seed-${day}-${request.arrival}`,
        now,
        enqueue: deps.enqueue,
      });
      const body = result.body;
      created.push({
        id: body.bookingId,
        startsAt: new Date(body.startsAt),
        endsAt: new Date(body.endsAt),
        arrival: request.arrival,
      });
      await assignBooking(deps, { bookingId: body.bookingId, trigger: "bulk" });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      refused[error.code] = (refused[error.code] ?? 0) + 1;
    }
  }
  await playOutThePast({ deps, created, now });
  const rows = await deps.db.kysely
    .selectFrom("bookings")
    .select(["status"])
    .where("restaurant_id", "=", seeded.restaurantId)
    .execute();
  const byStatus: Record<string, number> = {};
  for (const row of rows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
  return { date: day, requested: requests.length, refused, byStatus };
}

async function playOutThePast({
  deps,
  created,
  now,
}: {
  deps: TCoordinatorDeps;
  created: Array<{ id: string; startsAt: Date; endsAt: Date; arrival: number }>;
  now: Date;
}): Promise<void> {
  for (const booking of created) {
    if (booking.startsAt > now) continue;
    const status = await deps.db.kysely
      .selectFrom("bookings")
      .select("status")
      .where("id", "=", booking.id)
      .executeTakeFirst();
    if (status?.status !== "confirmed") continue;
    const move = (type: "CHECK_IN" | "COMPLETE" | "MARK_NO_SHOW") =>
      transitionBooking({
        db: deps.db,
        bookingId: booking.id,
        event: { type },
        actor: SEED_ACTOR,
        now,
        enqueue: deps.enqueue,
      });
    if (booking.arrival % 19 === 7) {
      await move("MARK_NO_SHOW");
      continue;
    }
    await move("CHECK_IN");
    if (booking.endsAt <= now) await move("COMPLETE");
  }
}

/**
 * Today in the venue's zone, or tomorrow once today's last seating has passed: the demo opens on an evening that
 * is still ahead (at 23:00 in New York, "today" would be a finished day).
 */
function nextServiceDay({ venue, now }: { venue: DemoVenue; now: Date }): string {
  const local = toZonedParts(now, venue.timezone);
  const lastSeating =
    venue.servicePeriods
      .map((p) => p.lastSeating)
      .sort()
      .at(-1) ?? "23:59";
  if (local.time.slice(0, 5) <= lastSeating) return local.date;
  const tomorrow = new Date(`${local.date}T12:00:00Z`);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  return tomorrow.toISOString().slice(0, 10);
}
