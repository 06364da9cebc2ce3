import { FloorPlanView } from "@/components/floor-plan/floor-plan-view";
import { opsViewPage } from "../prefetch-ops-view";

export const dynamic = "force-dynamic";

export default opsViewPage(FloorPlanView, ["availability"]);
