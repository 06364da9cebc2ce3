import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { readBodyText } from "@/server/http/read-body-text";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { importFile } from "@/server/setup/import/import-file";
import { MAX_IMPORT_BYTES, ZImportQuerySchema, ZImportSummarySchema } from "@/server/setup/import/import-schema";

export const dynamic = "force-dynamic";

// POST /api/ops/restaurants/{id}/import?kind=zones|tables|adjacency|bookings&format=csv|json[&dryRun=true] – a manager
// imports a file (the body, as text, at most 2 MB), all or nothing: 200 with what was created and updated, or 422
// IMPORT_INVALID with every row error and its line (nothing written). dryRun only checks. Hosts: 403.
export const POST = withRoute(
  {
    name: "ops.restaurants.import",
    summary: "Import zones, tables, adjacency or bookings from CSV or JSON, all or nothing (manager)",
    auth: staffAuth(),
    audience: "staff",
    query: ZImportQuerySchema,
    response: ZImportSummarySchema,
  },
  async ({ auth: actor, params, query, request, log }) => {
    const restaurantId = String(params.id);
    const membership = requireRestaurantRole(actor, restaurantId, "manager");
    const text = await readBodyText(request, MAX_IMPORT_BYTES);
    const runtime = await getRuntime();
    const summary = await importFile({
      db: runtime.db,
      restaurantId,
      kind: query.kind,
      format: query.format,
      text,
      dryRun: query.dryRun === "true" || query.dryRun === "1",
      actor: { type: "staff", id: actor.id, role: membership.role },
      enqueue: runtime.queue.enqueue,
    });
    if (!summary.dryRun) {
      if (summary.waitingForTables) runtime.queue.announce("booking.assign");
      log.info({ restaurantId, staffId: actor.id, ...summary, renamedReferences: undefined }, "file imported");
    }
    return Response.json(summary, { headers: { "cache-control": "no-store" } });
  },
);
