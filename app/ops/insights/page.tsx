import { InsightsView } from "@/components/insights/insights-view";
import { opsViewPage } from "../prefetch-ops-view";

export const dynamic = "force-dynamic";

// The charts are read by the client (the date range lives in the page, not the URL).
export default opsViewPage(InsightsView, []);
