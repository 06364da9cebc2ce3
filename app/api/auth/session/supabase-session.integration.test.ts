import { randomBytes, randomUUID } from "node:crypto";
import { createLocalJWKSet, exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { authenticateSupabaseUser, NOT_STAFF_HINT } from "@/server/auth/authenticate-supabase-user";
import { parseEnv } from "@/server/env";
import { isDomainError } from "@/server/errors/domain-error";
import { seedRestaurant } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember } from "@/server/testing/staff-test-kit";
import {
  signSupabaseAccessToken,
  supabaseCookieHeader,
  supabaseSession,
  TEST_SUPABASE_JWT_SECRET,
  type TSupabaseTokenInput,
} from "@/server/testing/supabase-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { DELETE, GET } from "./route";

/**
 * The Supabase mode of staff auth with no network: access tokens in Supabase's exact format signed in the test,
 * carried in the cookie @supabase/ssr writes (`sb-<ref>-auth-token`, `base64-` JSON, chunked when large), sent to
 * a real staff route (GET /api/auth/session, built with staffAuth()). The Supabase user → staff mapping and the
 * memberships come from the real database, on PGlite and PostgreSQL.
 */
const SUPABASE_URL = "https://abcdefghijklmnopqrst.supabase.co";
const ORIGIN = "http://localhost";

describeEachBackend("staff auth in the Supabase mode", ({ db }) => {
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const installed = await installTestRuntime({
      db: db(),
      env: {
        NEXT_PUBLIC_SUPABASE_URL: SUPABASE_URL,
        NEXT_PUBLIC_SUPABASE_ANON_KEY: "test-anon-key",
        SUPABASE_JWT_SECRET: TEST_SUPABASE_JWT_SECRET,
      },
    });
    uninstall = installed.uninstall;
  });
  afterAll(async () => {
    await uninstall?.();
  });

  /** A member of staff linked to a Supabase user; returns their Supabase id. */
  async function linkedStaff({ role = "host", active = true }: { role?: "host" | "owner"; active?: boolean } = {}) {
    const restaurant = await seedRestaurant(db().kysely, { name: `Supa ${randomBytes(2).toString("hex")}` });
    const staff = await seedStaffMember(db().kysely, {
      secret: "unused-local-secret",
      memberships: [[restaurant.id, role]],
    });
    const supabaseUserId = randomUUID();
    await db()
      .kysely.updateTable("staff_users")
      .set({ supabase_user_id: supabaseUserId, active })
      .where("id", "=", staff.id)
      .execute();
    return { staff, restaurant, supabaseUserId };
  }
  async function cookieFor(input: Partial<TSupabaseTokenInput> & { userId: string }, encoding?: "base64url" | "raw") {
    const accessToken = await signSupabaseAccessToken({ supabaseUrl: SUPABASE_URL, ...input });
    const session = supabaseSession({ accessToken, userId: input.userId, email: "x@example.test" });
    return supabaseCookieHeader({ supabaseUrl: SUPABASE_URL, session, encoding });
  }
  const session = (cookie?: string) =>
    GET(new Request(`${ORIGIN}/api/auth/session`, { headers: cookie ? { cookie } : {} }));

  it("answers a staff route with the linked member's user and memberships (base64 and raw cookies)", async () => {
    const { staff, restaurant, supabaseUserId } = await linkedStaff({ role: "owner" });
    expect(await cookieFor({ userId: supabaseUserId })).toMatch(/^sb-abcdefghijklmnopqrst-auth-token=base64-/);
    for (const encoding of ["base64url", "raw"] as const) {
      const response = await session(`theme=dark; ${await cookieFor({ userId: supabaseUserId }, encoding)}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        user: { id: staff.id, email: staff.email, name: staff.name },
        memberships: [
          {
            restaurantId: restaurant.id,
            slug: restaurant.slug,
            name: expect.stringMatching(/^Supa /),
            timezone: "Europe/London",
            role: "owner",
          },
        ],
      });
    }
  });

  it("reads a session split over several cookies (chunks .0, .1 …) as @supabase/ssr writes large ones", async () => {
    const { staff, supabaseUserId } = await linkedStaff();
    const accessToken = await signSupabaseAccessToken({ supabaseUrl: SUPABASE_URL, userId: supabaseUserId });
    const big = supabaseSession({
      accessToken,
      userId: supabaseUserId,
      email: staff.email,
      userMetadata: { avatar: "x".repeat(6000) },
    });
    const cookie = supabaseCookieHeader({ supabaseUrl: SUPABASE_URL, session: big });
    expect(cookie).toMatch(/sb-abcdefghijklmnopqrst-auth-token\.0=.*sb-abcdefghijklmnopqrst-auth-token\.2=/);
    const response = await session(cookie);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: { id: string } }).user.id).toBe(staff.id);
  });

  it("answers 401 for an expired, forged, wrong-audience, wrong-issuer, non-authenticated-role or anonymous token", async () => {
    const { supabaseUserId: userId } = await linkedStaff();
    const bad: Array<Partial<TSupabaseTokenInput>> = [
      { expiresInSeconds: -5 },
      { now: new Date(Date.now() - 2 * 3600_000) }, // issued two hours ago, one-hour lifetime
      { key: new TextEncoder().encode("another-projects-secret-of-at-least-32-chars") },
      { claims: { aud: "service_role" } },
      { claims: { iss: "https://zzzzzzzzzzzzzzzzzzzz.supabase.co/auth/v1" } },
      { claims: { role: "anon" } },
      { claims: { role: "service_role" } },
      { claims: { is_anonymous: true } },
      { claims: { sub: "not-a-uuid" } },
    ];
    for (const input of bad) {
      const response = await session(await cookieFor({ userId, ...input }));
      expect(response.status, JSON.stringify(input.claims ?? input.expiresInSeconds ?? "key")).toBe(401);
      expect(await response.json()).toMatchObject({ code: "UNAUTHENTICATED", hint: expect.stringContaining("/login") });
    }
    // alg "none" and a token with its payload edited after signing.
    const good = await signSupabaseAccessToken({ supabaseUrl: SUPABASE_URL, userId });
    const [header, payload, signature] = good.split(".") as [string, string, string];
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${payload}.`;
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const edited = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString("base64url")}.${signature}`;
    for (const accessToken of [none, edited, "junk", ""]) {
      const cookie = supabaseCookieHeader({
        supabaseUrl: SUPABASE_URL,
        session: supabaseSession({ accessToken, userId, email: "x@example.test" }),
      });
      expect((await session(cookie)).status).toBe(401);
    }
    // Not JSON, not base64: no session.
    expect((await session("sb-abcdefghijklmnopqrst-auth-token=base64-%%%")).status).toBe(401);
  });

  it("answers 401 for a genuine Supabase user with no staff row, or an inactive one, with a hint naming the fix", async () => {
    for (const userId of [randomUUID(), (await linkedStaff({ active: false })).supabaseUserId]) {
      const response = await session(await cookieFor({ userId }));
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: "UNAUTHENTICATED", hint: NOT_STAFF_HINT });
    }
  });

  it("ignores the local session cookie in the Supabase mode, and checks Origin on cookie-carrying sign-out", async () => {
    const local = await seedStaffMember(db().kysely, { secret: parseEnv({}).SESSION_SECRET, memberships: [] });
    expect((await session(local.cookie)).status).toBe(401);
    expect((await session()).status).toBe(401);
    const { supabaseUserId } = await linkedStaff();
    const cookie = await cookieFor({ userId: supabaseUserId });
    const foreign = await DELETE(
      new Request(`${ORIGIN}/api/auth/session`, { method: "DELETE", headers: { cookie, origin: "https://evil.test" } }),
    );
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("set-cookie")).toBeNull();
  });

  it("verifies asymmetric (ES256) tokens against the project's key set and refuses other keys and unsigned HS256", async () => {
    const { staff, supabaseUserId } = await linkedStaff();
    const project = await generateKeyPair("ES256");
    const stranger = await generateKeyPair("ES256");
    const jwk = { ...(await exportJWK(project.publicKey)), kid: "project-key", alg: "ES256", use: "sig" };
    const config = { supabaseUrl: SUPABASE_URL, jwks: createLocalJWKSet({ keys: [jwk] }) };
    const token = (key: CryptoKey) =>
      signSupabaseAccessToken({
        supabaseUrl: SUPABASE_URL,
        userId: supabaseUserId,
        key,
        alg: "ES256",
        kid: "project-key",
      });
    const actor = await authenticateSupabaseUser(db().kysely, { accessToken: await token(project.privateKey), config });
    expect(actor).toMatchObject({
      type: "staff",
      id: staff.id,
      memberships: [expect.objectContaining({ role: "host" })],
    });
    const refusals = [
      await token(stranger.privateKey),
      // An HS256 token when no JWT secret is configured cannot be checked, so it is refused.
      await signSupabaseAccessToken({ supabaseUrl: SUPABASE_URL, userId: supabaseUserId }),
    ];
    for (const accessToken of refusals) {
      const error = await authenticateSupabaseUser(db().kysely, { accessToken, config }).catch((e: unknown) => e);
      expect(isDomainError(error, "UNAUTHENTICATED")).toBe(true);
    }
  });
});

it("configures the Supabase mode from the environment and fails fast on a partial one", () => {
  expect(parseEnv({}).authMode).toBe("local");
  expect(parseEnv({ NEXT_PUBLIC_SUPABASE_URL: SUPABASE_URL, NEXT_PUBLIC_SUPABASE_ANON_KEY: "k" }).authMode).toBe(
    "supabase",
  );
  expect(() => parseEnv({ SUPABASE_JWT_SECRET: TEST_SUPABASE_JWT_SECRET })).toThrow(/NEXT_PUBLIC_SUPABASE_URL/);
  expect(() =>
    parseEnv({
      NEXT_PUBLIC_SUPABASE_URL: SUPABASE_URL,
      NEXT_PUBLIC_SUPABASE_ANON_KEY: "k",
      SUPABASE_JWT_SECRET: "short",
    }),
  ).toThrow(/SUPABASE_JWT_SECRET/);
});
