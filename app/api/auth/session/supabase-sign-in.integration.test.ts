import { randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { refreshSupabaseSession } from "@/server/auth/refresh-supabase-session";
import { seedRestaurant } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import {
  cookieHeaderFromSetCookies,
  startFakeGoTrue,
  supabaseCookieHeader,
  type TFakeGoTrue,
} from "@/server/testing/supabase-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { DELETE, GET, POST } from "./route";

/**
 * Sign-in, session refresh and sign-out in the Supabase mode with the REAL supabase-js/@supabase/ssr clients,
 * against a loopback stand-in for Supabase Auth's three endpoints (server/testing/supabase-test-kit.ts): what a
 * real project would answer is imitated, not exercised (see docs/auth.md). The routes, the cookie adapter, the
 * throttling and the staff mapping are the real ones, on PGlite and PostgreSQL.
 */
const ORIGIN = "http://localhost";
const PASSWORD = "correct horse battery staple";
const COOKIE = "sb-127-auth-token"; // the project ref of http://127.0.0.1:<port>

let gotrue: TFakeGoTrue;
beforeAll(async () => {
  gotrue = await startFakeGoTrue();
});
afterAll(async () => {
  await gotrue.close();
});

describeEachBackend("Supabase sign-in through /api/auth/session", ({ db }) => {
  let uninstall: (() => Promise<void>) | undefined;
  let address = 0;

  beforeAll(async () => {
    const installed = await installTestRuntime({
      db: db(),
      env: {
        NEXT_PUBLIC_SUPABASE_URL: gotrue.url,
        NEXT_PUBLIC_SUPABASE_ANON_KEY: "test-anon-key",
        SUPABASE_JWT_SECRET: "test-supabase-jwt-secret-with-at-least-32-characters",
        RATE_LIMIT_SIGN_IN_FAILURES_PER_EMAIL: "3",
      },
    });
    uninstall = installed.uninstall;
  });
  afterAll(async () => {
    await uninstall?.();
  });

  /** A Supabase user (in the fake) linked to a member of staff (in our database) with one membership. */
  async function linkedStaff({ linked = true }: { linked?: boolean } = {}) {
    const restaurant = await seedRestaurant(db().kysely);
    const email = `supa-${randomBytes(4).toString("hex")}@example.test`;
    const user = { id: randomUUID(), email, password: PASSWORD };
    gotrue.users.push(user);
    const staff = await db()
      .kysely.insertInto("staff_users")
      .values({ email, display_name: "Supa Host", password_hash: null, supabase_user_id: linked ? user.id : null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db()
      .kysely.insertInto("restaurant_memberships")
      .values({ staff_user_id: staff.id, restaurant_id: restaurant.id, role: "manager" })
      .execute();
    return { user, staffId: staff.id, restaurant };
  }
  const call = (method: string, { body, cookie, from }: { body?: unknown; cookie?: string; from?: string } = {}) =>
    new Request(`${ORIGIN}/api/auth/session`, {
      method,
      headers: {
        origin: ORIGIN,
        "x-forwarded-for": from ?? `198.51.100.${++address % 250}`,
        ...(cookie ? { cookie } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const signIn = (email: string, password = PASSWORD, from?: string) =>
    POST(call("POST", { body: { email, password }, from }));
  const setCookies = (response: Response) => response.headers.getSetCookie();
  const withoutRequestId = async (response: Response) => {
    const { requestId: _, ...rest } = (await response.json()) as Record<string, unknown>;
    return rest;
  };

  it("signs in with signInWithPassword: 204, httpOnly Supabase cookies; GET then answers the user and memberships", async () => {
    const { user, staffId, restaurant } = await linkedStaff();
    const response = await signIn(user.email.toUpperCase());
    expect(response.status).toBe(204);
    const cookies = setCookies(response);
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie).toMatch(new RegExp(`^${COOKIE}(\\.\\d+)?=base64-`));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/Secure/i);
    }
    expect(gotrue.calls).toContain("POST /auth/v1/token?grant_type=password");
    const me = await GET(call("GET", { cookie: cookieHeaderFromSetCookies(cookies) }));
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      user: { id: staffId, email: user.email, name: "Supa Host" },
      memberships: [expect.objectContaining({ restaurantId: restaurant.id, role: "manager" })],
    });
  });

  it("gives a wrong password, an unknown email and a Supabase user not linked to staff the local mode's one 401", async () => {
    const { user } = await linkedStaff();
    const unlinked = await linkedStaff({ linked: false });
    const answers = [
      await signIn(user.email, "wrong horse"),
      await signIn(`nobody-${randomBytes(3).toString("hex")}@example.test`),
      await signIn(unlinked.user.email),
    ];
    const bodies = [];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get("set-cookie")).toBeNull();
      bodies.push(await withoutRequestId(answer));
    }
    expect(bodies[0]).toMatchObject({ code: "UNAUTHENTICATED", detail: "the email or password is wrong" });
    for (const body of bodies.slice(1)) expect(body).toEqual(bodies[0]);
  });

  it("throttles like the local mode: an email is refused after 3 failures (429, Retry-After)", async () => {
    const { user } = await linkedStaff();
    for (let i = 0; i < 3; i++) expect((await signIn(user.email, `guess-${i}`)).status).toBe(401);
    const calls = gotrue.calls.length;
    const blocked = await signIn(user.email);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(gotrue.calls.length).toBe(calls); // refused before Supabase is asked
  });

  it("refreshes an expired session (what proxy.ts does), and the route accepts the new cookies", async () => {
    const { user, staffId } = await linkedStaff();
    const expired = await gotrue.sessionFor(user, -60);
    const cookie = supabaseCookieHeader({ supabaseUrl: gotrue.url, session: expired });
    expect((await GET(call("GET", { cookie }))).status).toBe(401);
    const jar = new Map(cookie.split("; ").map((pair) => pair.split("=", 2) as [string, string]));
    await refreshSupabaseSession({
      project: { supabaseUrl: gotrue.url, anonKey: "test-anon-key" },
      secure: false,
      getAll: () => [...jar].map(([name, value]) => ({ name, value: decodeURIComponent(value) })),
      setAll: (cookies) => {
        for (const { name, value } of cookies) jar.set(name, encodeURIComponent(value));
      },
    });
    expect(gotrue.calls).toContain("POST /auth/v1/token?grant_type=refresh_token");
    const refreshed = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const me = await GET(call("GET", { cookie: refreshed }));
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe(staffId);
  });

  it("signs out: Supabase is told, the cookies are cleared; without a session still 204", async () => {
    const { user } = await linkedStaff();
    const cookies = setCookies(await signIn(user.email));
    const out = await DELETE(call("DELETE", { cookie: cookieHeaderFromSetCookies(cookies) }));
    expect(out.status).toBe(204);
    const cleared = setCookies(out);
    expect(cleared.length).toBe(cookies.length);
    for (const header of cleared) expect(header).toMatch(new RegExp(`^${COOKIE}(\\.\\d+)?=; .*Max-Age=0`, "i"));
    expect(gotrue.calls).toContain("POST /auth/v1/logout?scope=local");
    expect((await DELETE(call("DELETE"))).status).toBe(204);
  });

  it("answers 503 when Supabase Auth cannot be reached, and spends no failure budget", async () => {
    const { user } = await linkedStaff();
    const closed = await startFakeGoTrue();
    await closed.close(); // a loopback port nobody listens on any more
    const down = await installTestRuntime({
      db: db(),
      env: { NEXT_PUBLIC_SUPABASE_URL: closed.url, NEXT_PUBLIC_SUPABASE_ANON_KEY: "k" },
    });
    try {
      const response = await signIn(user.email);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: "DEPENDENCY_UNAVAILABLE", hint: expect.any(String) });
    } finally {
      await down.uninstall();
    }
  });
});

it("proxy.ts refreshes an expired Supabase session on the request and the response, and passes others untouched", async () => {
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_URL", gotrue.url);
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_ANON_KEY", "test-anon-key");
  vi.resetModules(); // a fresh server/env, which caches the environment on first read
  try {
    const { proxy, config } = await import("@/proxy");
    // The dashboard and the staff API, not the booking clients' routes (API keys), health, metrics, OpenAPI.
    const [ops, api] = config.matcher;
    expect(ops).toBe("/ops/:path*");
    const apiPattern = new RegExp(`^${api?.replace(/^\/api\/\((.*)\)$/, "/api/$1")}$`);
    for (const path of ["/api/ops/bookings", "/api/staff/auto/quote", "/api/auth/session", "/api/bookingsx"])
      expect(apiPattern.test(path), path).toBe(true);
    for (const path of [
      "/api/bookings",
      "/api/bookings/ABC123",
      "/api/availability",
      "/api/health",
      "/api/metrics",
      "/api/openapi.json",
    ])
      expect(apiPattern.test(path), path).toBe(false);
    const user = {
      id: randomUUID(),
      email: `proxy-${randomBytes(3).toString("hex")}@example.test`,
      password: PASSWORD,
    };
    gotrue.users.push(user);
    const cookie = supabaseCookieHeader({ supabaseUrl: gotrue.url, session: await gotrue.sessionFor(user, -60) });
    const refreshed = await proxy(new NextRequest(`${ORIGIN}/ops`, { headers: { cookie } }));
    const written = refreshed.cookies.getAll().filter((c) => c.name.startsWith(COOKIE));
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((c) => c.httpOnly === true)).toBe(true);
    // The route behind the proxy sees the new cookie too (Next passes request cookies through this header).
    expect(refreshed.headers.get("x-middleware-request-cookie")).toContain(written[0]?.value);
    const calls = gotrue.calls.length;
    const untouched = await proxy(new NextRequest(`${ORIGIN}/api/bookings`, { headers: { cookie: "theme=dark" } }));
    expect(untouched.cookies.getAll()).toEqual([]);
    expect(gotrue.calls.length).toBe(calls);
  } finally {
    vi.unstubAllEnvs();
  }
});
