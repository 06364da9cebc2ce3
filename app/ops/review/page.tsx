import { ReviewQueueView } from "@/components/review-queue/review-queue-view";
import { opsViewPage } from "../prefetch-ops-view";

export const dynamic = "force-dynamic";

export default opsViewPage(ReviewQueueView, ["review", "availability"]);
