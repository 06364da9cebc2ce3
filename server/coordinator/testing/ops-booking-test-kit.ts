import { sql } from "kysely";
import { expect } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import type { Db, Queryable } from "@/server/infra/db/open-db";

/**
 * Bookings in the states the ops booking routes act on, for their integration tests: placed on given tables
 * (by a manager's assignment), optionally moved to start a few minutes from now (check-in and no-show read the
 * clock), and a fingerprint of everything a refused request must leave untouched.
 */

const MANAGER = { type: "staff", id: "ops-test-manager", role: "manager" } as const;

/** The part of server/testing's EveningScenario used here (a feature folder may not import server/testing). */
type TVenue = {
  restaurantId: string;
  tables: Record<string, string>;
  book(request: { party: number; at: string; date?: string }): Promise<{ bookingId: string; reference: string }>;
};

let nextDay = 0;

/** A fresh March 2027 date per call (up to 28), so bookings of one file never compete for tables. */
export function nextTestDate(): string {
  nextDay += 1;
  return `2027-03-${String(((nextDay - 1) % 28) + 1).padStart(2, "0")}`;
}

/** A booking of `venue` at `at` (local) on a fresh date, placed on `tables` (labels): status `assigned`. */
export async function seedPlacedBooking(
  db: Db,
  {
    venue,
    tables,
    party = 2,
    at = "19:00",
    date = nextTestDate(),
  }: { venue: TVenue; tables: string[]; party?: number; at?: string; date?: string },
): Promise<{ id: string; reference: string; version: number; startsAt: string }> {
  const created = await venue.book({ party, at, date });
  const tableIds = tables.map((label) => {
    const id = venue.tables[label];
    if (!id) throw new Error(`no table ${label}`);
    return id;
  });
  const outcome = await commitAssignment({
    db,
    restaurantId: venue.restaurantId,
    actor: MANAGER,
    bookingId: created.bookingId,
    tableIds,
  });
  expect(outcome.body.status).toBe("assigned");
  return {
    id: created.bookingId,
    reference: created.reference,
    version: outcome.body.stateVersion,
    startsAt: `${date}T${at}`,
  };
}

/**
 * Moves a booking's time to start `minutesFromNow` minutes from now (negative: already started). Only the booking
 * row moves (its allocations keep their slot): the lifecycle's clock guards read the booking's start.
 */
export async function startBookingIn(db: Queryable, bookingId: string, minutesFromNow: number): Promise<Date> {
  const startsAt = new Date(Date.now() + minutesFromNow * 60_000);
  await db
    .updateTable("bookings")
    .set({ starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 90 * 60_000) })
    .where("id", "=", bookingId)
    .execute();
  return startsAt;
}

/** What any request that changes a booking writes: a refused one must leave all of it as it was. */
export async function writeFingerprint(db: Queryable): Promise<Record<string, number | string>> {
  const count = async (table: "booking_state_history" | "allocations" | "assign_all_runs") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const versions = await db
    .selectFrom("bookings")
    .select((eb) => eb.fn.sum<number>("state_version").as("v"))
    .executeTakeFirstOrThrow();
  const jobs = await sql<{ n: number }>`select count(*)::int as n from pgboss.job`.execute(db);
  return {
    jobs: Number(jobs.rows[0]?.n ?? 0),
    history: await count("booking_state_history"),
    allocations: await count("allocations"),
    runs: await count("assign_all_runs"),
    versions: String(versions.v ?? 0),
  };
}
