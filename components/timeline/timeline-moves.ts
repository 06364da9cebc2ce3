"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import type { TOpsAvailabilityResponse } from "@/server/availability/ops-availability-schema";
import { assignTables, failingChecksOf, validateSelection } from "../booking/manual-assign";
import { opsKeys } from "../ops/queries";
import { ApiProblem } from "../ui/api-fetch";
import { applyMove, type TMovable } from "./timeline-move-model";

export type TVerdict =
  | { state: "checking" }
  | { state: "ok"; message: string }
  | { state: "refused"; message: string; hint: string | null };

/** A refused move, shown next to the row it was aimed at until the next move or a dismiss. */
export type TRefusal = {
  bookingId: string;
  tableIds: string[];
  /** `M3+M4` */
  tableNames: string;
  guest: string;
  start: number;
  message: string;
  hint: string | null;
};

const keyOf = (bookingId: string, tableIds: readonly string[]) => `${bookingId}|${[...tableIds].sort().join(",")}`;

/** What a refusal (an ApiProblem with checks, or any error) says in words. */
export function explainRefusal(error: unknown): { message: string; hint: string | null } {
  const failing = failingChecksOf(error);
  const first = failing[0];
  if (first) return { message: first.message, hint: first.hint };
  if (error instanceof ApiProblem) return { message: error.message || error.title, hint: error.hint };
  return { message: "The move did not go through.", hint: "Try again in a moment." };
}

/**
 * The manual validate verdicts of (booking, tables) choices, cached per choice for the current drag or move and
 * asked once each (debounced): a row lights green or red within a moment of being pointed at.
 */
export function useVerdicts() {
  const cache = useRef(new Map<string, TVerdict>());
  const [, setVersion] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const verdictOf = useCallback(
    (bookingId: string, tableIds: readonly string[]) => cache.current.get(keyOf(bookingId, tableIds)) ?? null,
    [],
  );

  const request = useCallback((bookingId: string, tableIds: readonly string[], delay = 60) => {
    if (tableIds.length === 0) return;
    const key = keyOf(bookingId, tableIds);
    if (cache.current.has(key)) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (cache.current.has(key)) return;
      cache.current.set(key, { state: "checking" });
      setVersion((v) => v + 1);
      validateSelection({ bookingId, tableIds: [...tableIds] })
        .then((answer) => {
          const failing = answer.checks.filter((c) => !c.pass);
          cache.current.set(
            key,
            answer.ok
              ? { state: "ok", message: "Fits: free and big enough" }
              : {
                  state: "refused",
                  message: failing[0]?.message ?? "These tables do not fit this booking",
                  hint: failing[0]?.hint ?? null,
                },
          );
        })
        .catch((error) => {
          cache.current.set(key, { state: "refused", ...explainRefusal(error) });
        })
        .finally(() => setVersion((v) => v + 1));
    }, delay);
  }, []);

  const reset = useCallback(() => {
    cache.current.clear();
    setVersion((v) => v + 1);
  }, []);

  return { verdictOf, request, reset };
}

/**
 * Put a booking on tables (hold + confirm through the manual flow), drawn at once on the grid and rolled back with
 * the reason when the server refuses. For a booking already on tables the confirmed hold replaces its tables.
 */
export function useAssignMove(restaurantId: string, date: string, onRefused: (refusal: TRefusal) => void) {
  const queryClient = useQueryClient();
  const queryKey = opsKeys.availability(restaurantId, date);
  return useMutation({
    mutationFn: (move: { booking: TMovable; tableIds: string[]; tableNames: string }) =>
      assignTables({ bookingId: move.booking.bookingId, tableIds: move.tableIds }),
    onMutate: async (move) => {
      await queryClient.cancelQueries({ queryKey });
      const before = queryClient.getQueryData<TOpsAvailabilityResponse>(queryKey);
      if (before) queryClient.setQueryData(queryKey, applyMove(before, move.booking, move.tableIds));
      return { before };
    },
    onError: (error, move, context) => {
      if (context?.before) queryClient.setQueryData(queryKey, context.before);
      const { message, hint } = explainRefusal(error);
      onRefused({
        bookingId: move.booking.bookingId,
        tableIds: move.tableIds,
        tableNames: move.tableNames,
        guest: move.booking.guestName,
        start: move.booking.start,
        message,
        hint,
      });
      toast.error(`${move.booking.guestName} was not moved: ${message}`, { description: hint ?? undefined });
    },
    onSuccess: (_booking, move) => {
      toast.success(`${move.booking.guestName} is on ${move.tableNames}`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: opsKeys.restaurant(restaurantId) }),
  });
}
