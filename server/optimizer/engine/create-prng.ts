import { mulberry32 } from "@/server/random/mulberry32";

/** Seeded PRNG (mulberry32): the heuristic and the day generator must replay exactly from a seed. */
export type TPrng = {
  /** Uniform in [0, 1). */
  next: () => number;
  /** Uniform integer in [0, n). */
  int: (n: number) => number;
};

export function createPrng(seed: number): TPrng {
  const next = mulberry32(seed);
  return { next, int: (n) => Math.floor(next() * n) };
}
