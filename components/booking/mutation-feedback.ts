"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { toast } from "sonner";
import type { TStaffBookingDetail } from "@/server/booking/staff-booking-detail-schema";
import { type TStaffBookingResponse, ZStaffBookingSchema } from "@/server/booking/staff-booking-schema";
import { opsKeys } from "../ops/queries";
import { ApiProblem } from "../ui/api-fetch";
import { describeChange } from "./booking-words";

/** A line the drawer keeps on screen under its header until the next action (what a refusal or a 409 said). */
export type TDrawerNotice = { tone: "info" | "warn" | "error" | "ok"; text: string; hint?: string };

/** What every section of the drawer that changes the booking is given: the booking, where, who, and how to report. */
export type TDrawerSectionProps = {
  booking: TStaffBookingDetail;
  restaurantId: string;
  /** The viewer's role in the restaurant (overrides are managers' and owners'). */
  role: string;
  timezone: string;
  refused: (error: unknown, what: string) => void;
  refresh: () => Promise<unknown>;
  setNotice: (notice: TDrawerNotice | null) => void;
};

/**
 * How every write of the drawer reports back: refresh the restaurant's views (opsKeys.restaurant) after any
 * mutation, and turn a refusal into words — 409 STALE_VERSION says what a colleague changed (from the problem's
 * `current`), INVALID_TRANSITION shows the hint (when it becomes possible), anything else its hint.
 */
export function useMutationFeedback({
  restaurantId,
  booking,
  timezone,
  setNotice,
}: {
  restaurantId: string;
  booking: Pick<TStaffBookingResponse, "status" | "tables" | "startsAt" | "partySize" | "notes"> | undefined;
  timezone: string;
  setNotice: (notice: TDrawerNotice | null) => void;
}) {
  const queryClient = useQueryClient();
  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: opsKeys.restaurant(restaurantId) }),
    [queryClient, restaurantId],
  );
  const refused = useCallback(
    (error: unknown, what: string) => {
      if (!(error instanceof ApiProblem)) {
        toast.error(`${what} failed`, { description: "Something went wrong; try again." });
        setNotice({ tone: "error", text: `${what} failed.`, hint: "Something went wrong; try again." });
        return;
      }
      if (error.code === "STALE_VERSION") {
        const current = ZStaffBookingSchema.safeParse(error.body.current);
        const text =
          current.success && booking
            ? describeChange(booking, current.data, timezone)
            : "Someone changed this booking meanwhile.";
        toast.warning(text, { description: "The drawer now shows the booking as it is. Check it and try again." });
        setNotice({ tone: "warn", text, hint: "Now showing the latest version: check it and try again." });
        void refresh();
        return;
      }
      if (error.code === "STALE_CONTEXT") {
        // The manual flow handles its own reload; here just refresh.
        void refresh();
      }
      toast.error(`${what}: ${error.title}`, { description: error.hint });
      setNotice({ tone: "error", text: `${what}: ${error.title}.`, hint: error.hint });
    },
    [booking, refresh, setNotice, timezone],
  );
  return { refresh, refused };
}
