import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { cookies } from "next/headers";
import type { ComponentType, ReactNode } from "react";
import { bookingsQuery, DEFAULT_GROUPS } from "@/components/bookings/bookings-query";
import { resolveOpsLocation, type TOpsSearch } from "@/components/ops/ops-location";
import { opsKeys } from "@/components/ops/queries";
import type { TStaffMembership } from "@/server/auth/staff-session-types";
import { getOpsAvailability } from "@/server/availability/get-ops-availability";
import { listStaffBookings } from "@/server/booking/list-staff-bookings";
import { ZListStaffBookingsQuerySchema } from "@/server/booking/list-staff-bookings-schema";
import { staffViewer } from "@/server/booking/staff-booking-response";
import { listReviewQueue } from "@/server/coordinator/list-review-queue";
import { findSignedInStaff } from "@/server/http/staff-auth";
import type { Queryable } from "@/server/infra/db/open-db";
import { getRuntime } from "@/server/runtime/get-runtime";

export type TOpsPrefetch = "availability" | "review" | "bookings";

type TPrefetchContext = {
  queryClient: QueryClient;
  db: Queryable;
  staffId: string;
  restaurant: TStaffMembership;
  date: string;
  now: Date;
};

/** Each read a view may want first, under the key its client component asks with. */
const PREFETCH: Record<TOpsPrefetch, (context: TPrefetchContext) => Promise<void>> = {
  availability: ({ queryClient, db, restaurant, date, now }) =>
    queryClient.prefetchQuery({
      queryKey: opsKeys.availability(restaurant.restaurantId, date),
      queryFn: () => getOpsAvailability({ db, restaurantId: restaurant.restaurantId, date, now }),
    }),
  review: ({ queryClient, db, restaurant, date, now }) =>
    queryClient.prefetchQuery({
      queryKey: opsKeys.review(restaurant.restaurantId, date),
      queryFn: () =>
        listReviewQueue(db, { restaurantId: restaurant.restaurantId, timezone: restaurant.timezone, date, now }),
    }),
  // The Bookings view's first page with its default filter (the day, every status but cancelled, no search).
  bookings: ({ queryClient, db, staffId, restaurant, date, now }) => {
    const { queryKey, getNextPageParam } = bookingsQuery(restaurant.restaurantId, {
      date,
      groups: DEFAULT_GROUPS,
      q: "",
    });
    return queryClient.prefetchInfiniteQuery({
      queryKey,
      initialPageParam: null,
      getNextPageParam,
      queryFn: () =>
        listStaffBookings(db, {
          query: ZListStaffBookingsQuerySchema.parse(queryKey[3]),
          timezone: restaurant.timezone,
          viewer: staffViewer({ staffId, role: restaurant.role, now }),
        }),
    });
  },
};

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
  if (staff && location) {
    const context: TPrefetchContext = {
      queryClient,
      db: (await getRuntime()).db.kysely,
      staffId: staff.id,
      restaurant: location.restaurant,
      date: location.date,
      now: new Date(),
    };
    await Promise.allSettled(reads.map((read) => PREFETCH[read](context)));
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
