import fc from "fast-check";
import { expect, it } from "vitest";
import { describeOnOneBackend } from "@/server/testing/test-db";
import { useSecurityWorld } from "./access-callers";
import { badInputCases, HTML_INJECTION, SQL_INJECTION, type TBadCase, UNICODE_TEXT } from "./bad-input-cases";
import { allowedCallerOf, problemsOf, type TResult } from "./bad-input-checks";
import { callRoute, problemCode } from "./call-route";
import { listRouteHandlers, type TRouteHandler } from "./list-route-handlers";
import { ROUTE_ACCESS } from "./route-access-table";
import type { TRouteAccess } from "./route-access-types";
import { countChanges, rowCounts } from "./row-counts";

/**
 * Hostile and malformed input on every route that takes any (a query, a body, path parameters), sent by an ALLOWED
 * caller on top of the route table's valid request: the answer is never a 5xx, a refusal is a 4xx problem+json
 * with a code and no stack or SQL in it, and a refusal writes nothing (every table's row count unchanged). Hostile
 * text a route legitimately accepts (a guest's name, notes) must come back exactly as sent.
 */
const ALL_HANDLERS = await listRouteHandlers();
const takesInput = (h: TRouteHandler) => Boolean(h.metadata?.query || h.metadata?.body || h.urlPath.includes("{"));
const HANDLERS = ALL_HANDLERS.filter((h) => h.key in ROUTE_ACCESS && takesInput(h));

describeOnOneBackend("bad input on every route: 4xx problem, nothing written", ({ db }) => {
  const scene = useSecurityWorld(db);

  it("covers every route that takes input (each has a valid request in the route table to start from)", () => {
    expect(ALL_HANDLERS.filter(takesInput).map((h) => h.key)).toEqual(HANDLERS.map((h) => h.key));
    expect(HANDLERS.length).toBeGreaterThan(45);
  });

  it("stores hostile free text (a guest's name, notes) verbatim and renders it back as data", async () => {
    const route = HANDLERS.find((h) => h.key === "POST /api/ops/bookings") as TRouteHandler;
    const read = HANDLERS.find((h) => h.key === "GET /api/ops/bookings/{id}") as TRouteHandler;
    const access = ROUTE_ACCESS[route.key] as TRouteAccess;
    const text = fc.oneof(
      fc.constantFrom(
        SQL_INJECTION,
        HTML_INJECTION,
        UNICODE_TEXT,
        "Robert'); DROP TABLE guests;--",
        "%00 \\x00 {{7*7}} #{1}",
      ),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }),
      fc.string({ unit: "binary", minLength: 1, maxLength: 60 }),
    );
    await fc.assert(
      fc.asyncProperty(text, text, async (guestName, notes) => {
        const valid = await access.fixture(scene.world);
        const body = { ...(valid.body as object), guestName, notes };
        const before = await rowCounts(db());
        const answer = await callRoute({
          handler: route.handler,
          method: "POST",
          fixture: { ...valid, body },
          headers: scene.callers["owner of A"],
        });
        const parsed = route.metadata?.body?.safeParse(body);
        if (!parsed?.success) {
          // Refused by the schema (control characters, broken UTF-16, blank): 400 and not a row written.
          expect([answer.status, problemCode(answer)], answer.text).toEqual([400, "VALIDATION_FAILED"]);
          expect(countChanges(before, await rowCounts(db()))).toEqual([]);
          return;
        }
        expect(answer.status, answer.text).toBe(201);
        const want = parsed.data as { guestName: string; notes: string };
        const { id } = JSON.parse(answer.text) as { id: string };
        const row = await db()
          .kysely.selectFrom("bookings")
          .select(["guest_name", "notes"])
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ guest_name: want.guestName, notes: want.notes });
        const shown = await callRoute({
          handler: read.handler,
          method: "GET",
          fixture: { path: `/api/ops/bookings/${id}`, params: { id } },
          headers: scene.callers["owner of A"],
        });
        expect(JSON.parse(shown.text)).toMatchObject({ guestName: want.guestName, notes: want.notes });
      }),
      { numRuns: 10, seed: Number(process.env.FC_SEED ?? 20_261_130) },
    );
  }, 120_000);

  it("answers any JSON body on any route with a 2xx or a 4xx problem, never a 5xx", async () => {
    const withBody = HANDLERS.filter((h) => h.metadata?.body);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withBody), fc.jsonValue({ maxDepth: 3 }), async (route, body) => {
        const access = ROUTE_ACCESS[route.key] as TRouteAccess;
        const valid = await access.fixture(scene.world);
        const c: TBadCase = {
          label: "random JSON",
          fixture: { ...valid, body: JSON.stringify(body) },
          expect: "may_accept",
        };
        const before = await rowCounts(db());
        const answer = await callRoute({
          handler: route.handler,
          method: route.method,
          fixture: c.fixture,
          headers: scene.callers[allowedCallerOf(access)],
        });
        const wrote = answer.status >= 400 ? countChanges(before, await rowCounts(db())) : [];
        expect(
          problemsOf(route.key, c, answer, wrote, access.auth === "public"),
          `${route.key} ${JSON.stringify(body).slice(0, 200)} → ${answer.text.slice(0, 200)}`,
        ).toEqual([]);
      }),
      // A fixed seed: CI runs the same 40 bodies every time (FC_SEED=<n> tries others; fast-check prints the seed
      // and the shrunk body of a failure).
      { numRuns: 40, seed: Number(process.env.FC_SEED ?? 20_261_130) },
    );
  }, 120_000);

  // Last, in key order (DELETE … PUT): a legitimately accepted variant may change restaurant A's settings (a PUT
  // of the booking horizon, a closed date), which the requests built after it must not depend on.
  it.each(HANDLERS.map((h) => [h.key, h] as const))(
    "%s",
    async (key: string, route: TRouteHandler) => {
      const access = ROUTE_ACCESS[key] as TRouteAccess;
      const metadata = route.metadata;
      if (!metadata) throw new Error(`${key} is not a withRoute handler`);
      const headers = scene.callers[allowedCallerOf(access)];
      let cases = badInputCases(metadata, await access.fixture(scene.world), route.urlPath);
      let before = await rowCounts(db());
      const results: TResult[] = [];
      for (let i = 0; i < cases.length; i++) {
        const c = cases[i] as TBadCase;
        const answer = await callRoute({ handler: route.handler, method: route.method, fixture: c.fixture, headers });
        const after = await rowCounts(db());
        const problems = problemsOf(key, c, answer, countChanges(before, after), access.auth === "public");
        results.push({ label: c.label, expect: c.expect, answer, problems });
        if (answer.status < 300) {
          // Accepted (legitimately): it may have used up the fixture (a hold, a booking); the rest get a fresh one.
          cases = badInputCases(metadata, await access.fixture(scene.world), route.urlPath);
          before = await rowCounts(db());
        } else {
          before = after;
        }
      }
      const failed = results.filter((r) => r.problems.length > 0);
      const report = failed
        .map(
          (r) =>
            `  ${r.label} [${r.expect}] → ${r.answer.status} ${problemCode(r.answer) ?? ""}: ${r.problems.join("; ")}  ${r.answer.text.slice(0, 200)}`,
        )
        .join("\n");
      expect(failed.length, `${key}: ${results.length} cases\n${report}`).toBe(0);
    },
    120_000,
  );
});
