/**
 * Weighted interval scheduling: the heaviest set of pairwise non-overlapping half-open windows, exactly, in
 * O(n log n). One table (or one merge) over an evening is exactly this problem, so the heuristic re-seats a
 * freed table optimally instead of greedily.
 */
export type TInterval = { start: number; end: number; weight: number; id: number };

export function selectIntervalsDp(intervals: readonly TInterval[]): number[] {
  const sorted = intervals
    .filter((i) => i.weight > 0)
    .sort((a, b) => a.end - b.end || a.start - b.start || a.id - b.id);
  const n = sorted.length;
  if (n === 0) return [];
  const best = new Float64Array(n + 1);
  const previous = new Int32Array(n);
  for (let j = 0; j < n; j += 1) {
    const current = sorted[j] as TInterval;
    // Last interval (1-based count) ending at or before this start: half-open windows may touch.
    let lo = 0;
    let hi = j;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as TInterval).end <= current.start) lo = mid + 1;
      else hi = mid;
    }
    previous[j] = lo;
    best[j + 1] = Math.max(best[j] ?? 0, current.weight + (best[lo] ?? 0));
  }
  const chosen: number[] = [];
  for (let j = n; j > 0; ) {
    const current = sorted[j - 1] as TInterval;
    if ((best[j] ?? 0) === (best[j - 1] ?? 0)) {
      j -= 1;
      continue;
    }
    chosen.push(current.id);
    j = previous[j - 1] ?? 0;
  }
  return chosen.reverse();
}
