import { readFile } from "node:fs/promises";
import path from "node:path";
import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { DomainError } from "@/server/errors/domain-error";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";

export const dynamic = "force-dynamic";

/** The sample files in docs/import, served from there (one copy: the documentation is the download). */
const SAMPLES = new Set(["zones.csv", "tables.csv", "adjacency.csv", "bookings.csv", "tables.json", "bookings.json"]);

// GET /api/ops/restaurants/{id}/import/samples/{file} – a sample import file (docs/import), as an attachment.
export const GET = withRoute(
  {
    name: "ops.restaurants.importSample",
    summary: "Download a sample import file (docs/import) (manager)",
    auth: staffAuth(),
    audience: "staff",
  },
  async ({ auth: actor, params }) => {
    requireRestaurantRole(actor, String(params.id), "manager");
    const file = String(params.file);
    if (!SAMPLES.has(file)) {
      throw new DomainError("NOT_FOUND", `no sample named ${file}`, { hint: `Samples: ${[...SAMPLES].join(", ")}` });
    }
    const text = await readFile(path.join(process.cwd(), "docs", "import", file), "utf8");
    return new Response(text, {
      headers: {
        "content-type": file.endsWith(".json") ? "application/json" : "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="maitre-sample-${file}"`,
        "cache-control": "no-store",
      },
    });
  },
);
