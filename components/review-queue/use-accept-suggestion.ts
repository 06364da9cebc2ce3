"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import {
  type TReviewItem,
  type TReviewQueueResponse,
  ZAcceptReviewResponseSchema,
} from "@/server/coordinator/review-queue-schema";
import { opsKeys } from "../ops/queries";
import { ApiProblem, apiFetch } from "../ui/api-fetch";

type TAcceptInput = { item: TReviewItem; tableIds: string[]; tableNames: string[] };

/**
 * One-click accept of a suggestion: the item leaves the queue at once (and the navigation's badge drops, it reads
 * the same cache), the server commits the plan fenced by the version the manager saw. A refusal puts the item back
 * and says why in a toast; a 409 STALE_VERSION also refetches the queue so the new suggestions show.
 */
export function useAcceptSuggestion(restaurantId: string, date: string) {
  const queryClient = useQueryClient();
  const key = opsKeys.review(restaurantId, date);
  return useMutation({
    mutationFn: ({ item, tableIds }: TAcceptInput) =>
      apiFetch(`/api/ops/review/${item.booking.id}/accept`, ZAcceptReviewResponseSchema, {
        method: "POST",
        body: { planTableIds: tableIds, expectedVersion: item.booking.version },
      }),
    onMutate: async ({ item }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<TReviewQueueResponse>(key);
      if (before) {
        queryClient.setQueryData<TReviewQueueResponse>(key, {
          ...before,
          items: before.items.filter((i) => i.booking.id !== item.booking.id),
        });
      }
      return { before };
    },
    onSuccess: (booking, { tableNames }) => {
      toast.success(`${booking.guestName} (${booking.partySize}) is on ${tableNames.join(" + ")}`);
    },
    onError: (error, { item }, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
      const who = item.booking.guestName;
      if (error instanceof ApiProblem && error.code === "STALE_VERSION") {
        toast.error(`${who}'s booking changed meanwhile`, {
          description: "The list is refreshed with what it is now; check the suggestions again.",
        });
      } else {
        toast.error(`Could not place ${who}`, {
          description: error instanceof ApiProblem ? error.hint : "Try again in a moment.",
        });
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: opsKeys.restaurant(restaurantId) }),
  });
}
