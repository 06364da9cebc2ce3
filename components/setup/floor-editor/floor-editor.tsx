"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { toast } from "sonner";
import { opsKeys } from "@/components/ops/queries";
import { ApiProblem, apiFetch } from "@/components/ui/api-fetch";
import {
  type TFloorPlan,
  type TFloorPlanResponse,
  type TStrandedBooking,
  ZFloorPlanStaleProblemSchema,
  ZReleaseBookingsResponseSchema,
  ZSaveFloorPlanResponseSchema,
  ZStrandsBookingsProblemSchema,
} from "@/server/setup/floor/floor-plan-schema";
import { describePlanErrors } from "./describe-plan-errors";
import { EditorCanvas } from "./editor-canvas";
import { floorPlanKey } from "./floor-plan-query";
import { StrandedBookings } from "./stranded-bookings";
import { TablePanel } from "./table-panel";
import { useFloorDraft } from "./use-floor-draft";
import { ZonesPanel } from "./zones-panel";

type TProblem =
  | { kind: "stale"; current: TFloorPlanResponse }
  | { kind: "stranded"; stranded: TStrandedBooking[] }
  | { kind: "invalid"; messages: string[] }
  | { kind: "released"; count: number };

const BUTTON = "rounded-md px-4 py-2 text-base font-semibold disabled:cursor-not-allowed disabled:opacity-50";

/**
 * The editor: toolbar (add table, link mode, link neighbours), the room to scale, the side panel (the selected
 * table's fields, the zones) and one Save — a single versioned PUT whose refusals are explained where they
 * happen: someone else's newer version (load it), bookings the change would strand (move them to review), rows
 * with errors (fix them).
 */
export function FloorEditor({
  restaurantId,
  timezone,
  loaded,
}: {
  restaurantId: string;
  timezone: string;
  loaded: TFloorPlanResponse;
}) {
  const url = `/api/ops/restaurants/${restaurantId}/floor-plan`;
  const queryClient = useQueryClient();
  const floor = useFloorDraft(loaded);
  const { draft, dirty } = floor;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [linkMode, setLinkMode] = useState(false);
  const [linkFrom, setLinkFrom] = useState<string | null>(null);
  const [withinCm, setWithinCm] = useState("30");
  const [problem, setProblem] = useState<TProblem | null>(null);
  const [releaseError, setReleaseError] = useState<string | null>(null);
  const [linkNote, setLinkNote] = useState("");
  const ids = useId();

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const save = useMutation({
    mutationFn: (plan: TFloorPlan) =>
      apiFetch(url, ZSaveFloorPlanResponseSchema, {
        method: "PUT",
        body: { ...plan, expectedVenueVersion: floor.base.venueVersion },
      }),
    onSuccess: ({ idMap, ...saved }) => {
      floor.reset(saved);
      setSelectedId((id) => (id ? (idMap[id] ?? id) : id));
      setProblem(null);
      queryClient.setQueryData(floorPlanKey(restaurantId), saved);
      void queryClient.invalidateQueries({ queryKey: opsKeys.restaurant(restaurantId) });
      toast.success("Floor plan saved");
    },
    onError: (error) => {
      if (!(error instanceof ApiProblem)) {
        setProblem({ kind: "invalid", messages: ["The plan could not be saved; try again."] });
        return;
      }
      const stale = ZFloorPlanStaleProblemSchema.safeParse(error.body);
      if (error.code === "STALE" && stale.success) return setProblem({ kind: "stale", current: stale.data.current });
      const stranded = ZStrandsBookingsProblemSchema.safeParse(error.body);
      if (error.code === "STRANDS_BOOKINGS" && stranded.success) {
        setReleaseError(null);
        return setProblem({ kind: "stranded", stranded: stranded.data.stranded });
      }
      const errors = Array.isArray(error.body.errors) ? (error.body.errors as { path: string; message: string }[]) : [];
      setProblem({ kind: "invalid", messages: errors.length ? describePlanErrors(draft, errors) : [error.hint] });
    },
  });

  const release = useMutation({
    mutationFn: (bookingIds: string[]) =>
      apiFetch(`${url}/release-bookings`, ZReleaseBookingsResponseSchema, { method: "POST", body: { bookingIds } }),
    onSuccess: ({ released }) => {
      setProblem({ kind: "released", count: released.length });
      void queryClient.invalidateQueries({ queryKey: opsKeys.restaurant(restaurantId) });
    },
    onError: (error) => setReleaseError(error instanceof ApiProblem ? error.hint : "Try again."),
  });

  const onSave = () => {
    const local = describePlanErrors(draft);
    if (local.length > 0) return setProblem({ kind: "invalid", messages: local });
    save.mutate(draft);
  };
  const onTable = (tableId: string) => {
    if (!linkMode) return setSelectedId(tableId);
    if (!linkFrom) {
      setLinkFrom(tableId);
      setLinkNote(`${labelOf(tableId)} chosen: now choose the table to link it with (or the same one to cancel).`);
      return;
    }
    if (linkFrom !== tableId) {
      const linked = draft.adjacency.some(
        ([a, b]) => (a === linkFrom && b === tableId) || (a === tableId && b === linkFrom),
      );
      floor.toggleLink(linkFrom, tableId);
      setLinkNote(`${labelOf(linkFrom)} and ${labelOf(tableId)} ${linked ? "unlinked" : "linked"}.`);
    } else setLinkNote("Cancelled. Choose a table to link.");
    setLinkFrom(null);
  };
  const labelOf = (tableId: string) => draft.tables.find((t) => t.id === tableId)?.label ?? "table";
  const selected = draft.tables.find((t) => t.id === selectedId) ?? null;
  const firstZone = [...draft.zones].sort((a, b) => a.sortOrder - b.sortOrder)[0];

  return (
    <div className="mx-auto flex w-full max-w-[1600px] flex-col gap-4 p-4 lg:p-6">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold text-slate-900">Floor plan editor</h1>
          <p className="mt-1 text-slate-700">
            Drag tables on the 1 m grid (they snap to 10 cm) or select one and use the arrow keys. Links mark tables
            that can be pushed together.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <p role="status" className={`text-base font-semibold ${dirty ? "text-amber-800" : "text-slate-600"}`}>
            {dirty ? "● Unsaved changes" : "All changes saved"}
          </p>
          <button
            type="button"
            disabled={!dirty || save.isPending}
            onClick={() => {
              floor.discard();
              setProblem(null);
              setLinkFrom(null);
              setSelectedId((id) => (id && loaded.tables.some((t) => t.id === id) ? id : null));
            }}
            className={`${BUTTON} border border-slate-400 bg-white text-slate-900 hover:bg-slate-100`}
          >
            Discard
          </button>
          <button
            type="button"
            disabled={!dirty || save.isPending}
            onClick={onSave}
            className={`${BUTTON} bg-slate-900 text-white hover:bg-slate-700`}
          >
            {save.isPending ? "Saving…" : "Save"}
          </button>
        </div>
      </header>

      {problem?.kind === "stale" && (
        <section role="alert" className="rounded-lg border-2 border-red-600 bg-red-50 p-4 text-slate-900">
          <h2 className="text-lg font-semibold">Someone else changed the floor plan</h2>
          <p className="mt-1">
            Your changes were not saved. Load their version, then make your change again (your unsaved edits will be
            replaced).
          </p>
          <button
            type="button"
            onClick={() => {
              floor.reset(problem.current);
              queryClient.setQueryData(floorPlanKey(restaurantId), problem.current);
              setProblem(null);
              setSelectedId(null);
              setLinkFrom(null);
            }}
            className={`${BUTTON} mt-3 bg-red-700 text-white hover:bg-red-800`}
          >
            Load their version
          </button>
        </section>
      )}
      {problem?.kind === "stranded" && (
        <StrandedBookings
          stranded={problem.stranded}
          timezone={timezone}
          releasing={release.isPending}
          error={releaseError}
          onRelease={() => release.mutate(problem.stranded.map((b) => b.bookingId))}
        />
      )}
      {problem?.kind === "released" && (
        <p role="status" className="rounded-lg border-2 border-emerald-600 bg-emerald-50 p-4 text-slate-900">
          Moved {problem.count} {problem.count === 1 ? "booking" : "bookings"} to review. Press Save again to apply your
          change, then seat them from the review queue.
        </p>
      )}
      {problem?.kind === "invalid" && (
        <section role="alert" className="rounded-lg border-2 border-red-600 bg-red-50 p-4 text-slate-900">
          <h2 className="text-lg font-semibold">Not saved: fix these first</h2>
          <ul className="mt-1 list-disc pl-6">
            {problem.messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </section>
      )}

      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-300 bg-slate-50 p-3">
        <button
          type="button"
          disabled={!firstZone}
          onClick={() => {
            const zoneId = selected?.zoneId ?? firstZone?.id;
            if (!zoneId) return;
            setLinkMode(false);
            setLinkFrom(null);
            setSelectedId(floor.addTable(zoneId));
          }}
          className={`${BUTTON} bg-slate-900 text-white hover:bg-slate-700`}
        >
          Add table
        </button>
        <button
          type="button"
          aria-pressed={linkMode}
          onClick={() => {
            setLinkMode((on) => !on);
            setLinkFrom(null);
            setLinkNote(linkMode ? "" : "Link mode: choose two tables to link or unlink them.");
          }}
          className={`${BUTTON} border-2 ${
            linkMode ? "border-amber-600 bg-amber-100 text-slate-900" : "border-slate-400 bg-white text-slate-900"
          }`}
        >
          {linkMode ? "Done linking" : "Link tables"}
        </button>
        <div className="flex items-end gap-2">
          <div className="flex flex-col gap-1">
            <label htmlFor={`${ids}-within`} className="text-sm font-medium text-slate-800">
              Link neighbours within (cm)
            </label>
            <input
              id={`${ids}-within`}
              type="number"
              min={0}
              max={500}
              step={5}
              value={withinCm}
              onChange={(event) => setWithinCm(event.target.value)}
              className="h-10 w-full rounded-md border border-slate-400 bg-white px-2 text-base tabular-nums"
            />
          </div>
          <button
            type="button"
            onClick={() => {
              const cm = Number(withinCm);
              if (!Number.isFinite(cm) || cm < 0 || cm > 500 || withinCm.trim() === "") {
                setLinkNote("Enter a distance from 0 to 500 cm.");
                return;
              }
              const added = floor.linkWithin(cm);
              setLinkNote(
                added === 0
                  ? `No new pairs within ${cm} cm.`
                  : `Linked ${added} new ${added === 1 ? "pair" : "pairs"}.`,
              );
            }}
            className={`${BUTTON} border border-slate-400 bg-white text-slate-900 hover:bg-slate-100`}
          >
            Link neighbours
          </button>
        </div>
        <p aria-live="polite" className="min-h-6 flex-1 text-base text-slate-800">
          {linkNote}
        </p>
      </div>

      <div className="grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,1fr)_360px] lg:grid-cols-[minmax(0,1fr)_320px]">
        <div className="min-w-0">
          <EditorCanvas
            plan={draft}
            selectedId={selectedId}
            linkFrom={linkFrom}
            linkMode={linkMode}
            onSelect={onTable}
            onMove={floor.moveTable}
          />
          <p className="mt-2 text-sm text-slate-600">
            {draft.tables.length} {draft.tables.length === 1 ? "table" : "tables"} · {draft.adjacency.length}{" "}
            {draft.adjacency.length === 1 ? "link" : "links"} · grid squares are 1 m
          </p>
        </div>
        <aside aria-label="Details" className="flex flex-col gap-4">
          {selected ? (
            <TablePanel
              key={selected.id}
              table={selected}
              zones={[...draft.zones].sort((a, b) => a.sortOrder - b.sortOrder)}
              onChange={(patch) => floor.updateTable(selected.id, patch)}
              onRemove={() => {
                floor.removeTable(selected.id);
                setSelectedId(null);
              }}
              onClose={() => setSelectedId(null)}
            />
          ) : (
            <p className="rounded-lg border border-dashed border-slate-400 p-4 text-slate-700">
              Select a table to change its name, seats, size or zone.
            </p>
          )}
          <ZonesPanel
            zones={draft.zones}
            tables={draft.tables}
            onAdd={floor.addZone}
            onChange={floor.updateZone}
            onMove={floor.moveZone}
            onRemove={floor.removeZone}
          />
        </aside>
      </div>
    </div>
  );
}
