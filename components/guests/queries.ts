import { queryOptions } from "@tanstack/react-query";
import { ZGuestDetailSchema, ZGuestListResponseSchema } from "@/server/guests/guest-schema";
import { apiFetch } from "../ui/api-fetch";

/** Keys under ["ops", restaurantId] so the live stream's restaurant-wide refresh reaches them too. */
export const guestKeys = {
  all: (restaurantId: string) => ["ops", restaurantId, "guests"] as const,
  list: (restaurantId: string, q: string, page: number) => ["ops", restaurantId, "guests", "list", q, page] as const,
  detail: (restaurantId: string, guestId: string) => ["ops", restaurantId, "guests", "detail", guestId] as const,
};

export const guestsBase = (restaurantId: string) => `/api/ops/restaurants/${restaurantId}/guests`;

export const guestListQuery = (restaurantId: string, q: string, page: number) =>
  queryOptions({
    queryKey: guestKeys.list(restaurantId, q, page),
    queryFn: ({ signal }) =>
      apiFetch(
        `${guestsBase(restaurantId)}?${new URLSearchParams({ ...(q ? { q } : {}), page: String(page) })}`,
        ZGuestListResponseSchema,
        { signal },
      ),
    placeholderData: (previous) => previous,
  });

export const guestDetailQuery = (restaurantId: string, guestId: string) =>
  queryOptions({
    queryKey: guestKeys.detail(restaurantId, guestId),
    queryFn: ({ signal }) => apiFetch(`${guestsBase(restaurantId)}/${guestId}`, ZGuestDetailSchema, { signal }),
  });
