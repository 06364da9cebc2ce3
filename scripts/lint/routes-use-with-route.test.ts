import path from "node:path";
import { describe, expect, it } from "vitest";
import { isWithRouteHandler, withRoute } from "@/server/http/with-route";
import { HTTP_METHODS, listRouteFiles, REPO_ROOT as ROOT } from "./list-route-files";

/**
 * Every HTTP handler exported by `app/api/**\/route.ts` is built with withRoute: that is where authentication,
 * body limits, parsing, the database circuit breaker and problem+json rendering live, so a handler written by
 * hand would answer errors with stacks or skip the 503 on an outage. The modules are imported (not parsed), and
 * withRoute marks what it builds with a non-enumerable symbol.
 */
describe("app/api route handlers", () => {
  const files = listRouteFiles().map(({ file }) => file);

  it("finds the routes (the walk itself works)", () => {
    const relative = files.map((file) => path.relative(ROOT, file));
    expect(relative).toEqual(
      expect.arrayContaining([
        "app/api/bookings/route.ts",
        "app/api/bookings/[reference]/route.ts",
        "app/api/health/route.ts",
        "app/api/metrics/route.ts",
        "app/api/auth/session/route.ts",
      ]),
    );
  });

  it.each(files.map((file) => [path.relative(ROOT, file), file]))(
    "%s exports only withRoute handlers",
    async (_, file) => {
      const mod = (await import(file)) as Record<string, unknown>;
      const handlers = HTTP_METHODS.filter((method) => method in mod);
      expect(handlers.length, "a route file exports at least one HTTP handler").toBeGreaterThan(0);
      const bypassing = handlers.filter((method) => !isWithRouteHandler(mod[method]));
      expect(bypassing, "exported handlers not built with withRoute").toEqual([]);
    },
  );

  it("tells a withRoute handler from a hand-written one (the check bites)", () => {
    const wrapped = withRoute({ name: "probe", auth: "public" }, async () => new Response(null, { status: 204 }));
    const handWritten = async (_request: Request) => new Response(null, { status: 204 });
    expect(isWithRouteHandler(wrapped)).toBe(true);
    expect(isWithRouteHandler(handWritten)).toBe(false);
    expect(isWithRouteHandler(undefined)).toBe(false);
    // The marker is invisible to spreading and enumeration, so it changes nothing Next.js sees.
    expect(Object.keys(wrapped)).toEqual([]);
  });
});
