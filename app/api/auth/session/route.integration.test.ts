import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveSessions } from "@/server/auth/authenticate-staff-session";
import { hashPassword } from "@/server/auth/hash-password";
import { signSessionToken } from "@/server/auth/session-token";
import type { StaffRole } from "@/server/infra/db/schema";
import { seedRestaurant } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { describeEachBackend } from "@/server/testing/test-db";
import { DELETE, GET, POST } from "./route";

/**
 * Staff sign-in, session and sign-out through the real route handlers, on PGlite and PostgreSQL: the cookie's
 * attributes, one answer for every wrong credential, server-side revocation, the Origin check, the budgets.
 */
const PASSWORD = "correct horse battery staple";
const OWN_ORIGIN = "http://localhost";
const URL_ = `${OWN_ORIGIN}/api/auth/session`;
const LIMITS = { RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_MINUTE: "6", RATE_LIMIT_SIGN_IN_FAILURES_PER_EMAIL: "3" };

type Call = { body?: unknown; cookie?: string; origin?: string | null; from?: string };

describeEachBackend("/api/auth/session", ({ db }) => {
  let passwordHash = "";
  let address = 0;
  let uninstall: (() => Promise<void>) | undefined;
  let secret = "";

  beforeAll(async () => {
    passwordHash = await hashPassword(PASSWORD);
    const installed = await installTestRuntime({ db: db(), env: LIMITS });
    uninstall = installed.uninstall;
    secret = installed.runtime.env.SESSION_SECRET;
  });
  afterAll(async () => {
    await uninstall?.();
  });

  // Each call comes from its own client address unless `from` says otherwise: budgets are per case.
  const request = (method: string, { body, cookie, origin = OWN_ORIGIN, from }: Call = {}) =>
    new Request(URL_, {
      method,
      headers: {
        "x-forwarded-for": from ?? `198.51.100.${++address % 250}-${address}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(cookie ? { cookie: `theme=dark; maitre_session=${cookie}` } : {}),
        ...(origin ? { origin } : {}),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  const signIn = (email: string, password = PASSWORD, call: Call = {}) =>
    POST(request("POST", { body: { email, password }, ...call }));
  const session = (cookie?: string) => GET(request("GET", { cookie, origin: null }));
  const signOut = (call: Call = {}) => DELETE(request("DELETE", call));

  const cookieOf = (response: Response) => {
    const header = response.headers.get("set-cookie") ?? "";
    return /^maitre_session=([^;]*)/.exec(header)?.[1] ?? "";
  };
  const sessionRows = async () =>
    Number(
      (
        await db()
          .kysely.selectFrom("staff_sessions")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const withoutRequestId = async (response: Response) => {
    const { requestId: _, ...rest } = (await response.json()) as Record<string, unknown>;
    return rest;
  };

  async function addStaff({
    email = `staff-${randomBytes(4).toString("hex")}@example.com`,
    active = true,
    password = true,
    memberships = [],
  }: {
    email?: string;
    active?: boolean;
    password?: boolean;
    memberships?: [string, StaffRole][];
  } = {}) {
    const user = await db()
      .kysely.insertInto("staff_users")
      .values({ email, display_name: `Staff ${email}`, password_hash: password ? passwordHash : null, active })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [restaurantId, role] of memberships) {
      await db()
        .kysely.insertInto("restaurant_memberships")
        .values({ staff_user_id: user.id, restaurant_id: restaurantId, role })
        .execute();
    }
    return { id: user.id, email };
  }

  async function signedIn(email: string): Promise<string> {
    const response = await signIn(email);
    expect(response.status).toBe(204);
    return cookieOf(response);
  }

  it("signs in: 204 and an httpOnly, SameSite=Lax, Path=/ cookie for 12 h; GET then names the user and their restaurants", async () => {
    const zurich = await seedRestaurant(db().kysely, { name: "Zürich Hall", timezone: "Europe/Zurich" });
    const auckland = await seedRestaurant(db().kysely, { name: "Auckland Wharf", timezone: "Pacific/Auckland" });
    const staff = await addStaff({
      memberships: [
        [zurich.id, "host"],
        [auckland.id, "owner"],
      ],
    });
    const response = await signIn(`  ${staff.email.toUpperCase()} `);
    expect(response.status).toBe(204);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const header = response.headers.get("set-cookie") ?? "";
    const attributes = header.split(";").map((a) => a.trim());
    expect(attributes[0]).toMatch(/^maitre_session=[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(attributes).toEqual(expect.arrayContaining(["Path=/", "HttpOnly", "SameSite=Lax"]));
    expect(attributes).not.toContain("Secure");
    const maxAge = Number(attributes.find((a) => a.startsWith("Max-Age="))?.slice(8));
    expect(maxAge).toBeGreaterThan(12 * 3600 - 60);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);

    const me = await session(cookieOf(response));
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      user: { id: staff.id, email: staff.email, name: `Staff ${staff.email}` },
      memberships: [
        {
          restaurantId: auckland.id,
          slug: auckland.slug,
          name: "Auckland Wharf",
          timezone: "Pacific/Auckland",
          role: "owner",
        },
        { restaurantId: zurich.id, slug: zurich.slug, name: "Zürich Hall", timezone: "Europe/Zurich", role: "host" },
      ],
    });
  });

  it("answers GET without a session 401 problem+json, with a hint to sign in", async () => {
    for (const cookie of [undefined, "", "not-a-token"]) {
      const response = await session(cookie);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({ code: "UNAUTHENTICATED", hint: expect.stringContaining("/login") });
    }
  });

  it("signs out: revokes the session server-side and clears the cookie; the old cookie then gets 401", async () => {
    const staff = await addStaff();
    const cookie = await signedIn(staff.email);
    expect((await session(cookie)).status).toBe(200);
    const out = await signOut({ cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/^maitre_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0;/);
    const row = await db()
      .kysely.selectFrom("staff_sessions")
      .select("revoked_at")
      .where("staff_user_id", "=", staff.id)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeInstanceOf(Date);
    expect((await session(cookie)).status).toBe(401);
    // Signing out again, or without any session, is still a success.
    expect((await signOut({ cookie })).status).toBe(204);
    expect((await signOut()).status).toBe(204);
  });

  it("gives a wrong password, an unknown email, an inactive user and a user without a local password the same 401", async () => {
    const real = await addStaff();
    const inactive = await addStaff({ active: false });
    const supabaseOnly = await addStaff({ password: false });
    const before = await sessionRows();
    const answers = [
      await signIn(real.email, "wrong horse"),
      await signIn(`nobody-${randomBytes(4).toString("hex")}@example.com`),
      await signIn(inactive.email),
      await signIn(supabaseOnly.email),
    ];
    const bodies = [];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get("set-cookie")).toBeNull();
      bodies.push(await withoutRequestId(answer));
    }
    expect(bodies[0]).toMatchObject({ code: "UNAUTHENTICATED", detail: "the email or password is wrong" });
    for (const body of bodies.slice(1)) expect(body).toEqual(bodies[0]);
    expect(JSON.stringify(bodies[0])).not.toMatch(/reason|inactive|unknown/i);
    expect(await sessionRows()).toBe(before);
  });

  it("lets demo accounts in outside production, refuses them in production with the same 401; Secure cookies there", async () => {
    const demo = await addStaff({ email: `host-${randomBytes(3).toString("hex")}@maitre.demo` });
    const real = await addStaff();
    expect((await signIn(demo.email)).status).toBe(204);
    const wrong = await withoutRequestId(await signIn(real.email, "wrong horse"));
    const production = await installTestRuntime({
      db: db(),
      env: { ...LIMITS, NODE_ENV: "production", SESSION_SECRET: randomBytes(32).toString("hex") },
    });
    try {
      const refused = await signIn(demo.email);
      expect(refused.status).toBe(401);
      expect(await withoutRequestId(refused)).toEqual(wrong);
      const ok = await signIn(real.email);
      expect(ok.status).toBe(204);
      expect(ok.headers.get("set-cookie")).toMatch(/; Secure$/);
      // A cookie signed with the development secret means nothing to the production process.
      expect((await session(await signedInElsewhere(demo.email))).status).toBe(401);
    } finally {
      await production.uninstall();
    }
  });

  async function signedInElsewhere(email: string): Promise<string> {
    const row = await db()
      .kysely.selectFrom("staff_sessions as s")
      .innerJoin("staff_users as u", "u.id", "s.staff_user_id")
      .select(["s.id", "s.staff_user_id", "s.expires_at"])
      .where("u.email", "=", email)
      .executeTakeFirstOrThrow();
    return signSessionToken({ sessionId: row.id, staffUserId: row.staff_user_id, expiresAt: row.expires_at, secret });
  }

  it("refuses an email after 3 failures in 15 minutes from any addresses (429, Retry-After), even with the right password", async () => {
    const staff = await addStaff();
    const other = await addStaff();
    for (let i = 0; i < 3; i++) expect((await signIn(staff.email, `guess-${i}`)).status).toBe(401);
    const from = "203.0.113.77";
    const blocked = await signIn(staff.email, PASSWORD, { from });
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await blocked.json()).toMatchObject({ code: "RATE_LIMITED", limit: 3, retryAfterSeconds: retryAfter });
    // An unknown email is counted the same way, so a 429 does not reveal which emails exist.
    const unknown = `nobody-${randomBytes(4).toString("hex")}@example.com`;
    for (let i = 0; i < 3; i++) expect((await signIn(unknown, `guess-${i}`)).status).toBe(401);
    expect((await signIn(unknown)).status).toBe(429);
    // The address itself is not blocked: another account signs in from it.
    expect((await signIn(other.email, PASSWORD, { from })).status).toBe(204);
  });

  it("refuses an address after 6 attempts in a minute (429, Retry-After ≤ 60 s); other addresses go on", async () => {
    const staff = await addStaff();
    const from = "203.0.113.99";
    for (let i = 0; i < 6; i++) {
      const email = i === 0 ? staff.email : `nobody-${i}-${randomBytes(3).toString("hex")}@example.com`;
      expect((await signIn(email, PASSWORD, { from })).status).toBe(i === 0 ? 204 : 401);
    }
    const blocked = await signIn(staff.email, PASSWORD, { from });
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await blocked.json()).toMatchObject({ code: "RATE_LIMITED", limit: 6 });
    expect((await signIn(staff.email)).status).toBe(204);
  });

  it("refuses a cookie-authenticated mutation from another origin or without Origin (403 with a hint)", async () => {
    const staff = await addStaff();
    const cookie = await signedIn(staff.email);
    for (const origin of ["https://evil.example", "http://localhost:3001", null]) {
      const refused = await signOut({ cookie, origin });
      expect(refused.status).toBe(403);
      expect(refused.headers.get("set-cookie")).toBeNull();
      expect(await refused.json()).toMatchObject({ code: "FORBIDDEN", hint: expect.stringContaining("Origin") });
    }
    expect((await session(cookie)).status).toBe(200);
    // A sign-in posted by another site's page (login CSRF) is refused too, and writes nothing.
    const before = await sessionRows();
    expect((await signIn(staff.email, PASSWORD, { origin: "https://evil.example" })).status).toBe(403);
    expect(await sessionRows()).toBe(before);
  });

  it("answers 401 to a tampered, foreign-signed or expired cookie, an expired or revoked session and a deactivated user", async () => {
    const staff = await addStaff();
    const cookie = await signedIn(staff.email);
    const [header, payload, signature] = cookie.split(".") as [string, string, string];
    // The first character carries six bits of the MAC (the last one may carry padding a decoder ignores).
    const flipped = `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    const row = await db()
      .kysely.selectFrom("staff_sessions")
      .select(["id", "expires_at"])
      .where("staff_user_id", "=", staff.id)
      .executeTakeFirstOrThrow();
    const claims = { sessionId: row.id, staffUserId: staff.id };
    const other = await addStaff();
    const bad = [
      `${header}.${payload}.${flipped}`,
      `${header}.${Buffer.from(JSON.stringify({ sub: other.id, jti: row.id })).toString("base64url")}.${signature}`,
      await signSessionToken({ ...claims, expiresAt: row.expires_at, secret: `${secret}-other` }),
      await signSessionToken({ ...claims, expiresAt: new Date(Date.now() - 1000), secret }),
      await signSessionToken({ ...claims, staffUserId: other.id, expiresAt: row.expires_at, secret }),
    ];
    for (const token of bad) expect((await session(token)).status).toBe(401);
    expect((await session(cookie)).status).toBe(200);

    // Changes made behind the API reach other instances within a second (liveSessions); here, "a second later".
    await db().kysely.updateTable("staff_users").set({ active: false }).where("id", "=", staff.id).execute();
    liveSessions.clear();
    expect((await session(cookie)).status).toBe(401);
    await db().kysely.updateTable("staff_users").set({ active: true }).where("id", "=", staff.id).execute();
    expect((await session(cookie)).status).toBe(200);

    await sql`update staff_sessions set created_at = now() - interval '13 hours', expires_at = now() - interval '1 hour'
              where id = ${row.id}`.execute(db().kysely);
    liveSessions.clear();
    expect((await session(cookie)).status).toBe(401);
  });

  describe("malformed sign-ins", () => {
    it.each([
      ["invalid JSON", "{email:", "body"],
      ["no body", "", "body.email"],
      ["a missing password", { email: "a@example.com" }, "body.password"],
      ["a number for an email", { email: 5, password: "x" }, "body.email"],
      ["an email without @", { email: "owner.maitre.demo", password: "x" }, "body.email"],
      ["a 2 KB password", { email: "a@example.com", password: "x".repeat(2048) }, "body.password"],
    ])("refuses %s with 400, and writes nothing", async (_, body, path) => {
      const before = await sessionRows();
      const response = await POST(request("POST", { body }));
      expect(response.status).toBe(400);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await response.json()).toMatchObject({
        code: "VALIDATION_FAILED",
        errors: expect.arrayContaining([expect.objectContaining({ path })]),
      });
      expect(await sessionRows()).toBe(before);
    });
  });
});
