import { authenticateStaffSession } from "@/server/auth/authenticate-staff-session";
import { SIGN_IN_HINT, type TStaffActor } from "@/server/auth/staff-session-types";
import { DomainError, isDomainError } from "@/server/errors/domain-error";
import { getRuntime } from "@/server/runtime/get-runtime";
import { assertSameOrigin, isSafeMethod } from "./same-origin";
import { readSessionCookie } from "./session-cookie";

export type { TStaffActor } from "@/server/auth/staff-session-types";

/**
 * withRoute's `auth` for staff routes (pass `audience: "staff"` too): the session cookie must be valid, unrevoked
 * and unexpired, and a mutation (not GET/HEAD/OPTIONS) must come from this server's own origin. Returns the
 * actor with their memberships; check a restaurant with requireRestaurantRole (server/auth).
 *
 * Seam for the Supabase mode (NEXT_PUBLIC_SUPABASE_URL set; not built yet): resolve the Supabase session from
 * its cookies with @supabase/ssr here, map its user to staff_users.supabase_user_id, and return the same
 * TStaffActor — routes and requireRestaurantRole stay as they are. Until then local accounts are used in every
 * shape.
 */
export function staffAuth(): (request: Request) => Promise<TStaffActor> {
  return async (request) => {
    const token = readSessionCookie(request.headers);
    if (!token) throw new DomainError("UNAUTHENTICATED", "this endpoint needs a staff session", { hint: SIGN_IN_HINT });
    if (!isSafeMethod(request.method)) assertSameOrigin(request);
    const runtime = await getRuntime();
    return authenticateStaffSession(runtime.db.kysely, { token, secret: runtime.env.SESSION_SECRET });
  };
}

/** For server components (pages): the signed-in member of staff of a cookie value, or null. */
export async function findSignedInStaff(token: string | undefined): Promise<TStaffActor | null> {
  if (!token) return null;
  const runtime = await getRuntime();
  try {
    return await authenticateStaffSession(runtime.db.kysely, { token, secret: runtime.env.SESSION_SECRET });
  } catch (error) {
    if (isDomainError(error, "UNAUTHENTICATED")) return null;
    throw error;
  }
}
