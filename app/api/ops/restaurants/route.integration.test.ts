import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as readSession } from "@/app/api/auth/session/route";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { GET, POST } from "./route";

/**
 * Creating a restaurant through the real route, on PGlite and PostgreSQL: an owner (or staff with no restaurant)
 * creates one with a "Main room" zone and no tables and becomes its owner, seen by the very next request;
 * managers and hosts elsewhere are 403; bad input 400 and a taken slug 409, each writing nothing.
 */
describeEachBackend("/api/ops/restaurants", ({ db }) => {
  let venue: EveningScenario;
  let owner: TTestStaff;
  let manager: TTestStaff;
  let host: TTestStaff;
  let newcomer: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;
  let n = 0;
  const slug = () => `test-bistro-${Date.now().toString(36)}-${++n}`;

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db());
    owner = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "owner"]] });
    manager = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "manager"]] });
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
    newcomer = await seedStaffMember(db().kysely, { secret, memberships: [] });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const create = (staff: TTestStaff | null, body: unknown, origin?: string | null) =>
    POST(
      staffRequest("/api/ops/restaurants", {
        method: "POST",
        staff,
        body,
        ...(origin !== undefined ? { origin } : {}),
      }),
    );
  const list = (staff: TTestStaff | null) => GET(staffRequest("/api/ops/restaurants", { staff }));
  const counts = async () => ({
    restaurants: (await db().kysely.selectFrom("restaurants").select("id").execute()).length,
    zones: (await db().kysely.selectFrom("zones").select("id").execute()).length,
    memberships: (await db().kysely.selectFrom("restaurant_memberships").select("staff_user_id").execute()).length,
  });
  const expectProblem = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { code: string; hint?: string } & Record<string, unknown>;
    expect(problem.code).toBe(code);
    expect(problem.hint).toBeTruthy();
    return problem;
  };
  const body = (overrides: Record<string, unknown> = {}) => ({
    name: "Chez Test",
    slug: slug(),
    timezone: "Europe/Paris",
    locale: "fr-FR",
    currency: "EUR",
    ...overrides,
  });

  it("creates a restaurant with one empty zone; the owner is its owner on the very next request", async () => {
    const input = body({ name: "Café Ünïcødé" });
    const response = await create(owner, input);
    expect(response.status).toBe(201);
    const { restaurant } = (await response.json()) as {
      restaurant: { id: string; slug: string; role: string; zones: Array<{ name: string }> } & Record<string, unknown>;
    };
    expect(restaurant).toMatchObject({
      slug: input.slug,
      name: "Café Ünïcødé",
      timezone: "Europe/Paris",
      locale: "fr-FR",
      currency: "EUR",
      role: "owner",
      zones: [{ name: "Main room" }],
    });
    const tables = await db()
      .kysely.selectFrom("tables")
      .select("id")
      .where("restaurant_id", "=", restaurant.id)
      .execute();
    expect(tables).toEqual([]);
    const stored = await db()
      .kysely.selectFrom("restaurants")
      .select(["slot_minutes", "auto_confirm", "max_party_size"])
      .where("id", "=", restaurant.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ slot_minutes: 15, auto_confirm: true, max_party_size: 12 });

    // The next request (no wait for the session cache) sees the new membership.
    const session = (await (await readSession(staffRequest("/api/auth/session", { staff: owner }))).json()) as {
      memberships: Array<{ restaurantId: string; role: string }>;
    };
    expect(session.memberships).toContainEqual(expect.objectContaining({ restaurantId: restaurant.id, role: "owner" }));
    const mine = (await (await list(owner)).json()) as { items: Array<{ id: string; role: string }> };
    expect(mine.items.map((i) => i.id).sort()).toEqual([venue.restaurantId, restaurant.id].sort());
  });

  it("lets staff with no restaurant yet create one", async () => {
    const response = await create(newcomer, body({ locale: undefined, currency: undefined }));
    expect(response.status).toBe(201);
    const { restaurant } = (await response.json()) as { restaurant: { locale: string; currency: string } };
    expect(restaurant).toMatchObject({ locale: "en-GB", currency: "GBP" });
    expect(((await (await list(newcomer)).json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it("refuses a taken slug (409 with a suggestion) and writes nothing", async () => {
    const first = body();
    expect((await create(owner, first)).status).toBe(201);
    const before = await counts();
    const problem = await expectProblem(await create(owner, body({ slug: first.slug })), 409, "SLUG_TAKEN");
    expect(problem.suggestion).toBe(`${first.slug}-2`);
    expect(await counts()).toEqual(before);
  });

  it("gives exactly one of two concurrent creates with the same slug", async () => {
    const same = slug();
    const answers = await Promise.all([create(owner, body({ slug: same })), create(owner, body({ slug: same }))]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const rows = await db().kysely.selectFrom("restaurants").select("id").where("slug", "=", same).execute();
    expect(rows).toHaveLength(1);
  });

  it("refuses bad bodies (400) and writes nothing", async () => {
    const before = await counts();
    for (const bad of [
      {},
      body({ name: "" }),
      body({ name: "   " }),
      body({ name: "x".repeat(101) }),
      body({ slug: "Has Spaces" }),
      body({ slug: "-leading" }),
      body({ slug: "a" }),
      body({ slug: "double--hyphen" }),
      body({ timezone: "Mars/Olympus" }),
      body({ timezone: "" }),
      body({ locale: "english" }),
      body({ currency: "euro" }),
      "{not json",
    ]) {
      await expectProblem(await create(owner, bad), 400, "VALIDATION_FAILED");
    }
    expect(await counts()).toEqual(before);
  });

  it("answers 401 without a session, 403 to a manager or host, 403 cross-origin — writing nothing", async () => {
    const before = await counts();
    await expectProblem(await create(null, body()), 401, "UNAUTHENTICATED");
    await expectProblem(await list(null), 401, "UNAUTHENTICATED");
    await expectProblem(await create(manager, body()), 403, "FORBIDDEN");
    await expectProblem(await create(host, body()), 403, "FORBIDDEN");
    await expectProblem(await create(owner, body(), "https://evil.example"), 403, "FORBIDDEN");
    await expectProblem(await create(owner, body(), null), 403, "FORBIDDEN");
    expect(await counts()).toEqual(before);
  });
});
