import { randomBytes, randomUUID } from "node:crypto";
import { sendToReview } from "@/app/api/ops/review/review-test-kit";
import { holdManualSelection } from "@/server/assignment/hold-manual-selection";
import { hashApiKey } from "@/server/auth/api-key";
import { hashPassword } from "@/server/auth/hash-password";
import { seedPlacedBooking } from "@/server/coordinator/testing/ops-booking-test-kit";
import { bookGuest } from "@/server/guests/testing/guest-test-kit";
import type { StaffRole } from "@/server/infra/db/schema";
import type { TRuntime } from "@/server/runtime/get-runtime";
import { newLinkToken } from "@/server/setup/team/link-token";
import { type EveningScenario, seedApiKey, setupEveningScenario } from "@/server/testing/factories";
import { seedStaffMember, type TTestStaff } from "@/server/testing/staff-test-kit";
import type { TestDb } from "@/server/testing/test-db";

/**
 * The world the access matrix and the bad-input suite act in: restaurants A and B (seeded once per file), the
 * callers, and cheap builders of FRESH resources of A for each request (a booking, a placed booking, a hold, a
 * guest, an invitation, a team member, an API key), so no request depends on what an earlier one changed.
 */
export const SCENARIO_DATE = "2027-03-05";
export const SIGN_IN_PASSWORD = "correct horse battery staple";
/** Rate limits out of the way: hundreds of requests from one address and one key are the point here. */
export const SECURITY_TEST_ENV = {
  RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: "1000000",
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: "1000000",
  RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_MINUTE: "1000000",
  RATE_LIMIT_ASSIGNMENT_PER_MINUTE: "1000000",
};

const FIRST_SLOT_DAY = Date.UTC(2027, 3, 1); // 2027-04-01: after the scenario's evening, inside the 365-day horizon
const SLOT_TIMES = ["17:00", "19:30"] as const; // 90–105 min turns + 15 min buffer: the two never overlap
const SLOT_TABLES = ["A", "C"] as const; // not adjacent: a hold on one never blocks a merge plan of the other

export type TWorld = {
  db: TestDb;
  runtime: TRuntime;
  a: EveningScenario;
  b: EveningScenario;
  /** Owner of A as a use-case actor (seeding holds, invitations …). */
  ownerOfA: TTestStaff;
  signInEmail: string;
  seedStaff(restaurantId: string, role: StaffRole): Promise<TTestStaff>;
  /** A date, time and table of A nobody else uses: one per call. */
  slot(): { date: string; at: string; table: string; tableId: string };
  /** A booking of A waiting for tables (on its own slot). */
  booking(): Promise<{ id: string; reference: string; version: number; slot: ReturnType<TWorld["slot"]> }>;
  placedBooking(): Promise<{ id: string; reference: string; version: number; tableId: string }>;
  reviewBooking(): Promise<{ id: string; version: number; tableId: string }>;
  heldBooking(): Promise<{ bookingId: string; holdId: string }>;
  guest(): Promise<string>;
  invite(): Promise<{ id: string; token: string }>;
  /** A host of A with a pending password-reset link (sent by A's owner). */
  passwordReset(): Promise<{ staffUserId: string; token: string }>;
  apiKeyId(): Promise<string>;
  stateVersion(bookingId: string): Promise<number>;
};

export async function seedWorld({ db, runtime }: { db: TestDb; runtime: TRuntime }): Promise<TWorld> {
  const secret = runtime.env.SESSION_SECRET;
  const a = await setupEveningScenario(db);
  const b = await setupEveningScenario(db);
  // Hundreds of fresh slots, two a day from 2027-04-01: past a one-year booking horizon before the suite ends.
  await db.kysely
    .updateTable("restaurants")
    .set({ booking_horizon_days: 3650 })
    .where("id", "in", [a.restaurantId, b.restaurantId])
    .execute();
  const seedStaff = (restaurantId: string, role: StaffRole) =>
    seedStaffMember(db.kysely, { secret, memberships: [[restaurantId, role]] });
  const ownerOfA = await seedStaff(a.restaurantId, "owner");
  const signInEmail = `sign-in-${randomBytes(4).toString("hex")}@example.test`;
  await db.kysely
    .insertInto("staff_users")
    .values({ email: signInEmail, display_name: "Sign In", password_hash: await hashPassword(SIGN_IN_PASSWORD) })
    .execute();

  let slots = 0;
  const slot = () => {
    const n = slots++;
    // Two slots a day, each with its own time AND table: a request that picks its own tables (an auto quote holds
    // the best plan, a walk-in is placed) at one slot's time can never land on the other slot's table and time.
    const date = new Date(FIRST_SLOT_DAY + Math.floor(n / 2) * 86_400_000).toISOString().slice(0, 10);
    const table = SLOT_TABLES[n % 2] as string;
    return { date, at: SLOT_TIMES[n % 2] as string, table, tableId: a.tables[table] as string };
  };
  const stateVersion = async (bookingId: string) =>
    (
      await db.kysely
        .selectFrom("bookings")
        .select("state_version")
        .where("id", "=", bookingId)
        .executeTakeFirstOrThrow()
    ).state_version;
  const booking: TWorld["booking"] = async () => {
    const where = slot();
    const created = await a.book({ party: 2, at: where.at, date: where.date });
    return {
      id: created.bookingId,
      reference: created.reference,
      version: await stateVersion(created.bookingId),
      slot: where,
    };
  };
  const ownerActor = { type: "staff", id: ownerOfA.id, role: "owner" } as const;

  return {
    db,
    runtime,
    a,
    b,
    ownerOfA,
    signInEmail,
    seedStaff,
    slot,
    booking,
    stateVersion,
    placedBooking: async () => {
      const where = slot();
      const placed = await seedPlacedBooking(db, { venue: a, tables: [where.table], at: where.at, date: where.date });
      return { ...placed, tableId: where.tableId };
    },
    reviewBooking: async () => {
      const { id, slot: where } = await booking();
      const version = await sendToReview(db, { restaurantId: a.restaurantId, bookingId: id, reason: "NO_PLAN" });
      return { id, version, tableId: where.tableId };
    },
    heldBooking: async () => {
      const { id, slot: where } = await booking();
      const held = await holdManualSelection({
        db,
        restaurantId: a.restaurantId,
        actor: ownerActor,
        bookingId: id,
        tableIds: [where.tableId],
      });
      return { bookingId: id, holdId: held.hold.id };
    },
    guest: async () => {
      const where = slot();
      const booked = await bookGuest(db, {
        restaurantId: a.restaurantId,
        at: where.at,
        date: where.date,
        name: "Grace Hopper",
        email: `guest-${randomUUID()}@example.test`,
      });
      if (!booked.guestId) throw new Error("the booking was not linked to a guest");
      return booked.guestId;
    },
    invite: async () => {
      const { token, tokenHash } = newLinkToken();
      const row = await db.kysely
        .insertInto("staff_invites")
        .values({
          restaurant_id: a.restaurantId,
          email: `invitee-${randomUUID()}@example.test`,
          role: "host",
          token_hash: tokenHash,
          invited_by: ownerOfA.id,
          expires_at: new Date(Date.now() + 86_400_000),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { id: row.id, token };
    },
    passwordReset: async () => {
      const host = await seedStaff(a.restaurantId, "host");
      const { token, tokenHash } = newLinkToken();
      await db.kysely
        .insertInto("staff_password_resets")
        .values({
          staff_user_id: host.id,
          restaurant_id: a.restaurantId,
          token_hash: tokenHash,
          requested_by: ownerOfA.id,
          expires_at: new Date(Date.now() + 86_400_000),
        })
        .execute();
      return { staffUserId: host.id, token };
    },
    apiKeyId: async () => {
      const key = await seedApiKey(db.kysely, { restaurantId: a.restaurantId });
      const row = await db.kysely
        .selectFrom("api_keys")
        .select("id")
        .where("key_hash", "=", hashApiKey(key))
        .executeTakeFirstOrThrow();
      return row.id;
    },
  };
}
