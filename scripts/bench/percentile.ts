/** The p-th percentile (nearest rank) of ascending values; NaN for none. One definition for every bench and the load
 * generator, in a file of its own so importing it loads nothing else. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
