import { acceptInviteRequest } from "@/server/http/accept-invite-request";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { ZAcceptedInviteResponseSchema, ZAcceptInviteRequestSchema } from "@/server/setup/team/team-schema";

export const dynamic = "force-dynamic";

// POST /api/invites/{token}/accept {name?, password} – join the team: a new account (name + password) or the
// invited email's existing one (its password); the invitation is used up and the caller is signed in (cookie).
// Throttled like sign-in. Unknown link: 404; used, revoked or expired: 410; wrong password: 401.
export const POST = withRoute(
  {
    name: "invites.accept",
    summary: "Accept an invitation: join the team and sign in (public: the token is the credential)",
    auth: "public",
    body: ZAcceptInviteRequestSchema,
    response: ZAcceptedInviteResponseSchema,
  },
  async ({ params, body, request, log }) => {
    const runtime = await getRuntime();
    const { body: accepted, cookie } = await acceptInviteRequest(runtime, request, {
      token: String(params.token),
      input: body,
    });
    log.info({ restaurantId: accepted.restaurant.id, role: accepted.role }, "invitation accepted");
    const headers = new Headers({ "cache-control": "no-store" });
    headers.append("set-cookie", cookie);
    return Response.json(accepted, { headers });
  },
);
