import { ZSignInRequestSchema } from "@/server/auth/sign-in-request-schema";
import { staffAuth } from "@/server/http/staff-auth";
import { signInStaff, signOutStaff, toSessionResponse } from "@/server/http/staff-session";
import { withRoute } from "@/server/http/with-route";

export const dynamic = "force-dynamic";

const noContent = (cookie: string) =>
  new Response(null, { status: 204, headers: { "set-cookie": cookie, "cache-control": "no-store" } });

// POST /api/auth/session – staff sign in with email and password (local accounts): 204 and the session cookie.
export const POST = withRoute({ name: "auth.session.create", body: ZSignInRequestSchema }, async ({ body, request }) =>
  noContent(await signInStaff(request, body)),
);

// GET /api/auth/session – who is signed in, and their restaurants and roles.
export const GET = withRoute({ name: "auth.session.read", auth: staffAuth(), audience: "staff" }, async ({ auth }) =>
  Response.json(toSessionResponse(auth), { headers: { "cache-control": "no-store" } }),
);

// DELETE /api/auth/session – sign out: the session ends server-side and the cookie is cleared (204 also without one).
export const DELETE = withRoute({ name: "auth.session.delete", audience: "staff" }, async ({ request }) =>
  noContent(await signOutStaff(request)),
);
