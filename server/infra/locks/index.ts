export { createFallbackLockAdapter } from "./create-fallback-lock-adapter";
export { createLockManager, type LockEnv } from "./create-lock-manager";
export { createLockManagerForAdapter } from "./create-lock-manager-for-adapter";
export { createMemoryLockAdapter, type MemoryLockStore } from "./create-memory-lock-adapter";
export { createPostgresLockAdapter } from "./create-postgres-lock-adapter";
export { createUpstashLockAdapter } from "./create-upstash-lock-adapter";
export { LockBusyError, LockLostError } from "./lock-errors";
export type { LockAdapter, LockAdapterName, LockContext, LockInput, LockManager, WithLockOptions } from "./lock-types";
