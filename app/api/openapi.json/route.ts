import { buildOpenApi } from "@/server/http/build-openapi";
import { withRoute } from "@/server/http/with-route";
import { ROUTE_MODULES } from "./route-modules";

export const dynamic = "force-dynamic";

const SELF = { path: "/api/openapi.json", module: {} as Record<string, unknown> };

// GET /api/openapi.json – the API reference, generated from the schemas the routes validate with. Public.
export const GET = withRoute(
  { name: "openapi", summary: "This API's OpenAPI 3.1 document", auth: "public" },
  async () =>
    Response.json(buildOpenApi({ routes: [...ROUTE_MODULES, SELF], version: "0.1.0" }), {
      headers: { "cache-control": "public, max-age=300" },
    }),
);
SELF.module.GET = GET;
