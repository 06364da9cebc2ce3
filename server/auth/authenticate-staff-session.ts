import { DomainError } from "@/server/errors/domain-error";
import { createTtlCache } from "@/server/infra/cache/create-ttl-cache";
import type { Queryable } from "@/server/infra/db/open-db";
import { findStaffSession } from "./find-staff-session";
import { verifySessionToken } from "./session-token";
import { SIGN_IN_HINT, type TStaffActor } from "./staff-session-types";

/**
 * Sessions found live in the last second, by token: a dashboard's every request would otherwise spend a round trip
 * on its session. Sign-out is seen at once on the instance that revoked (it clears this), and sign-out, a
 * deactivated user, a changed membership or the session's expiry within a second on every other.
 */
export const liveSessions = sharedLiveSessions();

type TSessionsGlobal = typeof globalThis & { __maitreLiveSessions?: ReturnType<typeof createTtlCache<TStaffActor>> };

/**
 * ONE cache per process: Next.js bundles route handlers and pages separately, so a module-level cache would exist
 * once per bundle, and a route that clears it (sign-out, a new restaurant, a role change) would leave the pages'
 * copy serving the old memberships for up to a second.
 */
function sharedLiveSessions() {
  const g = globalThis as TSessionsGlobal;
  g.__maitreLiveSessions ??= createTtlCache<TStaffActor>({ ttlMs: 1000, max: 5000 });
  return g.__maitreLiveSessions;
}

/** last_seen_at is a "when was this used" for people, not a clock: one write per session per few minutes at most. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

/**
 * The member of staff behind a session token (the cookie's value), or UNAUTHENTICATED — one answer whether the
 * token is forged, edited, expired, revoked, or its user was deactivated.
 */
export async function authenticateStaffSession(
  db: Queryable,
  { token, secret, now = new Date() }: { token: string; secret: string; now?: Date },
): Promise<TStaffActor> {
  const cached = liveSessions.get(token, now.getTime());
  if (cached) return cached;
  const claims = await verifySessionToken(token, { secret, now });
  const found = claims ? await findStaffSession(db, { ...claims, now }) : null;
  if (!found) {
    throw new DomainError("UNAUTHENTICATED", "the staff session is missing, expired or ended", {
      hint: SIGN_IN_HINT,
    });
  }
  const { lastSeenAt, ...actor } = found;
  if (now.getTime() - lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable("staff_sessions").set({ last_seen_at: now }).where("id", "=", actor.sessionId).execute();
  }
  liveSessions.set(token, actor, now.getTime());
  return actor;
}
