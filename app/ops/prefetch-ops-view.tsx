import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { cookies } from "next/headers";
import type { ComponentType, ReactNode } from "react";
import { resolveOpsLocation, type TOpsSearch } from "@/components/ops/ops-location";
import { opsKeys } from "@/components/ops/queries";
import { getOpsAvailability } from "@/server/availability/get-ops-availability";
import { listReviewQueue } from "@/server/coordinator/list-review-queue";
import { findSignedInStaff } from "@/server/http/staff-auth";
import { getRuntime } from "@/server/runtime/get-runtime";

export type TOpsPrefetch = "availability" | "review";

/**
 * A view's server half (ARCHITECTURE §7b): resolve the URL's restaurant and day for the signed-in member of staff,
 * read what the view shows first with the same server functions the API routes call (no HTTP to itself), and hand
 * it to the client's React Query cache under the keys the client asks with. The first paint has data; the client
 * then follows the day live. A failed read is left to the client (it shows the problem and a retry).
 */
export async function PrefetchOpsView({
  searchParams,
  reads,
  children,
}: {
  searchParams: TSearchParams;
  reads: TOpsPrefetch[];
  children: ReactNode;
}) {
  const [staff, raw] = await Promise.all([findSignedInStaff(await cookies()), searchParams]);
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const search: TOpsSearch = { restaurant: one(raw.restaurant), date: one(raw.date) };
  const location = staff && resolveOpsLocation(staff.memberships, search);
  const queryClient = new QueryClient();
  if (location) {
    const { restaurantId, timezone } = location.restaurant;
    const { date } = location;
    const db = (await getRuntime()).db.kysely;
    const now = new Date();
    await Promise.allSettled(
      reads.map((read) =>
        read === "availability"
          ? queryClient.prefetchQuery({
              queryKey: opsKeys.availability(restaurantId, date),
              queryFn: () => getOpsAvailability({ db, restaurantId, date, now }),
            })
          : queryClient.prefetchQuery({
              queryKey: opsKeys.review(restaurantId, date),
              queryFn: () => listReviewQueue(db, { restaurantId, timezone, date, now }),
            }),
      ),
    );
  }
  return <HydrationBoundary state={dehydrate(queryClient)}>{children}</HydrationBoundary>;
}

type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** An ops view's page: the client view, with what it shows first prefetched on the server. */
export function opsViewPage(View: ComponentType, reads: TOpsPrefetch[]) {
  return function OpsViewPage({ searchParams }: { searchParams: TSearchParams }) {
    return (
      <PrefetchOpsView searchParams={searchParams} reads={reads}>
        <View />
      </PrefetchOpsView>
    );
  };
}
