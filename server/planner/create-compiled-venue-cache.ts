import { compileVenue } from "./compile-venue";
import { parsePlannerConfig, type TPlannerConfigInput } from "./planner-config";
import type { TCompiledVenue, TVenueInput } from "./types";

export type TCompiledVenueCache = {
  /** The compiled venue for this id + version + config, compiling only on a miss. */
  get: (args: { venue: TVenueInput; config?: TPlannerConfigInput }) => TCompiledVenue;
  stats: () => { hits: number; misses: number; size: number };
  clear: () => void;
};

/**
 * Compile once per venue version: a small LRU keyed by `id@version` plus the parsed config, so a config edit that
 * forgot to bump the version still recompiles. Venues without id or version are compiled every time (never cached,
 * because two different venues could otherwise share a key).
 */
export function createCompiledVenueCache({ maxEntries = 64 }: { maxEntries?: number } = {}): TCompiledVenueCache {
  const entries = new Map<string, TCompiledVenue>();
  let hits = 0;
  let misses = 0;
  return {
    get: ({ venue, config }) => {
      if (venue.id === undefined || venue.version === undefined) {
        misses += 1;
        return compileVenue({ venue, config });
      }
      const key = `${venue.id}@${venue.version}#${JSON.stringify(parsePlannerConfig(config))}`;
      const cached = entries.get(key);
      if (cached) {
        hits += 1;
        entries.delete(key);
        entries.set(key, cached);
        return cached;
      }
      misses += 1;
      const compiled = compileVenue({ venue, config });
      entries.set(key, compiled);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      return compiled;
    },
    stats: () => ({ hits, misses, size: entries.size }),
    clear: () => {
      entries.clear();
    },
  };
}
