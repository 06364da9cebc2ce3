import { OptimizerView } from "@/components/optimizer/optimizer-view";
import { opsViewPage } from "../prefetch-ops-view";

export const dynamic = "force-dynamic";

// The day's timeline (drawn with the plan's ghosts) comes prefetched; the runs are read by the client.
export default opsViewPage(OptimizerView, ["availability", "review"]);
