import { describe } from "vitest";
import { createMemoryLockAdapter } from "./create-memory-lock-adapter";
import { itBehavesLikeALockStore } from "./testing/lock-adapter-contract";

describe("in-process lock store (embedded shape)", () => {
  const adapter = createMemoryLockAdapter();
  itBehavesLikeALockStore(() => ({ holder: adapter, other: adapter }));
});
