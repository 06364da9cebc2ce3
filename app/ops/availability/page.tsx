import { HeatmapView } from "@/components/heatmap/heatmap-view";
import { PrefetchOpsView } from "../prefetch-ops-view";

export const dynamic = "force-dynamic";

export default function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return (
    <PrefetchOpsView searchParams={searchParams} reads={["availability"]}>
      <HeatmapView />
    </PrefetchOpsView>
  );
}
