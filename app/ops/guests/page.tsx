import { GuestsView } from "@/components/guests/guests-view";
import { opsViewPage } from "../prefetch-ops-view";

export const dynamic = "force-dynamic";

// The guests list is read by the client (search and paging are client state); the review read feeds the
// navigation's badge as on every view.
export default opsViewPage(GuestsView, ["review"]);
