import { createStaffSession } from "@/server/auth/create-staff-session";
import { signSessionToken } from "@/server/auth/session-token";
import type { TRuntime } from "@/server/runtime/get-runtime";
import { acceptInvite } from "@/server/setup/team/accept-invite";
import { readInviteByToken } from "@/server/setup/team/read-invite-by-token";
import type { TAcceptedInviteResponse, TAcceptInviteRequest } from "@/server/setup/team/team-schema";
import { clientAddressOf } from "./client-address";
import { assertSameOrigin } from "./same-origin";
import { sessionCookie } from "./session-cookie";
import { throttleSignIn } from "./sign-in-throttle";

/**
 * The HTTP side of accepting an invitation: throttled exactly like sign-in (per address, per failed email —
 * the invited one), then the accept, then a new staff session: returns the answer and its Set-Cookie value.
 */
export async function acceptInviteRequest(
  runtime: TRuntime,
  request: Request,
  { token, input }: { token: string; input: TAcceptInviteRequest },
): Promise<{ body: TAcceptedInviteResponse; cookie: string }> {
  assertSameOrigin(request, { required: false });
  const db = runtime.db;
  const address = clientAddressOf(request.headers);
  const invite = await readInviteByToken(db.kysely, { token });
  const accepted = await throttleSignIn({
    limiters: runtime.rateLimiters,
    address,
    email: invite.email,
    attempt: () => acceptInvite(db, { token, input, refuseDemoAccounts: runtime.env.NODE_ENV === "production" }),
  });
  const session = await createStaffSession(db.kysely, {
    staffUserId: accepted.staffUserId,
    userAgent: request.headers.get("user-agent"),
    clientAddress: address,
  });
  const signed = await signSessionToken({ ...session, secret: runtime.env.SESSION_SECRET });
  const cookie = sessionCookie({
    token: signed,
    expiresAt: session.expiresAt,
    secure: runtime.env.NODE_ENV === "production",
  });
  return { body: { restaurant: accepted.restaurant, role: accepted.role }, cookie };
}
