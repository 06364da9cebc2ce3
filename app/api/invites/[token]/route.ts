import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { previewInvite } from "@/server/setup/team/preview-invite";
import { ZInvitePreviewSchema } from "@/server/setup/team/team-schema";

export const dynamic = "force-dynamic";

// GET /api/invites/{token} – what an invitation link offers: restaurant, role, invited email, and whether that
// email has an account. Unknown link: 404; used, revoked or expired: 410 INVITE_UNUSABLE with the reason.
export const GET = withRoute(
  {
    name: "invites.read",
    summary: "Read an invitation by its link's token (public: the token is the credential)",
    auth: "public",
    response: ZInvitePreviewSchema,
  },
  async ({ params }) => {
    const runtime = await getRuntime();
    const preview = await previewInvite(runtime.db.kysely, { token: String(params.token) });
    return Response.json(preview, { headers: { "cache-control": "no-store" } });
  },
);
