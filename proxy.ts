import { type NextRequest, NextResponse } from "next/server";
import { getEnv } from "@/server/env";

/**
 * Next.js 16's request proxy (formerly middleware.ts), on /ops and /api only. In the Supabase mode it keeps the
 * Supabase session fresh: an expired access token is refreshed here, and the new cookies are put both on the
 * request (so the route's staffAuth sees the fresh token) and on the response (so the browser keeps it). It
 * authorises nothing — every route checks its own credentials. In the local mode (the embedded default) it
 * returns at once: supabase-js is not even loaded, no cookie is read.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const env = getEnv();
  const supabaseUrl = env.NEXT_PUBLIC_SUPABASE_URL;
  const anonKey = env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  if (env.authMode !== "supabase" || !supabaseUrl || !anonKey) return NextResponse.next();
  // Loaded only in the Supabase mode: the local mode never pays for supabase-js.
  const { refreshSupabaseSession } = await import("@/server/auth/refresh-supabase-session");
  let response = NextResponse.next({ request });
  await refreshSupabaseSession({
    project: { supabaseUrl, anonKey },
    secure: env.NODE_ENV === "production",
    getAll: () => request.cookies.getAll(),
    setAll: (cookies) => {
      for (const { name, value } of cookies) request.cookies.set(name, value);
      response = NextResponse.next({ request });
      for (const { name, value, options } of cookies) response.cookies.set(name, value, options);
    },
  });
  return response;
}

// Not the booking clients' routes (API keys, never a Supabase cookie: most of the traffic), nor health, metrics and the
// OpenAPI document: the proxy would only cost them (Next builds a request and a response for it on every call).
export const config = {
  matcher: ["/ops/:path*", "/api/((?!bookings(?:/|$)|availability(?:/|$)|health$|metrics$|openapi\\.json$).*)"],
};
