import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { enumerateConnectedSets, enumerateGroupSubsets } from "./enumerate-connected-sets";

const graphOf = (size: number, edges: [number, number][], eligible = Array(size).fill(true)) => {
  const neighbours = Array.from({ length: size }, () => new Set<number>());
  for (const [a, b] of edges) {
    if (a === b) continue;
    neighbours[a]?.add(b);
    neighbours[b]?.add(a);
  }
  return { size, eligible, neighbours: neighbours.map((s) => [...s].sort((x, y) => x - y)) };
};
const keys = (sets: number[][]) => sets.map((s) => s.join(",")).sort();

describe("enumerateConnectedSets", () => {
  it("finds every connected pair and triple of a chain, once", () => {
    const sets = enumerateConnectedSets({
      graph: graphOf(4, [
        [0, 1],
        [1, 2],
        [2, 3],
      ]),
      maxSize: 3,
    });
    expect(keys(sets)).toEqual(["0,1", "0,1,2", "1,2", "1,2,3", "2,3"]);
  });

  it("finds all triples of a star and of a triangle", () => {
    expect(
      keys(
        enumerateConnectedSets({
          graph: graphOf(4, [
            [0, 1],
            [0, 2],
            [0, 3],
          ]),
          maxSize: 3,
        }),
      ),
    ).toEqual(["0,1", "0,1,2", "0,1,3", "0,2", "0,2,3", "0,3"]);
    expect(
      keys(
        enumerateConnectedSets({
          graph: graphOf(3, [
            [0, 1],
            [1, 2],
            [0, 2],
          ]),
          maxSize: 3,
        }),
      ),
    ).toEqual(["0,1", "0,1,2", "0,2", "1,2"]);
  });

  it("never joins two separate pairs, and skips ineligible vertices", () => {
    expect(
      keys(
        enumerateConnectedSets({
          graph: graphOf(4, [
            [0, 1],
            [2, 3],
          ]),
          maxSize: 4,
        }),
      ),
    ).toEqual(["0,1", "2,3"]);
    const bridged = graphOf(
      3,
      [
        [0, 1],
        [1, 2],
      ],
      [true, false, true],
    );
    expect(enumerateConnectedSets({ graph: bridged, maxSize: 3 })).toEqual([]);
  });

  it("returns nothing when merging is off", () => {
    expect(enumerateConnectedSets({ graph: graphOf(2, [[0, 1]]), maxSize: 1 })).toEqual([]);
  });

  it("equals a brute-force enumeration of connected subsets on random graphs", () => {
    const arbitrary = fc.integer({ min: 1, max: 9 }).chain((size) =>
      fc.record({
        size: fc.constant(size),
        edges: fc.array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: 20 }),
        eligible: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
        maxSize: fc.integer({ min: 1, max: 5 }),
      }),
    );
    fc.assert(
      fc.property(arbitrary, ({ size, edges, eligible, maxSize }) => {
        const graph = graphOf(size, edges, eligible);
        const expected: string[] = [];
        for (let mask = 1; mask < 1 << size; mask += 1) {
          const members = [...Array(size).keys()].filter((i) => mask & (1 << i));
          if (members.length < 2 || members.length > maxSize || members.some((i) => !eligible[i])) continue;
          const seen = new Set([members[0]]);
          const queue = [members[0] as number];
          while (queue.length) {
            const v = queue.shift() as number;
            for (const u of graph.neighbours[v] ?? []) {
              if (members.includes(u) && !seen.has(u)) {
                seen.add(u);
                queue.push(u);
              }
            }
          }
          if (seen.size === members.length) expected.push(members.join(","));
        }
        const sets = enumerateConnectedSets({ graph, maxSize });
        expect(sets.length).toBe(new Set(keys(sets)).size); // each set exactly once
        expect(keys(sets)).toEqual(expected.sort());
      }),
    );
  });
});

describe("enumerateGroupSubsets", () => {
  it("lists every subset of size 2..maxSize within each group", () => {
    expect(
      keys(
        enumerateGroupSubsets({
          groups: [
            [0, 1, 2],
            [3, 4],
          ],
          maxSize: 2,
        }),
      ),
    ).toEqual(["0,1", "0,2", "1,2", "3,4"]);
  });
});
