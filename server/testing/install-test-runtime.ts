import { parseEnv } from "@/server/env";
import { createMemoryRateLimiter, RATE_LIMIT_WINDOW_SECONDS } from "@/server/infra/ratelimit";
import { createOpsEventHub, type TOpsEventHub } from "@/server/live/create-ops-event-hub";
import { createOutboxTransport } from "@/server/notifications/mail-transport";
import type { TRuntime } from "@/server/runtime/get-runtime";
import { createTestPipeline, silentLog } from "@/server/testing/pipeline-test-kit";
import type { TestDb } from "./test-db";

type RuntimeGlobal = typeof globalThis & { __maitreRuntime?: Promise<TRuntime> };

/**
 * Makes route handlers (`app/api/**\/route.ts`, which call getRuntime()) run on a test database with the real
 * adapters of createTestPipeline: call the exported POST/GET with a Request, as Next.js would. Rate limits are
 * in-process with fresh counters per install; `env` overrides the parsed environment (NODE_ENV, limits …);
 * `opsEvents` tunes the live-event hub (a short keep-alive so a test need not wait 15 s).
 */
export async function installTestRuntime({
  db,
  env = {},
  opsEvents = {},
  workers = false,
}: {
  db: TestDb;
  env?: Record<string, string>;
  /** Start the job consumers too (booking.assign, emails…), as the embedded web process does. */
  workers?: boolean;
  opsEvents?: Partial<Pick<TOpsEventHub, "keepAliveMs" | "replayWindowMs">>;
}): Promise<{ runtime: TRuntime; uninstall: () => Promise<void> }> {
  const pipeline = await createTestPipeline({ db, url: db.url });
  if (workers) await pipeline.startWorkers();
  const parsed = parseEnv({ NODE_ENV: "test", INLINE_ASSIGN_DEADLINE_MS: "5000", ...env });
  const limiter = (name: string, limit: number, windowSeconds = 60) =>
    createMemoryRateLimiter({ name, limit, windowMs: windowSeconds * 1000, store: new Map() });
  const runtime: TRuntime = {
    env: parsed,
    db,
    log: silentLog,
    locks: pipeline.deps.locks,
    queue: pipeline.queue,
    rateLimiters: {
      bookingClient: limiter("booking_client", parsed.RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE),
      assignment: limiter("assignment", parsed.RATE_LIMIT_ASSIGNMENT_PER_MINUTE),
      authFailure: limiter("auth_failure", parsed.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE),
      signInAttempt: limiter("sign_in_attempt", parsed.RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_MINUTE),
      signInFailure: limiter(
        "sign_in_failure",
        parsed.RATE_LIMIT_SIGN_IN_FAILURES_PER_EMAIL,
        RATE_LIMIT_WINDOW_SECONDS.signInFailure,
      ),
    },
    mail: createOutboxTransport(),
    opsEvents: createOpsEventHub({ db: db.kysely, log: silentLog, pollMs: 50, pruneEveryMs: null, ...opsEvents }),
  };
  const g = globalThis as RuntimeGlobal;
  const previous = g.__maitreRuntime;
  g.__maitreRuntime = Promise.resolve(runtime);
  return {
    runtime,
    uninstall: async () => {
      g.__maitreRuntime = previous;
      await runtime.opsEvents.close();
      await pipeline.close();
    },
  };
}
