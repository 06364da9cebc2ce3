import type { JWTVerifyGetKey } from "jose";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import { SIGN_IN_HINT, type TStaffActor } from "./staff-session-types";
import { verifySupabaseAccessToken } from "./verify-supabase-access-token";

export type TSupabaseAuthConfig = {
  supabaseUrl: string;
  /** HS256 projects: the JWT secret. Without it only asymmetric tokens (JWKS) are accepted. */
  jwtSecret?: string;
  /** Tests: a local key set instead of the project's published one. */
  jwks?: JWTVerifyGetKey;
};

export const NOT_STAFF_HINT =
  "This Supabase account is not linked to a member of staff: ask an owner of your restaurant to add you";

/**
 * The member of staff behind a Supabase access token: the token is verified (verifySupabaseAccessToken), its user
 * is found by staff_users.supabase_user_id (never by email: Supabase may hold unconfirmed addresses, and linking is
 * an owner's decision), and the memberships come from our database exactly as for local accounts. A genuine
 * Supabase user with no active staff row is UNAUTHENTICATED too — being signed in to the project is not being
 * staff — with its own hint, so they know whom to ask.
 */
export async function authenticateSupabaseUser(
  db: Queryable,
  { accessToken, config, now = new Date() }: { accessToken: string; config: TSupabaseAuthConfig; now?: Date },
): Promise<TStaffActor> {
  const claims = await verifySupabaseAccessToken(accessToken, { ...config, now });
  if (!claims) {
    throw new DomainError("UNAUTHENTICATED", "the Supabase session is missing, expired or not valid", {
      hint: SIGN_IN_HINT,
      meta: { reason: "invalid_token" },
    });
  }
  const actor = await findStaffBySupabaseUser(db, { supabaseUserId: claims.userId });
  if (!actor) {
    throw new DomainError("UNAUTHENTICATED", "no member of staff is linked to this Supabase account", {
      hint: NOT_STAFF_HINT,
      meta: { reason: "no_staff_user" },
    });
  }
  return { ...actor, sessionId: claims.sessionId };
}

/** The active staff user linked to a Supabase user, with their restaurants and roles; null when there is none. */
export async function findStaffBySupabaseUser(
  db: Queryable,
  { supabaseUserId }: { supabaseUserId: string },
): Promise<Omit<TStaffActor, "sessionId"> | null> {
  const user = await db
    .selectFrom("staff_users")
    .select(["id", "email", "display_name"])
    .where("supabase_user_id", "=", supabaseUserId)
    .where("active", "=", true)
    .executeTakeFirst();
  if (!user) return null;
  const memberships = await db
    .selectFrom("restaurant_memberships as m")
    .innerJoin("restaurants as r", "r.id", "m.restaurant_id")
    .select(["r.id as restaurantId", "r.slug", "r.name", "r.timezone", "m.role"])
    .where("m.staff_user_id", "=", user.id)
    .orderBy("r.name")
    .orderBy("r.id")
    .execute();
  return { type: "staff", id: user.id, email: user.email, name: user.display_name, memberships };
}
