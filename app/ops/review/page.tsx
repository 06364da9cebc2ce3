import { ReviewQueueView } from "@/components/review-queue/review-queue-view";
import { PrefetchOpsView } from "../prefetch-ops-view";

export const dynamic = "force-dynamic";

export default function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return (
    <PrefetchOpsView searchParams={searchParams} reads={["review", "availability"]}>
      <ReviewQueueView />
    </PrefetchOpsView>
  );
}
