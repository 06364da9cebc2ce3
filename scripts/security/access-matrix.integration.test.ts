import { afterAll, expect, it } from "vitest";
import { describeOnOneBackend } from "@/server/testing/test-db";
import { CALLERS, expectedAnswer, seedCallers, type TExpected, useSecurityWorld } from "./access-callers";
import { callRoute, problemCode, type TAnswer } from "./call-route";
import { listRouteHandlers } from "./list-route-handlers";
import { ROUTE_ACCESS } from "./route-access-table";
import { countChanges, rowCounts } from "./row-counts";

/**
 * The access matrix: every route handler of app/api × every kind of caller → the status it must answer, generated
 * from the route table (scripts/security/route-access-table.ts). Each cell sends a FRESH valid request aimed at
 * restaurant A, so an allowed caller succeeds and a refusal is about access, never about the input; a refusal is
 * problem+json with the access code and writes nothing. A route the table does not describe fails the suite.
 */
const HANDLERS = await listRouteHandlers();
const REFUSAL_CODES: Record<number, string> = { 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND" };

type TCell = { caller: string; expected: TExpected; answer: TAnswer; wrote: string[]; ok: boolean };

function verdict(expected: TExpected, answer: TAnswer, wrote: string[]): boolean {
  if (answer.status !== expected.status) return false;
  if (expected.allowed) return expected.code === undefined || problemCode(answer) === expected.code;
  return problemCode(answer) === REFUSAL_CODES[expected.status] && wrote.length === 0;
}

function formatCells(key: string, cells: TCell[]): string {
  const lines = cells.map((c) => {
    const want = `${c.expected.status}${c.expected.code ? ` ${c.expected.code}` : ""}`;
    const got = `${c.answer.status} ${problemCode(c.answer) ?? ""}`.trim();
    const extra = c.ok ? "" : `  ${c.answer.text.slice(0, 240)}${c.wrote.length ? ` WROTE ${c.wrote.join(", ")}` : ""}`;
    return `  ${c.ok ? "ok  " : "FAIL"} ${c.caller.padEnd(16)} expected ${want.padEnd(26)} got ${got}${extra}`;
  });
  return `${key}\n${lines.join("\n")}`;
}

describeOnOneBackend("access matrix: every route × every caller", ({ db }) => {
  const scene = useSecurityWorld(db);
  const printed: string[] = [];
  afterAll(async () => {
    // PRINT_ACCESS_MATRIX=1 prints every cell (route, caller, expected, got), not only the failing routes'.
    if (process.env.PRINT_ACCESS_MATRIX) console.log(printed.join("\n"));
  });

  it("describes every route handler, with the auth the handler itself declares", () => {
    expect(HANDLERS.length).toBeGreaterThan(60);
    const undescribed = HANDLERS.filter((h) => !(h.key in ROUTE_ACCESS)).map((h) => h.key);
    const stale = Object.keys(ROUTE_ACCESS).filter((key) => !HANDLERS.some((h) => h.key === key));
    const disagreeing = HANDLERS.filter((h) => h.key in ROUTE_ACCESS)
      .filter((h) => ROUTE_ACCESS[h.key]?.auth !== h.metadata?.auth.kind)
      .map((h) => `${h.key}: table ${ROUTE_ACCESS[h.key]?.auth}, handler ${h.metadata?.auth.kind ?? "not withRoute"}`);
    expect({ undescribed, stale, disagreeing }).toEqual({ undescribed: [], stale: [], disagreeing: [] });
  });

  it.each(HANDLERS.filter((h) => h.key in ROUTE_ACCESS).map((h) => [h.key, h] as const))("%s", async (key, route) => {
    const access = ROUTE_ACCESS[key];
    if (!access) throw new Error(`no access entry for ${key}`);
    const successStatus = route.metadata?.successStatus ?? 200;
    const cells: TCell[] = [];
    for (const caller of CALLERS) {
      const fixture = await access.fixture(scene.world);
      const headers = (access.freshCallers ? await seedCallers(scene.world) : scene.callers)[caller];
      const expected = expectedAnswer(access, caller, successStatus);
      const before = expected.allowed ? {} : await rowCounts(db());
      const answer = await callRoute({ handler: route.handler, method: route.method, fixture, headers });
      const wrote = expected.allowed ? [] : countChanges(before, await rowCounts(db()));
      cells.push({ caller, expected, answer, wrote, ok: verdict(expected, answer, wrote) });
    }
    printed.push(formatCells(key, cells));
    const failed = cells.filter((c) => !c.ok);
    expect(failed.length, formatCells(key, cells)).toBe(0);
  });
});
