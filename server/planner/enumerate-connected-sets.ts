import { PlannerInputError } from "./planner-error";

/** Beyond this many merges the venue/policy is rejected rather than silently truncated (which would miss plans). */
export const MAX_MERGE_UNITS = 300_000;

type TGraph = {
  /** Vertex count; vertices are 0..size-1. */
  size: number;
  /** Sorted neighbour lists; only edges merges may use. */
  neighbours: readonly (readonly number[])[];
  /** Vertices that may take part in a merge. */
  eligible: readonly boolean[];
};

/**
 * Every connected vertex set of size 2..maxSize, each exactly once, as ascending index arrays. ESU (Wernicke 2006):
 * a set is grown only from its smallest vertex `v`, and the extension list only gains "exclusive" neighbours of the
 * newly added vertex (neighbours of no earlier member), so no set is reached twice and none is missed — unlike a
 * "each table has a neighbour" test, which accepts A–B + C–D as one set.
 */
export function enumerateConnectedSets({ graph, maxSize }: { graph: TGraph; maxSize: number }): number[][] {
  const { size, neighbours, eligible } = graph;
  const result: number[][] = [];
  if (maxSize < 2) return result;
  const inSub = new Uint8Array(size);
  // How many current members a vertex touches (member or neighbour of a member): 0 means "exclusive".
  const touched = new Int32Array(size);
  const sub: number[] = [];

  const add = (w: number, delta: number) => {
    inSub[w] = delta > 0 ? 1 : 0;
    touched[w] = (touched[w] ?? 0) + delta;
    for (const u of neighbours[w] ?? []) touched[u] = (touched[u] ?? 0) + delta;
  };

  const extend = (ext: number[], root: number) => {
    if (sub.length >= 2) {
      result.push([...sub].sort((a, b) => a - b));
      if (result.length > MAX_MERGE_UNITS) throw tooMany();
    }
    if (sub.length === maxSize) return;
    const pending = [...ext];
    while (pending.length > 0) {
      const w = pending.pop() as number;
      const next = [...pending];
      for (const u of neighbours[w] ?? []) {
        if (u > root && eligible[u] && (touched[u] ?? 0) === 0) next.push(u);
      }
      sub.push(w);
      add(w, 1);
      extend(next, root);
      add(w, -1);
      sub.pop();
    }
  };

  for (let v = 0; v < size; v += 1) {
    if (!eligible[v]) continue;
    sub.push(v);
    add(v, 1);
    extend(
      (neighbours[v] ?? []).filter((u) => u > v && eligible[u]),
      v,
    );
    add(v, -1);
    sub.pop();
  }
  return result;
}

/** Every subset of size 2..maxSize of each group (used when merges need not be adjacent). */
export function enumerateGroupSubsets({
  groups,
  maxSize,
}: {
  groups: readonly (readonly number[])[];
  maxSize: number;
}): number[][] {
  const result: number[][] = [];
  for (const group of groups) {
    const members = [...group].sort((a, b) => a - b);
    const pick: number[] = [];
    const walk = (from: number) => {
      if (pick.length >= 2) {
        result.push([...pick]);
        if (result.length > MAX_MERGE_UNITS) throw tooMany();
      }
      if (pick.length === maxSize) return;
      for (let i = from; i < members.length; i += 1) {
        pick.push(members[i] as number);
        walk(i + 1);
        pick.pop();
      }
    };
    walk(0);
  }
  return result;
}

function tooMany(): PlannerInputError {
  return new PlannerInputError({
    field: "policy.maxTablesPerPlan",
    message: `more than ${MAX_MERGE_UNITS} possible merges; lower maxTablesPerPlan or require adjacency`,
  });
}
