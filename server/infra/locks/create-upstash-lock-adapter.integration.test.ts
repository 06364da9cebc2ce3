import { describeWithRedis } from "@/server/testing/redis";
import { createUpstashLockAdapter } from "./create-upstash-lock-adapter";
import type { LockAdapter } from "./lock-types";
import { itBehavesLikeALockStore } from "./testing/lock-adapter-contract";

describeWithRedis("Upstash lock store (local proxy → real Redis)", ({ upstash }) => {
  let adapter: LockAdapter | undefined;
  itBehavesLikeALockStore(() => {
    adapter ??= createUpstashLockAdapter({ redis: upstash().redis, prefix: upstash().prefix });
    return { holder: adapter, other: adapter };
  });
});
