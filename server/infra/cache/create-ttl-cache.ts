/**
 * A bounded in-process cache whose entries live `ttlMs` at most: for answers that may be a little stale across
 * processes (an API key's or a session's validity: revocation is seen within the TTL on every instance, and at once
 * on the instance that revoked, which clears its cache). Oldest entries go first when full.
 */
export type TTtlCache<V> = {
  get(key: string, now?: number): V | undefined;
  set(key: string, value: V, now?: number): void;
  clear(): void;
};

export function createTtlCache<V>({ ttlMs, max = 1000 }: { ttlMs: number; max?: number }): TTtlCache<V> {
  const entries = new Map<string, { value: V; expiresAt: number }>();
  return {
    get(key, now = Date.now()) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, now = Date.now()) {
      entries.delete(key);
      if (entries.size >= max) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, expiresAt: now + ttlMs });
    },
    clear() {
      entries.clear();
    },
  };
}
