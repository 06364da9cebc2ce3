"use client";

import * as Dialog from "@radix-ui/react-dialog";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { toast } from "sonner";
import type { TStaffBookingDetail } from "@/server/booking/staff-booking-detail-schema";
import type { TStaffEventName } from "@/server/booking/staff-booking-events";
import { opsKeys } from "../ops/queries";
import { ACTION_DIALOG, ACTION_LABEL, ACTION_PRIORITY, DESTRUCTIVE_ACTIONS, statusWords } from "./booking-words";
import { sendBookingEvent } from "./queries";
import { BUTTON, BUTTON_DANGER, BUTTON_PRIMARY } from "./styles";

/**
 * The legal next actions (decided by the machine: useLegalEvents), the primary one as a button, the rest in
 * "More actions". Cancel, no-show and review ask for a reason in a dialog first; the POST carries the version
 * the drawer shows (a colleague's change in between answers 409 STALE_VERSION, told in words).
 */
export function BookingActions({
  booking,
  events,
  restaurantId,
  refused,
  refresh,
  onDone,
}: {
  booking: TStaffBookingDetail;
  events: TStaffEventName[];
  restaurantId: string;
  refused: (error: unknown, what: string) => void;
  refresh: () => Promise<unknown>;
  onDone: (text: string) => void;
}) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<TStaffEventName | null>(null);
  const ordered = ACTION_PRIORITY.filter((e) => events.includes(e));
  const primary = ordered.find((e) => !DESTRUCTIVE_ACTIONS.has(e));
  const rest = ordered.filter((e) => e !== primary);

  const send = useMutation({
    mutationFn: ({ event, reason }: { event: TStaffEventName; reason?: string }) =>
      sendBookingEvent(booking.id, { event, expectedVersion: booking.version, reason }),
    onSuccess: (updated, { event }) => {
      // Show the new status at once; the refetch brings history and lifecycle.
      queryClient.setQueryData(opsKeys.booking(restaurantId, booking.id), (old: TStaffBookingDetail | undefined) =>
        old ? { ...old, ...updated } : old,
      );
      const text = `${ACTION_LABEL[event]}: ${booking.guestName} is now ${statusWords(updated.status).toLowerCase()}.`;
      toast.success(text);
      onDone(text);
      setAsking(null);
    },
    onError: (error, { event }) => {
      refused(error, ACTION_LABEL[event]);
      setAsking(null);
    },
    onSettled: () => refresh(),
  });

  const run = (event: TStaffEventName) => {
    if (ACTION_DIALOG[event]) setAsking(event);
    else send.mutate({ event });
  };

  if (ordered.length === 0) {
    return (
      <p className="text-sm text-slate-600">No actions for a {statusWords(booking.status).toLowerCase()} booking.</p>
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      {primary && (
        <button
          type="button"
          className={BUTTON_PRIMARY}
          disabled={send.isPending}
          onClick={() => run(primary)}
          aria-busy={send.isPending && send.variables?.event === primary}
        >
          {send.isPending && send.variables?.event === primary ? `${ACTION_LABEL[primary]}…` : ACTION_LABEL[primary]}
        </button>
      )}
      {rest.length > 0 && (
        <DropdownMenu.Root>
          <DropdownMenu.Trigger className={BUTTON} disabled={send.isPending}>
            More actions <span aria-hidden="true">▾</span>
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content
              align="end"
              sideOffset={4}
              className="z-50 min-w-44 rounded-md border border-slate-300 bg-white p-1 text-sm shadow-lg"
            >
              {rest.map((event) => (
                <DropdownMenu.Item
                  key={event}
                  onSelect={() => run(event)}
                  className={`cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-slate-100 ${
                    DESTRUCTIVE_ACTIONS.has(event) ? "text-danger" : "text-slate-900"
                  }`}
                >
                  {ACTION_LABEL[event]}
                  {ACTION_DIALOG[event] ? "…" : ""}
                </DropdownMenu.Item>
              ))}
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      )}
      {asking && (
        <ReasonDialog
          event={asking}
          guestName={booking.guestName}
          pending={send.isPending}
          onCancel={() => setAsking(null)}
          onConfirm={(reason) => send.mutate({ event: asking, reason })}
        />
      )}
    </div>
  );
}

/** Confirms a destructive (or reasoned) action with a reason: quick picks fill the field, Enter sends. */
function ReasonDialog({
  event,
  guestName,
  pending,
  onCancel,
  onConfirm,
}: {
  event: TStaffEventName;
  guestName: string;
  pending: boolean;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const words = ACTION_DIALOG[event];
  const [reason, setReason] = useState("");
  const fieldId = useId();
  if (!words) return null;
  const trimmed = reason.trim();
  const canSend = !pending && (!words.reasonRequired || trimmed.length > 0);
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onCancel()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(28rem,92vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">{words.title}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-700">
            {guestName}: {words.body}
          </Dialog.Description>
          <form
            className="mt-3 space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              if (canSend) onConfirm(trimmed);
            }}
          >
            <div>
              <label htmlFor={fieldId} className="block text-sm font-medium">
                Reason{words.reasonRequired ? "" : " (optional)"}
              </label>
              <input
                id={fieldId}
                className="mt-1 w-full rounded border border-slate-400 px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-blue-700"
                value={reason}
                maxLength={500}
                required={words.reasonRequired}
                onChange={(e) => setReason(e.target.value)}
              />
              <fieldset className="mt-2 flex flex-wrap gap-1.5">
                <legend className="sr-only">Common reasons</legend>
                {words.presets.map((preset) => (
                  <button
                    key={preset}
                    type="button"
                    className="rounded-full border border-slate-300 bg-slate-50 px-2 py-0.5 text-xs text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700"
                    onClick={() => setReason(preset)}
                  >
                    {preset}
                  </button>
                ))}
              </fieldset>
            </div>
            <div className="flex justify-end gap-2">
              <Dialog.Close className={BUTTON} type="button">
                Back
              </Dialog.Close>
              <button
                type="submit"
                className={DESTRUCTIVE_ACTIONS.has(event) ? BUTTON_DANGER : BUTTON_PRIMARY}
                disabled={!canSend}
              >
                {pending ? `${words.confirm}…` : words.confirm}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
