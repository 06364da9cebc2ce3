/**
 * mulberry32: a tiny, fast, seedable PRNG — the same sequence on every machine for the same seed. The one
 * implementation behind the demo generator, the optimizer's heuristic and the test/benchmark generators, so a
 * seed means the same thing everywhere. Uniform in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
