import { ZSignInRequestSchema } from "@/server/auth/sign-in-request-schema";
import { staffAuth, supabaseSettingsOf } from "@/server/http/staff-auth";
import { signInStaff, signOutStaff, toSessionResponse } from "@/server/http/staff-session";
import { signInStaffWithSupabase, signOutStaffWithSupabase } from "@/server/http/supabase-staff-session";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

const noContent = (cookies: string | string[]) => {
  const headers = new Headers({ "cache-control": "no-store" });
  for (const cookie of [cookies].flat()) headers.append("set-cookie", cookie);
  return new Response(null, { status: 204, headers });
};
// Local accounts by default; Supabase Auth when NEXT_PUBLIC_SUPABASE_URL is set (same contract, other cookies).
const supabaseProject = async () => supabaseSettingsOf((await getRuntime()).env);

// POST /api/auth/session – staff sign in with email and password: 204 and the session cookie(s).
export const POST = withRoute(
  {
    name: "auth.session.create",
    summary: "Staff sign-in: 204 and the session cookie",
    auth: "public",
    body: ZSignInRequestSchema,
    successStatus: 204,
  },
  async ({ body, request }) => {
    const project = await supabaseProject();
    return noContent(
      project
        ? await signInStaffWithSupabase(request, { project, credentials: body })
        : await signInStaff(request, body),
    );
  },
);

// GET /api/auth/session – who is signed in, and their restaurants and roles.
export const GET = withRoute(
  {
    name: "auth.session.read",
    summary: "Who is signed in, and their restaurants and roles",
    auth: staffAuth(),
    audience: "staff",
  },
  async ({ auth }) => Response.json(toSessionResponse(auth), { headers: { "cache-control": "no-store" } }),
);

// DELETE /api/auth/session – sign out: the session ends server-side and the cookie is cleared (204 also without one).
export const DELETE = withRoute(
  { name: "auth.session.delete", summary: "Sign out", auth: "public", audience: "staff", successStatus: 204 },
  async ({ request }) => {
    const project = await supabaseProject();
    return noContent(project ? await signOutStaffWithSupabase(request, { project }) : await signOutStaff(request));
  },
);
