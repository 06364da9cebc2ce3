import { StrategyLabView } from "@/components/lab/strategy-lab-view";
import { opsViewPage } from "../prefetch-ops-view";

export const dynamic = "force-dynamic";

// The configuration and the replays are read by the client (the date range lives in the page, not the URL).
export default opsViewPage(StrategyLabView, []);
