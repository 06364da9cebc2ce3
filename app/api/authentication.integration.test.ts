import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { revokeStaffSession } from "@/server/auth/revoke-staff-session";
import { routeMetadataOf } from "@/server/http/with-route";
import { seedApiKey, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { ROUTE_MODULES } from "./openapi.json/route-modules";

/**
 * Every route that is not public refuses a caller without valid credentials with 401 problem+json — no
 * credentials, a revoked API key, a signed-out staff session, another kind of credential — before it looks at the
 * input, and writes nothing. Generated from the route table, so a new route is covered the day it is added.
 */
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type THandler = (request: Request, second: { params: Promise<Record<string, string>> }) => Promise<Response>;

const PROTECTED = ROUTE_MODULES.flatMap(({ path, module }) =>
  METHODS.flatMap((method) => {
    const metadata = routeMetadataOf(module[method]);
    if (!metadata || metadata.auth.kind === "public") return [];
    return [{ path, method, kind: metadata.auth.kind, handler: module[method] as THandler }];
  }),
);

describeEachBackend("authentication on every protected route", ({ db }) => {
  let uninstall: (() => Promise<void>) | undefined;
  let revokedKey = "";
  let signedOut: TTestStaff;
  let staff: TTestStaff;
  let liveKey = "";

  beforeAll(async () => {
    const installed = await installTestRuntime({
      db: db(),
      env: { RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: "1000000" },
    });
    uninstall = installed.uninstall;
    const { restaurantId } = await setupEveningScenario(db());
    const secret = installed.runtime.env.SESSION_SECRET;
    revokedKey = await seedApiKey(db().kysely, { restaurantId, revoked: true });
    liveKey = await seedApiKey(db().kysely, { restaurantId });
    staff = await seedStaffMember(db().kysely, { secret, memberships: [[restaurantId, "owner"]] });
    signedOut = await seedStaffMember(db().kysely, { secret, memberships: [[restaurantId, "owner"]] });
    await revokeStaffSession(db().kysely, { sessionId: signedOut.sessionId });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  it("finds the protected routes (the table is not empty)", () => {
    expect(PROTECTED.filter((r) => r.kind === "staff").length).toBeGreaterThan(15);
    expect(PROTECTED.filter((r) => r.kind === "apiKey").length).toBeGreaterThanOrEqual(4);
  });

  const callers = [
    ["no credentials", () => ({})],
    ["a revoked API key", () => ({ authorization: `Bearer ${revokedKey}` })],
    ["a signed-out staff session", () => ({ cookie: signedOut.cookie })],
    ["a forged session cookie", () => ({ cookie: "maitre_session=eyJhbGciOiJIUzI1NiJ9.e30.forged" })],
  ] as const;

  it.each(
    PROTECTED.flatMap((route) =>
      [
        ...callers,
        // The other kind of credential: a staff cookie on a booking-client route, an API key on a staff route.
        route.kind === "apiKey"
          ? (["a staff session (booking-client route)", () => ({ cookie: staff.cookie })] as const)
          : (["an API key (staff route)", () => ({ authorization: `Bearer ${liveKey}` })] as const),
      ].map(([who, headers]) => [`${route.method} ${route.path} with ${who}`, route, headers] as const),
    ),
  )("%s → 401", async (_, route, headers) => {
    const params: Record<string, string> = {};
    for (const [, name] of route.path.matchAll(/\{([^}]+)\}/g)) params[name as string] = randomUUID();
    const path = route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => params[name] as string);
    const before = await db()
      .kysely.selectFrom("bookings")
      .select(db().kysely.fn.countAll().as("n"))
      .executeTakeFirst();
    const response = await route.handler(
      staffRequest(`${path}?restaurantId=${randomUUID()}&date=2027-03-05&bookingId=${randomUUID()}`, {
        method: route.method,
        headers: headers(),
        idempotencyKey: randomUUID(),
        ...(route.method === "GET" || route.method === "DELETE" ? {} : { body: {} }),
      }),
      { params: Promise.resolve(params) },
    );
    expect(response.status, await response.clone().text()).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ code: "UNAUTHENTICATED", hint: expect.any(String) });
    const after = await db().kysely.selectFrom("bookings").select(db().kysely.fn.countAll().as("n")).executeTakeFirst();
    expect(after).toEqual(before);
  });
});
