import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as readBooking } from "@/app/api/bookings/[reference]/route";
import { hashApiKey } from "@/server/auth/api-key";
import { authenticateApiKey } from "@/server/auth/authenticate-api-key";
import { openDb } from "@/server/infra/db/open-db";
import { type EveningScenario, seedApiKey, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { DELETE } from "./[keyId]/route";
import { GET, POST } from "./route";

/**
 * API-key management through the real route handlers, on PGlite and PostgreSQL: a manager issues a key (shown once,
 * stored hashed), lists and revokes keys; a revoked key is refused on the very next request, on any instance; hosts
 * are 403, other restaurants 404, cross-site mutations refused; and no refusal writes a row.
 */
describeEachBackend("/api/ops/restaurants/{id}/api-keys", ({ db, kind }) => {
  let venue: EveningScenario;
  let other: EveningScenario;
  let manager: TTestStaff;
  let host: TTestStaff;
  let otherKeyId = "";
  let reference = "";
  let uninstall: (() => Promise<void>) | undefined;
  let address = 0;

  beforeAll(async () => {
    const installed = await installTestRuntime({
      db: db(),
      env: { RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: "10000", RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: "1000" },
    });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db());
    other = await setupEveningScenario(db());
    manager = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "manager"]] });
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
    await seedApiKey(db().kysely, { restaurantId: other.restaurantId });
    otherKeyId = (
      await db()
        .kysely.selectFrom("api_keys")
        .select("id")
        .where("restaurant_id", "=", other.restaurantId)
        .executeTakeFirstOrThrow()
    ).id;
    reference = (await venue.book({ party: 2, at: "19:00" })).reference;
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const path = (restaurantId: string) => `/api/ops/restaurants/${restaurantId}/api-keys`;
  const list = (staff: TTestStaff | null, restaurantId = venue.restaurantId) =>
    GET(staffRequest(path(restaurantId), { staff }), routeParams({ id: restaurantId }));
  const create = (
    staff: TTestStaff | null,
    body: unknown,
    { restaurantId = venue.restaurantId, origin }: { restaurantId?: string; origin?: string | null } = {},
  ) =>
    POST(
      staffRequest(path(restaurantId), { method: "POST", staff, body, ...(origin !== undefined ? { origin } : {}) }),
      routeParams({ id: restaurantId }),
    );
  const revoke = (
    staff: TTestStaff | null,
    keyId: string,
    { restaurantId = venue.restaurantId, origin }: { restaurantId?: string; origin?: string | null } = {},
  ) =>
    DELETE(
      staffRequest(`${path(restaurantId)}/${keyId}`, {
        method: "DELETE",
        staff,
        ...(origin !== undefined ? { origin } : {}),
      }),
      routeParams({ id: restaurantId, keyId }),
    );
  const readWithKey = (key: string) =>
    readBooking(
      new Request(`http://localhost/api/bookings/${reference}`, {
        headers: { authorization: `Bearer ${key}`, "x-forwarded-for": `203.0.113.${(++address % 250) + 1}` },
      }),
      routeParams({ reference }),
    );
  const keyRows = async () =>
    db().kysely.selectFrom("api_keys").select(["id", "revoked_at", "name"]).orderBy("id").execute();
  const expectProblem = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { code: string; hint?: string };
    expect(problem.code).toBe(code);
    expect(problem.hint).toBeTruthy();
  };

  it("issues a key once (201), stores only its hash, and never shows it again", async () => {
    const response = await create(manager, { name: "Website widget" });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Record<string, unknown> & { id: string; key: string; prefix: string };
    expect(created).toMatchObject({
      name: "Website widget",
      scopes: ["bookings:read", "bookings:write", "availability:read"],
    });
    expect(created.key).toMatch(/^mt_[0-9a-f]{8}_[A-Za-z0-9_-]{16,}$/);
    expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);
    expect(Date.parse(String(created.createdAt))).not.toBeNaN();

    const stored = await db()
      .kysely.selectFrom("api_keys")
      .selectAll()
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(stored)).not.toContain(created.key);

    const listed = await list(manager);
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(stored.key_hash);
    const { items } = JSON.parse(text) as { items: Array<Record<string, unknown>> };
    const item = items.find((i) => i.id === created.id);
    expect(item).toEqual({
      id: created.id,
      name: "Website widget",
      prefix: created.prefix,
      scopes: ["bookings:read", "bookings:write", "availability:read"],
      createdAt: created.createdAt,
      lastUsedAt: null,
      revokedAt: null,
    });
    // Only this restaurant's keys.
    expect(items.some((i) => i.id === otherKeyId)).toBe(false);

    expect((await readWithKey(created.key)).status).toBe(200);
  });

  it("takes the scopes asked for, and a key without a scope is refused that scope", async () => {
    const response = await create(manager, { name: "Availability only", scopes: ["availability:read"] });
    expect(response.status).toBe(201);
    const { key, scopes } = (await response.json()) as { key: string; scopes: string[] };
    expect(scopes).toEqual(["availability:read"]);
    await expectProblem(await readWithKey(key), 403, "FORBIDDEN");
  });

  it("revokes a key: the next request with it is 401 at once, on this and on another instance", async () => {
    const { id, key } = (await (await create(manager, { name: "To revoke" })).json()) as { id: string; key: string };
    expect((await readWithKey(key)).status).toBe(200);

    const response = await revoke(manager, id);
    expect(response.status).toBe(200);
    const revoked = (await response.json()) as { id: string; revokedAt: string | null };
    expect(revoked).toMatchObject({ id, name: "To revoke" });
    expect(Date.parse(String(revoked.revokedAt))).not.toBeNaN();
    expect(JSON.stringify(revoked)).not.toContain(key);

    await expectProblem(await readWithKey(key), 401, "UNAUTHENTICATED");
    if (kind === "postgres" && db().url) {
      // Another instance: its own connection pool on the same database, as another web process has.
      const elsewhere = await openDb({ kind: "postgres", url: db().url as string, poolMax: 2 });
      try {
        await expect(
          authenticateApiKey(elsewhere.kysely, {
            headers: new Headers({ authorization: `Bearer ${key}` }),
            scope: "bookings:read",
            refuseDemoKeys: false,
          }),
        ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
      } finally {
        await elsewhere.close();
      }
    }

    // Idempotent: the same answer, the first revocation time kept.
    const again = await revoke(manager, id);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { revokedAt: string }).revokedAt).toBe(revoked.revokedAt);
    const { items } = (await (await list(manager)).json()) as { items: Array<{ id: string; revokedAt: string }> };
    expect(items.find((i) => i.id === id)?.revokedAt).toBe(revoked.revokedAt);
  });

  it("refuses bad bodies (400) and writes nothing", async () => {
    const before = await keyRows();
    for (const body of [
      {},
      { name: "" },
      { name: "   " },
      { name: "x".repeat(101) },
      { name: "bad\u0000name" },
      { name: "Widget", scopes: [] },
      { name: "Widget", scopes: ["bookings:admin"] },
      { name: "Widget", scopes: ["bookings:read", "bookings:read"] },
      { name: 42 },
      "{not json",
    ]) {
      await expectProblem(await create(manager, body), 400, "VALIDATION_FAILED");
    }
    expect(await keyRows()).toEqual(before);
  });

  it("stores a unicode name exactly", async () => {
    const name = "Café Ünïcødé 🍽️ 予約";
    const response = await create(manager, { name });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const row = await db().kysely.selectFrom("api_keys").select("name").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.name).toBe(name);
  });

  it("answers 401 without a session, 403 to a host, 404 for another restaurant — writing nothing", async () => {
    const mine = (await (await create(manager, { name: "Kept" })).json()) as { id: string; key: string };
    const before = await keyRows();

    await expectProblem(await list(null), 401, "UNAUTHENTICATED");
    await expectProblem(await create(null, { name: "No session" }), 401, "UNAUTHENTICATED");
    await expectProblem(await revoke(null, mine.id), 401, "UNAUTHENTICATED");

    await expectProblem(await list(host), 403, "FORBIDDEN");
    await expectProblem(await create(host, { name: "Host key" }), 403, "FORBIDDEN");
    await expectProblem(await revoke(host, mine.id), 403, "FORBIDDEN");

    // Not a member of the other restaurant: 404, whatever the route.
    await expectProblem(await list(manager, other.restaurantId), 404, "NOT_FOUND");
    await expectProblem(
      await create(manager, { name: "Theirs" }, { restaurantId: other.restaurantId }),
      404,
      "NOT_FOUND",
    );
    await expectProblem(await revoke(manager, otherKeyId, { restaurantId: other.restaurantId }), 404, "NOT_FOUND");
    // Another restaurant's key through one's own restaurant, an unknown id, and an id that is no id: 404 alike.
    await expectProblem(await revoke(manager, otherKeyId), 404, "NOT_FOUND");
    await expectProblem(await revoke(manager, "00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND");
    await expectProblem(await revoke(manager, "not-a-key-id"), 404, "NOT_FOUND");
    await expectProblem(await list(manager, "not-a-restaurant"), 404, "NOT_FOUND");

    expect(await keyRows()).toEqual(before);
    expect((await readWithKey(mine.key)).status).toBe(200);
  });

  it("refuses a cross-origin or Origin-less POST and DELETE (403) and writes nothing", async () => {
    const mine = (await (await create(manager, { name: "Still live" })).json()) as { id: string; key: string };
    const before = await keyRows();
    for (const origin of ["https://evil.example", null]) {
      await expectProblem(await create(manager, { name: "Forged" }, { origin }), 403, "FORBIDDEN");
      await expectProblem(await revoke(manager, mine.id, { origin }), 403, "FORBIDDEN");
    }
    expect(await keyRows()).toEqual(before);
    expect((await readWithKey(mine.key)).status).toBe(200);
  });
});
