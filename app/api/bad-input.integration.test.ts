import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { TRouteMetadata } from "@/server/http/route-metadata";
import { routeMetadataOf } from "@/server/http/with-route";
import { seedApiKey, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { ROUTE_MODULES } from "./openapi.json/route-modules";

/**
 * Hostile and broken input against EVERY route, generated from what each route declares (its auth, query and body
 * schemas), so a new route is covered the day it is added: malformed JSON, wrong types, missing fields, absurd
 * numbers, impossible and DST-gap local times, unknown and malformed ids, a 1 MB body, SQL-looking and unicode
 * strings. Every case must answer 4xx application/problem+json with a code and a hint — never a 5xx, never an
 * auth failure (the caller is valid) — and write nothing: every table's row count is unchanged.
 */
type TCase = { label: string; method: string; path: string; query?: Record<string, string>; body?: string };

const HOSTILE_STRINGS = ["' OR 1=1; drop table bookings; --", "Zoë 山田 😀 \u202e", "\u0000", "x".repeat(5000)];
const BAD_NUMBERS = [0, -1, 2.5, 1e9, Number.MAX_SAFE_INTEGER + 2];
const BAD_DATES = ["2027-02-30", "2027-13-01", "27-03-05", "2027-03-05T99:00", "' OR 1=1 --"];
// 01:30 on 2027-03-28 does not exist in Europe/London (clocks jump 01:00 → 02:00); the fixture is in London.
const DST_GAP_LOCAL = "2027-03-28T01:30";
const ONE_MB = `{"guestName":"${"x".repeat(1024 * 1024)}"}`;

type TJsonSchema = { type?: string | string[]; properties?: Record<string, TJsonSchema>; required?: string[] };

function propertiesOf(schema: unknown): Record<string, TJsonSchema> {
  if (!schema) return {};
  const json = (schema as { toJSONSchema?: (o: object) => TJsonSchema }).toJSONSchema?.({
    io: "input",
    unrepresentable: "any",
  });
  return json?.properties ?? {};
}

function wrongValuesFor(name: string, property: TJsonSchema): unknown[] {
  const types = [property.type].flat();
  const wrong: unknown[] = [null, [], { nested: true }];
  if (types.includes("string")) wrong.push(42, true, ...HOSTILE_STRINGS);
  if (types.includes("number") || types.includes("integer")) wrong.push("4", ...BAD_NUMBERS.map((n) => -Math.abs(n)));
  if (types.includes("boolean")) wrong.push("yes", 1);
  if (/party/i.test(name)) wrong.push(...BAD_NUMBERS);
  if (/(^|[a-z])(startsAt|date)$/i.test(name)) wrong.push(...BAD_DATES, DST_GAP_LOCAL);
  if (/Ids?$/.test(name)) wrong.push("not-a-uuid", ["' OR 1=1 --"], "00000000-0000-0000-0000-000000000000");
  return wrong;
}

/** The cases for one route and method, from its declaration. Path parameters get unknown and malformed ids. */
function casesFor(path: string, method: string, metadata: TRouteMetadata): TCase[] {
  const cases: TCase[] = [];
  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => name as string);
  const fill = (value: string) => path.replace(/\{[^}]+\}/g, () => encodeURIComponent(value));
  const validPath = fill(randomUUID());
  for (const value of pathParams.length > 0 ? [randomUUID(), "ZZZZ9999", "' OR 1=1 --", "😀", "..%2F..%2Fetc"] : []) {
    cases.push({ label: `unknown or malformed id ${JSON.stringify(value)}`, method, path: fill(value) });
  }
  const query = propertiesOf(metadata.query);
  if (metadata.query) {
    cases.push({ label: "no query parameters", method, path: validPath, query: {} });
    for (const [name, property] of Object.entries(query)) {
      for (const wrong of wrongValuesFor(name, property)) {
        if (wrong === null || typeof wrong === "object") continue;
        cases.push({
          label: `query ${name}=${String(wrong).slice(0, 40)}`,
          method,
          path: validPath,
          query: { [name]: String(wrong) },
        });
      }
    }
  }
  if (metadata.body) {
    for (const raw of ['{"partySize": ', "[]", '"text"', "null", "", "{]"]) {
      cases.push({ label: `malformed JSON ${JSON.stringify(raw)}`, method, path: validPath, body: raw });
    }
    cases.push({ label: "1 MB body", method, path: validPath, body: ONE_MB });
    const properties = propertiesOf(metadata.body);
    for (const [name, property] of Object.entries(properties)) {
      for (const wrong of wrongValuesFor(name, property)) {
        cases.push({
          label: `body ${name}=${JSON.stringify(wrong).slice(0, 40)}`,
          method,
          path: validPath,
          body: JSON.stringify({ [name]: wrong }),
        });
      }
    }
  }
  return cases;
}

const ROUTE_CASES = ROUTE_MODULES.flatMap(({ path, module }) =>
  ["GET", "POST", "PUT", "PATCH", "DELETE"].flatMap((method) => {
    const metadata = routeMetadataOf(module[method]);
    return metadata ? casesFor(path, method, metadata).map((c) => ({ ...c, metadata, handler: module[method] })) : [];
  }),
);

describeEachBackend("every route refuses bad input with a problem and writes nothing", ({ db }) => {
  let uninstall: (() => Promise<void>) | undefined;
  let owner: TTestStaff;
  let apiKey = "";

  beforeAll(async () => {
    const installed = await installTestRuntime({
      db: db(),
      env: {
        RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: "1000000",
        RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: "1000000",
        RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_MINUTE: "1000000",
      },
    });
    uninstall = installed.uninstall;
    const scenario = await setupEveningScenario(db());
    await scenario.book({ party: 2, at: "19:00" });
    owner = await seedStaffMember(db().kysely, {
      secret: installed.runtime.env.SESSION_SECRET,
      memberships: [[scenario.restaurantId, "owner"]],
    });
    apiKey = await seedApiKey(db().kysely, { restaurantId: scenario.restaurantId });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  /** Every table's row count (public and the job queue's): a refused request must not change any. */
  async function rowCounts(): Promise<Record<string, number>> {
    const { rows: tables } = await db().query<{ table_schema: string; table_name: string }>(
      "select table_schema, table_name from information_schema.tables where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE'",
    );
    const union = tables
      .map(
        (t) =>
          `select '${t.table_schema}.${t.table_name}' as name, count(*)::int as n from "${t.table_schema}"."${t.table_name}"`,
      )
      .join(" union all ");
    const { rows } = await db().query<{ name: string; n: number }>(union);
    return Object.fromEntries(rows.map((r) => [r.name, r.n]));
  }

  it("stores unicode and SQL-looking names exactly as sent", async () => {
    const guestName = "Zoë Ñúñez-山田 😀 O'Brien'); drop table bookings; --";
    const notes = "Allergie: noix — 🥜\nTable près de la fenêtre";
    const bookings = ROUTE_MODULES.find((r) => r.path === "/api/bookings")?.module.POST as (
      r: Request,
    ) => Promise<Response>;
    const response = await bookings(
      new Request("http://localhost/api/bookings", {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ partySize: 2, startsAt: "2027-03-05T20:00", guestName, notes }),
      }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const row = await db()
      .kysely.selectFrom("bookings")
      .select(["guest_name", "notes"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ guest_name: guestName, notes });
  });

  it("generates cases for every route that takes input (the generator itself works)", () => {
    const covered = new Set(ROUTE_CASES.map((c) => `${c.method} ${c.metadata.name}`));
    const withInput = ROUTE_MODULES.flatMap(({ path, module }) =>
      ["GET", "POST", "PUT", "PATCH", "DELETE"]
        .filter((method) => {
          const metadata = routeMetadataOf(module[method]);
          return metadata && (metadata.query || metadata.body || path.includes("{"));
        })
        .map((method) => `${method} ${routeMetadataOf(module[method])?.name}`),
    );
    expect([...covered].sort()).toEqual([...new Set(withInput)].sort());
  });

  it.each(ROUTE_CASES.map((c) => [`${c.method} ${c.path.replace(/[0-9a-f-]{36}/g, "{id}")}: ${c.label}`, c]))(
    "%s",
    async (_, c) => {
      const before = await rowCounts();
      const url = new URL(`http://localhost${c.path}`);
      for (const [name, value] of Object.entries(c.query ?? {})) url.searchParams.set(name, value);
      const auth = c.metadata.auth.kind;
      const request = staffRequest(`${url.pathname}${url.search}`, {
        method: c.method,
        staff: auth === "staff" || auth === "unlabelled" ? owner : null,
        headers: {
          ...(auth === "apiKey" ? { authorization: `Bearer ${apiKey}` } : {}),
          ...(c.body !== undefined ? { "content-type": "application/json" } : {}),
          "idempotency-key": randomUUID(),
        },
      });
      const withBody = c.body === undefined ? request : new Request(request, { body: c.body });
      const params: Record<string, string> = {};
      const segments = c.path.split("/");
      const template = ROUTE_MODULES.find((r) => r.module[c.method] === c.handler)?.path.split("/") ?? [];
      template.forEach((part, i) => {
        const name = /^\{(.+)\}$/.exec(part)?.[1];
        if (name) params[name] = decodeURIComponent(segments[i] ?? "");
      });
      const response = await (c.handler as (r: Request, s: unknown) => Promise<Response>)(withBody, {
        params: Promise.resolve(params),
      });
      const text = await response.text();
      expect(response.status, text.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(response.status, text.slice(0, 300)).toBeLessThan(500);
      expect([401, 403, 429], text.slice(0, 300)).not.toContain(response.status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const problem = JSON.parse(text) as { code?: string; hint?: string };
      expect(problem.code).toEqual(expect.any(String));
      expect(problem.hint?.length ?? 0).toBeGreaterThan(10);
      expect(await rowCounts()).toEqual(before);
    },
  );
});
