import type { TRuntime } from "@/server/runtime/get-runtime";
import { acceptInvite } from "@/server/setup/team/accept-invite";
import { readInviteByToken } from "@/server/setup/team/read-invite-by-token";
import type { TAcceptedInviteResponse, TAcceptInviteRequest } from "@/server/setup/team/team-schema";
import { signInByLink } from "./sign-in-by-link";

/**
 * The HTTP side of accepting an invitation: throttled like sign-in (the invited email's budget), then the accept,
 * then a new staff session: returns the answer and its Set-Cookie value.
 */
export async function acceptInviteRequest(
  runtime: TRuntime,
  request: Request,
  { token, input }: { token: string; input: TAcceptInviteRequest },
): Promise<{ body: TAcceptedInviteResponse; cookie: string }> {
  const invite = await readInviteByToken(runtime.db.kysely, { token });
  const { result, cookie } = await signInByLink(runtime, request, {
    email: invite.email,
    use: () => acceptInvite(runtime.db, { token, input, refuseDemoAccounts: runtime.env.NODE_ENV === "production" }),
  });
  return { body: { restaurant: result.restaurant, role: result.role }, cookie };
}
