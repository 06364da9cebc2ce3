"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import type { TManualCheck, TManualContext } from "@/server/assignment/manual-selection-schema";
import type { TStaffBookingDetail } from "@/server/booking/staff-booking-detail-schema";
import { opsKeys } from "../ops/queries";
import { ApiProblem, newIdempotencyKey } from "../ui/api-fetch";
import { HOLD_LOOK } from "../ui/booking-status";
import { formatCountdown, formatTime } from "../ui/time";
import { useNow } from "../ui/use-clock";
import { confirmHold, failingChecksOf, holdSelection, releaseHold, validateSelection } from "./manual-assign";
import type { TDrawerSectionProps } from "./mutation-feedback";
import { manualContextQuery } from "./queries";
import { BUTTON, BUTTON_PRIMARY, CHECKBOX, FIELD } from "./styles";

const CHECK_WORDS: Record<TManualCheck["name"], string> = {
  booking_state: "Booking can take tables",
  tables_found: "Tables exist",
  tables_active: "Tables in service",
  table_count: "Number of tables",
  mergeable: "Tables combinable",
  zone: "One zone",
  adjacency: "Tables next to each other",
  capacity: "Seats the party",
  overage: "Spare seats within policy",
  conflicts: "Free for the whole booking",
  holds: "Not held by someone else",
  service_window: "Within service hours",
};

type TContextTable = TManualContext["tables"][number];
type THeld = { id: string; expiresAt: string; tableIds: string[]; idempotencyKey: string; overridden: string[] };

/** A table's state over the booking's window, in words (free / held by whom until / assigned to which booking). */
function tableStateWords(table: TContextTable, timezone: string): { icon: string; text: string; tone: string } {
  if (table.state === "out_of_service") return { icon: "–", text: "Out of service", tone: "text-slate-600" };
  const parts: string[] = [];
  if (table.thisBooking === "assigned") parts.push("This booking's table");
  if (table.thisBooking === "held") parts.push("Held for this booking");
  for (const a of table.assignedTo) {
    parts.push(`${a.guestName} ${formatTime(a.startsAt, timezone)}–${formatTime(a.endsAt, timezone)} (${a.reference})`);
  }
  for (const h of table.heldBy) {
    parts.push(`Held by ${h.staffName ?? "someone"} for ${h.guestName} until ${formatTime(h.expiresAt, timezone)}`);
  }
  if (table.state === "held") return { icon: HOLD_LOOK.icon, text: parts.join("; "), tone: "text-teal-900" };
  if (table.state === "assigned") return { icon: "●", text: `Taken: ${parts.join("; ")}`, tone: "text-slate-800" };
  if (table.thisBooking) return { icon: "✓", text: parts.join("; "), tone: "text-blue-900" };
  return { icon: "○", text: parts.length ? `Free · ${parts.join("; ")}` : "Free", tone: "text-green-800" };
}

/**
 * "Change tables": every table with its state over the booking's window, a live validation of the picked set
 * (every check, pass or fail, with message and hint), a hold with a live countdown, then Confirm (one idempotency
 * key per hold, so a double click confirms once) or Release. Managers may override failing policy checks with a
 * reason. A stale context (409 STALE_CONTEXT) reloads the list and says so.
 */
export function ManualChange({
  booking,
  restaurantId,
  role,
  timezone,
  refused,
  refresh,
  setNotice,
  onClose,
}: TDrawerSectionProps & { onClose: () => void }) {
  const queryClient = useQueryClient();
  const contextQuery = useQuery({ ...manualContextQuery(restaurantId, booking.id), staleTime: 0 });
  const context = contextQuery.data;
  const [picked, setPicked] = useState<string[]>([]);
  const [freeOnly, setFreeOnly] = useState(false);
  const [override, setOverride] = useState(false);
  const [overrideReason, setOverrideReason] = useState("");
  const [held, setHeld] = useState<THeld | null>(null);
  const [flowNotice, setFlowNotice] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Array<Pick<TManualCheck, "name" | "message" | "hint">>>([]);
  const isManager = role === "manager" || role === "owner";
  const ids = useMemo(() => [...picked].sort(), [picked]);
  const overrideId = useId();

  const reloadContext = useCallback(
    (why: string) => {
      setFlowNotice(why);
      void queryClient.invalidateQueries({ queryKey: manualContextQuery(restaurantId, booking.id).queryKey });
    },
    [queryClient, restaurantId, booking.id],
  );

  // Live validation of the picked tables against the context they were picked from (~20 ms on the server).
  const validation = useQuery({
    // Outside the ["ops", …] prefix on purpose: the live stream refreshes the context (a new contextVersion, so a
    // new validation); refetching this one with the old version would only race into STALE_CONTEXT.
    queryKey: ["manual-validate", booking.id, ids, context?.contextVersion ?? ""] as const,
    queryFn: () => validateSelection({ bookingId: booking.id, tableIds: ids, contextVersion: context?.contextVersion }),
    enabled: ids.length > 0 && !!context && !held,
    retry: false,
    staleTime: 5_000,
  });
  const validationError = validation.error;
  useEffect(() => {
    if (validationError instanceof ApiProblem && validationError.code === "STALE_CONTEXT") {
      reloadContext("The tables changed since this list was loaded: it has been reloaded and checked again.");
    }
  }, [validationError, reloadContext]);

  const checks = validation.data?.checks ?? [];
  const failing = checks.filter((c) => !c.pass);
  const overridable = failing.length > 0 && failing.every((c) => c.overridable);
  const overrideOn = isManager && overridable && override;
  const canHold =
    ids.length > 0 &&
    !!validation.data &&
    !validation.isFetching &&
    (validation.data.ok || (overrideOn && overrideReason.trim().length >= 3));

  const hold = useMutation({
    mutationFn: () =>
      holdSelection({
        bookingId: booking.id,
        tableIds: ids,
        contextVersion: context?.contextVersion,
        override: overrideOn ? { reason: overrideReason.trim() } : undefined,
      }),
    onSuccess: ({ hold: h, overridden }) => {
      setRefusal([]);
      setFlowNotice(null);
      setHeld({ ...h, idempotencyKey: newIdempotencyKey(), overridden });
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === "STALE_CONTEXT") {
        reloadContext(
          "The tables changed since this list was loaded: it has been reloaded. Check the choice and hold again.",
        );
        return;
      }
      const checksFailed = failingChecksOf(error);
      if (checksFailed.length) {
        setRefusal(checksFailed);
        toast.error("Could not hold these tables", { description: checksFailed[0]?.message });
        return;
      }
      refused(error, "Hold tables");
    },
    onSettled: () => refresh(),
  });

  const confirm = useMutation({
    mutationFn: (h: THeld) => confirmHold({ bookingId: booking.id, holdId: h.id }, h.idempotencyKey),
    onSuccess: (updated) => {
      heldRef.current = null;
      queryClient.setQueryData(opsKeys.booking(restaurantId, booking.id), (old: TStaffBookingDetail | undefined) =>
        old ? { ...old, ...updated, activeHold: null } : old,
      );
      const text = `${booking.guestName} is now on ${updated.tables.map((t) => t.name).join(", ")}.`;
      toast.success(text);
      setNotice({ tone: "ok", text });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiProblem && (error.code === "HOLD_EXPIRED" || error.status === 410)) {
        setHeld(null);
        setFlowNotice("The hold expired before it was confirmed: hold the tables again.");
        return;
      }
      refused(error, "Confirm tables");
    },
    onSettled: () => refresh(),
  });

  const release = useMutation({
    mutationFn: (h: THeld) => releaseHold(h.id),
    onSuccess: () => toast.info("Tables released"),
    onError: (error) => refused(error, "Release hold"),
    onSettled: () => {
      heldRef.current = null;
      setHeld(null);
      void refresh();
    },
  });

  // Leaving the flow (closing the drawer, another booking) gives a live hold back.
  const heldRef = useRef<THeld | null>(null);
  heldRef.current = held;
  useEffect(
    () => () => {
      const h = heldRef.current;
      if (h && Date.parse(h.expiresAt) > Date.now()) void releaseHold(h.id).catch(() => undefined);
    },
    [],
  );

  // Holding: the next step is Confirm (keyboard users land on it).
  const confirmButton = useRef<HTMLButtonElement>(null);
  const heldId = held?.id;
  useEffect(() => {
    if (heldId) confirmButton.current?.focus();
  }, [heldId]);

  const now = useNow(held ? 1000 : 60_000);
  const msLeft = held ? Date.parse(held.expiresAt) - now : 0;
  useEffect(() => {
    if (held && msLeft <= 0 && !confirm.isPending) {
      setHeld(null);
      setFlowNotice("The hold expired before it was confirmed: hold the tables again.");
    }
  }, [held, msLeft, confirm.isPending]);

  const byZone = useMemo(() => {
    const zones = new Map<string, TContextTable[]>();
    for (const t of context?.tables ?? []) {
      if (freeOnly && t.state !== "free" && !picked.includes(t.id)) continue;
      const list = zones.get(t.zoneName) ?? [];
      list.push(t);
      zones.set(t.zoneName, list);
    }
    for (const list of zones.values()) list.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
    return [...zones.entries()];
  }, [context, freeOnly, picked]);
  const seats = (context?.tables ?? []).filter((t) => picked.includes(t.id)).reduce((n, t) => n + t.capacity, 0);
  const pickedNames = (context?.tables ?? []).filter((t) => ids.includes(t.id)).map((t) => t.name);

  const toggle = (id: string, on: boolean) => {
    setRefusal([]);
    setPicked((list) => (on ? [...list, id] : list.filter((x) => x !== id)));
  };

  return (
    <div className="mt-3 rounded border border-slate-300 bg-slate-50 p-3">
      {flowNotice && (
        <p role="status" className="mb-2 rounded border border-amber-600 bg-amber-50 px-2 py-1 text-sm text-amber-950">
          {flowNotice}
        </p>
      )}
      {contextQuery.isPending && <ListSkeleton />}
      {contextQuery.isError && (
        <div role="alert" className="text-sm">
          <p className="font-medium text-danger">Could not load the tables.</p>
          <p className="text-slate-700">
            {contextQuery.error instanceof ApiProblem ? contextQuery.error.hint : "Try again in a moment."}
          </p>
          <button type="button" className={`${BUTTON} mt-2`} onClick={() => void contextQuery.refetch()}>
            Retry
          </button>
        </div>
      )}

      {held ? (
        <div className="space-y-2">
          <p className={`flex items-center gap-2 rounded px-2 py-1.5 text-sm font-medium ${HOLD_LOOK.className}`}>
            <span aria-hidden="true">{HOLD_LOOK.icon}</span>
            <span>
              Holding {pickedNames.join(", ") || `${held.tableIds.length} table(s)`} ·{" "}
              <span className="tabular-nums" role="timer" aria-label={`Hold expires in ${formatCountdown(msLeft)}`}>
                {formatCountdown(msLeft)}
              </span>{" "}
              left
            </span>
          </p>
          {held.overridden.length > 0 && (
            <p className="text-xs text-slate-700">
              Overriding: {held.overridden.map((n) => CHECK_WORDS[n as TManualCheck["name"]] ?? n).join(", ")}
            </p>
          )}
          <div className="flex gap-2">
            <button
              ref={confirmButton}
              type="button"
              className={BUTTON_PRIMARY}
              disabled={confirm.isPending || msLeft <= 0}
              onClick={() => confirm.mutate(held)}
            >
              {confirm.isPending ? "Confirming…" : "Confirm"}
            </button>
            <button type="button" className={BUTTON} disabled={release.isPending} onClick={() => release.mutate(held)}>
              Release
            </button>
          </div>
        </div>
      ) : (
        context && (
          <>
            <div className="mb-2 flex items-center justify-between gap-2 text-sm">
              <p className="tabular-nums text-slate-800" aria-live="polite">
                {ids.length === 0
                  ? `Pick tables for a party of ${booking.partySize}`
                  : `${pickedNames.join(" + ")} · ${seats} seats for ${booking.partySize}`}
              </p>
              <label className="flex items-center gap-1.5 whitespace-nowrap">
                <input
                  type="checkbox"
                  className={CHECKBOX}
                  checked={freeOnly}
                  onChange={(e) => setFreeOnly(e.target.checked)}
                />
                Free only
              </label>
            </div>
            <div className="max-h-72 overflow-y-auto rounded border border-slate-200 bg-white">
              {byZone.map(([zone, tables]) => (
                <fieldset key={zone} className="border-b border-slate-200 last:border-b-0">
                  <legend className="sr-only">{zone}</legend>
                  <p
                    aria-hidden="true"
                    className="sticky top-0 bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-700"
                  >
                    {zone}
                  </p>
                  <ul>
                    {tables.map((t) => {
                      const state = tableStateWords(t, timezone);
                      return (
                        <li key={t.id}>
                          <label
                            className={`flex cursor-pointer items-start gap-2 px-2 py-1 text-sm hover:bg-slate-50 ${
                              t.state === "out_of_service" ? "cursor-not-allowed opacity-70" : ""
                            }`}
                          >
                            <input
                              type="checkbox"
                              className={`${CHECKBOX} mt-0.5`}
                              checked={picked.includes(t.id)}
                              disabled={t.state === "out_of_service"}
                              onChange={(e) => toggle(t.id, e.target.checked)}
                              aria-describedby={`state-${t.id}`}
                            />
                            <span className="w-16 shrink-0 font-semibold tabular-nums">
                              {t.name} · {t.capacity}
                            </span>
                            <span id={`state-${t.id}`} className={`min-w-0 text-xs leading-5 ${state.tone}`}>
                              <span aria-hidden="true">{state.icon} </span>
                              {state.text}
                            </span>
                          </label>
                        </li>
                      );
                    })}
                  </ul>
                </fieldset>
              ))}
            </div>

            {ids.length > 0 && (
              <div className="mt-2" aria-live="polite">
                {validation.isPending && validation.fetchStatus !== "idle" && (
                  <p className="text-sm text-slate-600">Checking…</p>
                )}
                {validation.isError &&
                  !(validation.error instanceof ApiProblem && validation.error.code === "STALE_CONTEXT") && (
                    <p role="alert" className="text-sm text-danger">
                      {validation.error instanceof ApiProblem ? validation.error.hint : "Could not check these tables."}
                    </p>
                  )}
                {validation.data && <CheckList checks={validation.data.checks} />}
              </div>
            )}
            {refusal.length > 0 && (
              <div role="alert" className="mt-2 rounded border border-red-700 bg-red-50 p-2 text-sm text-red-950">
                <p className="font-medium">The hold was refused:</p>
                <ul className="list-disc pl-5">
                  {refusal.map((c) => (
                    <li key={c.name}>
                      {c.message}
                      {c.hint ? ` — ${c.hint}` : ""}
                    </li>
                  ))}
                </ul>
              </div>
            )}

            {isManager && overridable && (
              <div className="mt-2 space-y-1.5 rounded border border-amber-600 bg-amber-50 p-2 text-sm">
                <label className="flex items-center gap-2 font-medium">
                  <input
                    type="checkbox"
                    className={CHECKBOX}
                    checked={override}
                    onChange={(e) => setOverride(e.target.checked)}
                  />
                  Override policy checks
                </label>
                {override && (
                  <div>
                    <label htmlFor={overrideId} className="block text-xs font-medium">
                      Reason for the override (required)
                    </label>
                    <input
                      id={overrideId}
                      className={`${FIELD} mt-0.5 w-full`}
                      value={overrideReason}
                      maxLength={500}
                      required
                      onChange={(e) => setOverrideReason(e.target.value)}
                    />
                  </div>
                )}
              </div>
            )}

            <div className="mt-3 flex gap-2">
              <button
                type="button"
                className={BUTTON_PRIMARY}
                disabled={!canHold || hold.isPending}
                onClick={() => hold.mutate()}
              >
                {hold.isPending ? "Holding…" : "Hold tables"}
              </button>
              <button type="button" className={BUTTON} onClick={onClose}>
                Cancel
              </button>
            </div>
          </>
        )
      )}
    </div>
  );
}

/** Every check of the picked set: failing ones first, each with its message and what to do. */
function CheckList({ checks }: { checks: TManualCheck[] }) {
  const ordered = [...checks].sort((a, b) => Number(a.pass) - Number(b.pass));
  const failing = checks.filter((c) => !c.pass).length;
  return (
    <div>
      <p className={`text-sm font-medium ${failing ? "text-danger" : "text-green-800"}`}>
        {failing ? `${failing} check${failing === 1 ? "" : "s"} failing` : "All checks pass"}
      </p>
      <ul className="mt-1 space-y-0.5 text-xs">
        {ordered.map((c) => (
          <li key={c.name} className="flex gap-1.5">
            <span aria-hidden="true" className={`w-3 shrink-0 font-bold ${c.pass ? "text-green-800" : "text-danger"}`}>
              {c.pass ? "✓" : "✕"}
            </span>
            <span className="min-w-0">
              <span className="sr-only">{c.pass ? "Pass: " : "Fail: "}</span>
              <span className="font-medium">{CHECK_WORDS[c.name] ?? c.name}</span>
              {` — ${c.message}`}
              {!c.pass && c.hint && <span className="block text-slate-700">{c.hint}</span>}
              {!c.pass && c.overridable && <span className="block text-amber-900">A manager may override this.</span>}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ListSkeleton() {
  return (
    <div className="space-y-1.5" aria-hidden="true">
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} className="h-5 animate-pulse rounded bg-slate-200" />
      ))}
    </div>
  );
}
