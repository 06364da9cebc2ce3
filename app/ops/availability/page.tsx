import { HeatmapView } from "@/components/heatmap/heatmap-view";
import { opsViewPage } from "../prefetch-ops-view";

export const dynamic = "force-dynamic";

export default opsViewPage(HeatmapView, ["availability"]);
