import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { exportFile } from "@/server/setup/export/export-file";
import { ZExportQuerySchema } from "@/server/setup/import/import-schema";

export const dynamic = "force-dynamic";

// GET /api/ops/restaurants/{id}/export?kind=…&format=csv|json[&from=YYYY-MM-DD&to=YYYY-MM-DD] – a manager downloads
// the restaurant's zones, tables, links or bookings (local start dates from..to) in the import's own shapes, as an
// attachment that imports again as it is. Hosts: 403.
export const GET = withRoute(
  {
    name: "ops.restaurants.export",
    summary: "Export zones, tables, adjacency or bookings as CSV or JSON, in the import's shapes (manager)",
    auth: staffAuth(),
    audience: "staff",
    query: ZExportQuerySchema,
  },
  async ({ auth: actor, params, query }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const file = await exportFile({ db: runtime.db, restaurantId, ...query });
    return new Response(file.text, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "no-store",
        "x-export-rows": String(file.rows),
      },
    });
  },
);
