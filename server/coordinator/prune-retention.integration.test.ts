import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { seedBookingRow, seedRestaurant } from "@/server/testing/factories";
import { seedStaffMember } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { pruneRetention } from "./prune-retention";

const SECRET = "a-test-secret-that-is-at-least-32-characters";
const daysAgo = (days: number) => sql<Date>`now() - make_interval(days => ${days})`;

describeEachBackend("retention.prune", ({ db }) => {
  it("deletes old attempts, expired idempotency keys, long-ended staff sessions and reset links, and nothing live or recent", async () => {
    const restaurant = await seedRestaurant(db().kysely);
    const booking = await seedBookingRow(db().kysely, {
      restaurantId: restaurant.id,
      startsAt: "2027-03-05T19:00:00Z",
      endsAt: "2027-03-05T20:30:00Z",
    });
    const attempt = (days: number) =>
      db()
        .kysely.insertInto("assignment_attempts")
        .values({
          restaurant_id: restaurant.id,
          booking_id: booking.id,
          trigger: "job",
          outcome: "assigned",
          duration_ms: 3,
          created_at: daysAgo(days),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    const oldAttempt = await attempt(91);
    const recentAttempt = await attempt(89);
    await db()
      .kysely.insertInto("idempotency_keys")
      .values([
        { scope: "prune-test", key: "expired", request_hash: "h", expires_at: daysAgo(1) },
        { scope: "prune-test", key: "live", request_hash: "h" },
      ])
      .execute();
    const staff = await seedStaffMember(db().kysely, { secret: SECRET, memberships: [[restaurant.id, "host"]] });
    const session = (values: { created: number; expires: number; revoked?: number }) =>
      db()
        .kysely.insertInto("staff_sessions")
        .values({
          staff_user_id: staff.id,
          created_at: daysAgo(values.created),
          expires_at: daysAgo(values.expires),
          revoked_at: values.revoked === undefined ? null : daysAgo(values.revoked),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    const expiredLongAgo = await session({ created: 45, expires: 31 });
    const signedOutLongAgo = await session({ created: 40, expires: -10, revoked: 35 });
    const expiredRecently = await session({ created: 20, expires: 2 });
    const signedOutRecently = await session({ created: 10, expires: -10, revoked: 3 });

    const reset = (expires: number) =>
      db()
        .kysely.insertInto("staff_password_resets")
        .values({
          staff_user_id: staff.id,
          restaurant_id: restaurant.id,
          token_hash: randomBytes(32).toString("hex"),
          created_at: daysAgo(expires + 1),
          expires_at: daysAgo(expires),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    const resetLongAgo = await reset(31);
    const resetRecently = await reset(29);

    const pruned = await pruneRetention({ db: db() });
    expect(pruned.attempts).toBeGreaterThanOrEqual(1);
    expect(pruned.idempotencyKeys).toBeGreaterThanOrEqual(1);
    expect(pruned.staffSessions).toBeGreaterThanOrEqual(2);
    expect(pruned.passwordResets).toBeGreaterThanOrEqual(1);
    const resetIds = (
      await db().kysely.selectFrom("staff_password_resets").select("id").where("staff_user_id", "=", staff.id).execute()
    ).map((r) => r.id);
    expect(resetIds).toEqual([resetRecently.id]);
    expect(resetIds).not.toContain(resetLongAgo.id);

    const attemptIds = (await db().kysely.selectFrom("assignment_attempts").select("id").execute()).map((r) => r.id);
    expect(attemptIds).not.toContain(oldAttempt.id);
    expect(attemptIds).toContain(recentAttempt.id);
    const keys = await db()
      .kysely.selectFrom("idempotency_keys")
      .select("key")
      .where("scope", "=", "prune-test")
      .execute();
    expect(keys.map((k) => k.key)).toEqual(["live"]);
    const sessionIds = (
      await db().kysely.selectFrom("staff_sessions").select("id").where("staff_user_id", "=", staff.id).execute()
    ).map((r) => r.id);
    expect(sessionIds).not.toContain(expiredLongAgo.id);
    expect(sessionIds).not.toContain(signedOutLongAgo.id);
    expect(sessionIds).toEqual(expect.arrayContaining([expiredRecently.id, signedOutRecently.id, staff.sessionId]));
  });
});
