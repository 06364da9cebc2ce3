import { BookingsView } from "@/components/bookings/bookings-view";
import { opsViewPage } from "../prefetch-ops-view";

export const dynamic = "force-dynamic";

export default opsViewPage(BookingsView, ["availability", "bookings"]);
