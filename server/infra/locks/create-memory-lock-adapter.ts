import type { LockAdapter } from "./lock-types";

export type MemoryLockStore = Map<string, { token: string; expiresAt: number }>;

type MemoryLocksGlobal = typeof globalThis & { __maitreMemoryLocks?: MemoryLockStore };

/**
 * Locks for the embedded shape (one process). The store lives on globalThis so that the separate Next.js
 * module graphs (instrumentation, route handlers) exclude each other too.
 */
export function createMemoryLockAdapter({
  store = processLockStore(),
  now = Date.now,
}: {
  store?: MemoryLockStore;
  now?: () => number;
} = {}): LockAdapter {
  const holds = (key: string, token: string) => {
    const entry = store.get(key);
    return entry !== undefined && entry.token === token && entry.expiresAt > now();
  };
  return {
    name: "memory",
    async acquire({ key, token, ttlMs }) {
      const entry = store.get(key);
      if (entry && entry.expiresAt > now()) return null;
      store.set(key, { token, expiresAt: now() + ttlMs });
      return "memory";
    },
    async release({ key, token }) {
      if (!holds(key, token)) return false;
      store.delete(key);
      return true;
    },
    async extend({ key, token, ttlMs }) {
      if (!holds(key, token)) return false;
      store.set(key, { token, expiresAt: now() + ttlMs });
      return true;
    },
    async close() {},
  };
}

function processLockStore(): MemoryLockStore {
  const g = globalThis as MemoryLocksGlobal;
  g.__maitreMemoryLocks ??= new Map();
  return g.__maitreMemoryLocks;
}
