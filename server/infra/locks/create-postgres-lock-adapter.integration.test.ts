import pg from "pg";
import pino from "pino";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createLockManagerForAdapter } from "./create-lock-manager-for-adapter";
import { createPostgresLockAdapter } from "./create-postgres-lock-adapter";
import { LockLostError } from "./lock-errors";
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

    // The session holding an advisory lock, found through pg_locks (the key's 64-bit hash is classid:objid).
    const terminateHolderOf = async (key: string) => {
      const admin = new pg.Client({ connectionString: adminUrl ?? "" });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ ended: boolean }>(
          `select pg_terminate_backend(pid) as ended from pg_locks
            where locktype = 'advisory' and objsubid = 1 and granted
              and classid = ((hashtextextended($1, 0) >> 32) & 4294967295)::bigint::oid
              and objid = (hashtextextended($1, 0) & 4294967295)::bigint::oid`,
          [key],
        );
        expect(rows).toEqual([{ ended: true }]);
      } finally {
        await admin.end();
      }
    };
    const until = async (check: () => boolean, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return check();
    };

    it("treats a held lock whose session was terminated as lost: the holder is told, the process lives on", async () => {
      const holder = make();
      let lost = 0;
      const key = "booking:terminated";
      expect(await holder.acquire({ key, token: "t1", ttlMs: 60_000, onLost: () => lost++ })).toBe("postgres");
      await terminateHolderOf(key);
      expect(await until(() => lost === 1)).toBe(true);
      // Gone from the holder's books: release and extend answer false, and anyone may take the lock now.
      expect(await holder.extend({ key, token: "t1", ttlMs: 60_000 })).toBe(false);
      expect(await holder.release({ key, token: "t1" })).toBe(false);
      expect(await processB.acquire({ key, token: "t2", ttlMs: 60_000 })).toBe("postgres");
      expect(await processB.release({ key, token: "t2" })).toBe(true);
      // The holder's pool still works.
      expect(await holder.acquire({ key, token: "t3", ttlMs: 60_000 })).toBe("postgres");
      expect(await holder.release({ key, token: "t3" })).toBe(true);
    });

    it("aborts the work running under the lock with LockLostError", async () => {
      const locks = createLockManagerForAdapter({ adapter: make(), log: pino({ level: "silent" }) });
      const key = "booking:terminated-mid-work";
      const reason = await locks.withLock(key, 60_000, async (lock) => {
        await terminateHolderOf(key);
        await until(() => lock.signal.aborted);
        return lock.signal.reason;
      });
      expect(reason).toBeInstanceOf(LockLostError);
    });
  },
);
