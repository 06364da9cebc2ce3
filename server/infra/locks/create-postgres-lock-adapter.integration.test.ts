import { afterAll, describe, expect, inject, it } from "vitest";
import { createPostgresLockAdapter } from "./create-postgres-lock-adapter";
import type { LockAdapter } from "./lock-types";
import { itBehavesLikeALockStore } from "./testing/lock-adapter-contract";

// Advisory locks need no tables, so the suite uses the admin database directly. PGlite has a single session
// and cannot exclude itself, so there is no PGlite half (the embedded shape uses the in-process store).
const adminUrl = inject("postgresAdminUrl");
const skipReason = inject("postgresSkipReason");

(adminUrl ? describe : describe.skip)(
  skipReason ? `PostgreSQL advisory lock store (skipped: ${skipReason})` : "PostgreSQL advisory lock store",
  () => {
    const adapters: LockAdapter[] = [];
    // Two adapters = two processes: each has its own pool, so they exclude each other only through PostgreSQL.
    const make = () => {
      const adapter = createPostgresLockAdapter({ connectionString: adminUrl ?? "", poolMax: 8 });
      adapters.push(adapter);
      return adapter;
    };
    const processA = make();
    const processB = make();
    afterAll(async () => {
      await Promise.all(adapters.map((a) => a.close()));
    });

    itBehavesLikeALockStore(() => ({ holder: processA, other: processB }));

    it("frees the lock at once when the holding process goes away", async () => {
      const dying = make();
      expect(await dying.acquire({ key: "booking:crash", token: "t1", ttlMs: 60_000 })).toBe("postgres");
      expect(await processA.acquire({ key: "booking:crash", token: "t2", ttlMs: 60_000 })).toBeNull();
      await dying.close();
      expect(await processA.acquire({ key: "booking:crash", token: "t2", ttlMs: 60_000 })).toBe("postgres");
      expect(await processA.release({ key: "booking:crash", token: "t2" })).toBe(true);
    });
  },
);
