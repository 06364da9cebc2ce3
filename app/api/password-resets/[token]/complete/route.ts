import { completePasswordResetRequest } from "@/server/http/complete-password-reset-request";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { ZChooseNewPasswordRequestSchema, ZPasswordChangedResponseSchema } from "@/server/setup/team/team-schema";

export const dynamic = "force-dynamic";

// POST /api/password-resets/{token}/complete {password} – choose a new password with a reset link: the link is used
// up, every session of the account ends and the caller is signed in (cookie). Throttled like sign-in. Unknown
// link: 404; used, replaced, withdrawn or expired: 410; a password under 10 characters: 400.
export const POST = withRoute(
  {
    name: "passwordResets.complete",
    summary: "Choose a new password with a reset link and sign in (public: the token is the credential)",
    auth: "public",
    body: ZChooseNewPasswordRequestSchema,
    response: ZPasswordChangedResponseSchema,
  },
  async ({ params, body, request, log }) => {
    const runtime = await getRuntime();
    const { body: changed, cookie } = await completePasswordResetRequest(runtime, request, {
      token: String(params.token),
      input: body,
    });
    log.info({ restaurantId: changed.restaurant.id, ended: changed.endedSessions }, "password changed by reset link");
    const headers = new Headers({ "cache-control": "no-store" });
    headers.append("set-cookie", cookie);
    return Response.json(changed, { headers });
  },
);
