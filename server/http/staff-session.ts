import { createStaffSession } from "@/server/auth/create-staff-session";
import { revokeStaffSession } from "@/server/auth/revoke-staff-session";
import { signSessionToken, verifySessionToken } from "@/server/auth/session-token";
import type { TSignInRequest } from "@/server/auth/sign-in-request-schema";
import type { TStaffActor } from "@/server/auth/staff-session-types";
import { verifyStaffCredentials } from "@/server/auth/verify-staff-credentials";
import { getRuntime, type TRuntime } from "@/server/runtime/get-runtime";
import { clientAddressOf } from "./client-address";
import { assertSameOrigin } from "./same-origin";
import { clearedSessionCookie, readSessionCookie, sessionCookie } from "./session-cookie";
import { throttleSignIn } from "./sign-in-throttle";

/**
 * The HTTP side of staff sign-in and sign-out (local accounts): throttling, the session row, the cookie. Returns
 * the Set-Cookie value for the route to send.
 */
export async function signInStaff(request: Request, { email, password }: TSignInRequest): Promise<string> {
  assertSameOrigin(request, { required: false });
  const runtime = await getRuntime();
  const db = runtime.db.kysely;
  const address = clientAddressOf(request.headers);
  const { staffUserId } = await throttleSignIn({
    limiters: runtime.rateLimiters,
    address,
    email,
    attempt: () =>
      verifyStaffCredentials(db, { email, password, refuseDemoAccounts: runtime.env.NODE_ENV === "production" }),
  });
  return startSessionCookie(runtime, request, { staffUserId, address });
}

/**
 * A new staff session for someone who just proved who they are (a password, an invitation, a reset link): its row,
 * and the Set-Cookie value carrying its signed token.
 */
export async function startSessionCookie(
  runtime: Pick<TRuntime, "db" | "env">,
  request: Request,
  { staffUserId, address }: { staffUserId: string; address: string },
): Promise<string> {
  const session = await createStaffSession(runtime.db.kysely, {
    staffUserId,
    userAgent: request.headers.get("user-agent"),
    clientAddress: address,
  });
  const token = await signSessionToken({ ...session, secret: runtime.env.SESSION_SECRET });
  return sessionCookie({ token, expiresAt: session.expiresAt, secure: runtime.env.NODE_ENV === "production" });
}

/**
 * Ends the request's session server-side (a valid token's session is revoked even if it already expired) and
 * clears the cookie. Without a cookie there is nothing to end: still a success. A cookie-carrying sign-out from
 * another origin is refused, so no page can sign staff out behind their backs.
 */
export async function signOutStaff(request: Request): Promise<string> {
  const runtime = await getRuntime();
  const token = readSessionCookie(request.headers);
  if (token) {
    assertSameOrigin(request);
    const claims = await verifySessionToken(token, { secret: runtime.env.SESSION_SECRET, allowExpired: true });
    if (claims) await revokeStaffSession(runtime.db.kysely, { sessionId: claims.sessionId });
  }
  return clearedSessionCookie({ secure: runtime.env.NODE_ENV === "production" });
}

/** GET /api/auth/session's body. */
export function toSessionResponse(actor: TStaffActor) {
  return {
    user: { id: actor.id, email: actor.email, name: actor.name },
    memberships: actor.memberships.map(({ restaurantId, slug, name, timezone, role }) => ({
      restaurantId,
      slug,
      name,
      timezone,
      role,
    })),
  };
}
