import { describe, expect, it } from "vitest";
import { HTTP_METHODS, listRouteFiles } from "@/scripts/lint/list-route-files";
import { routeMetadataOf } from "@/server/http/with-route";
import { GET } from "./route";
import { ROUTE_MODULES } from "./route-modules";

type TDocument = {
  openapi: string;
  paths: Record<string, Record<string, { security: unknown[]; parameters?: { name: string; in: string }[] }>>;
};

async function openApiDocument(): Promise<TDocument> {
  const response = await GET(new Request("http://localhost/api/openapi.json"));
  expect(response.status).toBe(200);
  return (await response.json()) as TDocument;
}

describe("GET /api/openapi.json", () => {
  it("lists every route file under its path with every method it exports (a new route can not be forgotten)", async () => {
    const document = await openApiDocument();
    const expected: string[] = [];
    for (const { file, urlPath } of listRouteFiles()) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of HTTP_METHODS) if (method in mod) expected.push(`${method} ${urlPath}`);
    }
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(expected.sort());
    expect(ROUTE_MODULES.length + 1).toBe(listRouteFiles().length);
  });

  it("names how every route authenticates (an auth function must be labelled with describedAuth)", () => {
    const unlabelled = ROUTE_MODULES.flatMap(({ path, module }) =>
      HTTP_METHODS.filter((method) => routeMetadataOf(module[method])?.auth.kind === "unlabelled").map(
        (method) => `${method} ${path}`,
      ),
    );
    expect(unlabelled).toEqual([]);
  });

  it("documents auth, query parameters and bodies from the routes' own declarations", async () => {
    const document = await openApiDocument();
    expect(document.openapi).toBe("3.1.0");
    const availability = document.paths["/api/availability"]?.get;
    expect(availability?.security).toEqual([{ apiKey: [] }]);
    expect(availability?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(["query:date", "query:partySize"]),
    );
    expect(document.paths["/api/bookings/{reference}"]?.get?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "reference", in: "path" })]),
    );
    expect(document.paths["/api/bookings"]?.post).toMatchObject({ requestBody: expect.any(Object) });
    expect(document.paths["/api/openapi.json"]?.get?.security).toEqual([]);
  });
});
