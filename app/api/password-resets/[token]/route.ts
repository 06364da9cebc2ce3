import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { previewPasswordReset } from "@/server/setup/team/read-password-reset-by-token";
import { ZPasswordResetPreviewSchema } from "@/server/setup/team/team-schema";

export const dynamic = "force-dynamic";

// GET /api/password-resets/{token} – what a password-reset link is for: the account's email and name, the team that
// sent it, until when it works. Unknown link: 404; used, replaced, withdrawn or expired: 410 PASSWORD_RESET_UNUSABLE.
export const GET = withRoute(
  {
    name: "passwordResets.read",
    summary: "Read a password-reset link by its token (public: the token is the credential)",
    auth: "public",
    response: ZPasswordResetPreviewSchema,
  },
  async ({ params }) => {
    const runtime = await getRuntime();
    const preview = await previewPasswordReset(runtime.db.kysely, { token: String(params.token) });
    return Response.json(preview, { headers: { "cache-control": "no-store" } });
  },
);
