import { ZReleasedHoldResponseSchema } from "@/server/assignment/manual-selection-schema";
import { releaseStaffHold } from "@/server/assignment/release-staff-hold";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// DELETE /api/staff/manual/hold/{holdId} – frees the hold's tables now. A hold of another restaurant, or none: 404.
export const DELETE = withRoute(
  {
    name: "staff.manual.hold.release",
    summary: "Release a hold now",
    auth: staffAuth(),
    audience: "staff",
    response: ZReleasedHoldResponseSchema,
  },
  async ({ auth: actor, params }) => {
    const runtime = await getRuntime();
    const released = await releaseStaffHold({ db: runtime.db, actor, holdId: String(params.holdId) });
    return Response.json(released, { headers: { "cache-control": "no-store" } });
  },
);
