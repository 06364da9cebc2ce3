import { TimelineView } from "@/components/timeline/timeline-view";
import { opsViewPage } from "./prefetch-ops-view";

export const dynamic = "force-dynamic";

export default opsViewPage(TimelineView, ["availability"]);
