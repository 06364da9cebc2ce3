"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import {
  NEW_ID_PREFIX,
  type TFloorPlan,
  type TFloorPlanResponse,
  type TFloorTable,
  type TFloorZone,
} from "@/server/setup/floor/floor-plan-schema";
import { linkNeighbours, newTable, snap, toggleLink } from "./floor-geometry";

const ZONE_COLOURS = ["#3b82f6", "#22c55e", "#f59e0b", "#a855f7", "#ef4444", "#14b8a6", "#64748b"];

function planOf({ venueVersion: _, ...plan }: TFloorPlanResponse): TFloorPlan {
  return plan;
}

/**
 * The editor's working copy: the plan as last loaded or saved (`base`, with its venue version) and the edited
 * `draft`. Every edit is a pure change of the draft; `dirty` compares the two; `reset` takes a new base (after a
 * save, or "Load their version").
 */
export function useFloorDraft(loaded: TFloorPlanResponse) {
  const [base, setBase] = useState(loaded);
  const [draft, setDraft] = useState<TFloorPlan>(() => planOf(loaded));
  const counter = useRef(0);
  const newId = useCallback(
    (kind: string) => `${NEW_ID_PREFIX}${kind}-${Date.now().toString(36)}-${++counter.current}`,
    [],
  );
  const dirty = useMemo(() => JSON.stringify(planOf(base)) !== JSON.stringify(draft), [base, draft]);

  const reset = useCallback((next: TFloorPlanResponse) => {
    setBase(next);
    setDraft(planOf(next));
  }, []);
  const discard = useCallback(() => setDraft(planOf(base)), [base]);

  const updateTable = useCallback((id: string, patch: Partial<TFloorTable>) => {
    setDraft((d) => ({ ...d, tables: d.tables.map((t) => (t.id === id ? { ...t, ...patch } : t)) }));
  }, []);
  const moveTable = useCallback((id: string, dx: number, dy: number) => {
    setDraft((d) => ({
      ...d,
      tables: d.tables.map((t) => (t.id === id ? { ...t, x: snap(t.x + dx), y: snap(t.y + dy) } : t)),
    }));
  }, []);
  const addTable = useCallback(
    (zoneId: string): string => {
      const id = newId("table");
      setDraft((d) => ({ ...d, tables: [...d.tables, newTable({ id, zoneId, tables: d.tables })] }));
      return id;
    },
    [newId],
  );
  const removeTable = useCallback((id: string) => {
    setDraft((d) => ({
      ...d,
      tables: d.tables.filter((t) => t.id !== id),
      adjacency: d.adjacency.filter(([a, b]) => a !== id && b !== id),
    }));
  }, []);
  const toggle = useCallback((a: string, b: string) => {
    setDraft((d) => ({ ...d, adjacency: toggleLink(d.adjacency, a, b) }));
  }, []);
  const linkWithin = useCallback(
    (cm: number): number => {
      const result = linkNeighbours(draft.tables, draft.adjacency, cm);
      setDraft((d) => ({ ...d, adjacency: result.adjacency }));
      return result.added;
    },
    [draft],
  );

  const addZone = useCallback((): string => {
    const id = newId("zone");
    setDraft((d) => {
      const names = new Set(d.zones.map((z) => z.name.toLowerCase()));
      let n = d.zones.length + 1;
      while (names.has(`zone ${n}`)) n++;
      const zone: TFloorZone = {
        id,
        name: `Zone ${n}`,
        color: ZONE_COLOURS[d.zones.length % ZONE_COLOURS.length] as string,
        sortOrder: Math.max(-1, ...d.zones.map((z) => z.sortOrder)) + 1,
      };
      return { ...d, zones: [...d.zones, zone] };
    });
    return id;
  }, [newId]);
  const updateZone = useCallback((id: string, patch: Partial<TFloorZone>) => {
    setDraft((d) => ({ ...d, zones: d.zones.map((z) => (z.id === id ? { ...z, ...patch } : z)) }));
  }, []);
  const removeZone = useCallback((id: string) => {
    setDraft((d) => ({ ...d, zones: d.zones.filter((z) => z.id !== id) }));
  }, []);
  /** Moves a zone one place up (-1) or down (+1) in the order and renumbers them 0, 1, 2 … */
  const moveZone = useCallback((id: string, step: -1 | 1) => {
    setDraft((d) => {
      const ordered = [...d.zones].sort((a, b) => a.sortOrder - b.sortOrder);
      const at = ordered.findIndex((z) => z.id === id);
      const to = at + step;
      if (at < 0 || to < 0 || to >= ordered.length) return d;
      [ordered[at], ordered[to]] = [ordered[to] as TFloorZone, ordered[at] as TFloorZone];
      const order = new Map(ordered.map((z, i) => [z.id, i]));
      return { ...d, zones: d.zones.map((z) => ({ ...z, sortOrder: order.get(z.id) ?? z.sortOrder })) };
    });
  }, []);

  return {
    base,
    draft,
    dirty,
    reset,
    discard,
    updateTable,
    moveTable,
    addTable,
    removeTable,
    toggleLink: toggle,
    linkWithin,
    addZone,
    updateZone,
    removeZone,
    moveZone,
  };
}

export type TFloorDraft = ReturnType<typeof useFloorDraft>;
