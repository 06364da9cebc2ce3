import { z } from "zod";

/**
 * The only reader of process.env. Everything has an embedded default, so `npm run dev` needs no variable;
 * the distributed settings switch adapters (Postgres instead of PGlite, Upstash instead of in-process locks,
 * Supabase Auth instead of local accounts). A bad value fails fast with the variable's name.
 */
const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const DEV_SESSION_SECRET = "maitre-dev-session-secret-not-for-production-0001";

export const ZEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /**
     * How long a log line may wait in the process's 4 KB buffer before it is written to stdout; 0 writes every line
     * at once (synchronously). Unset: 1000 ms in web processes, 0 in `npm run worker`, whose last lines before a
     * crash name the booking it held. One write per request line was a quarter of the web process's CPU.
     */
    LOG_FLUSH_MS: z.coerce.number().int().min(0).max(60_000).optional(),
    DATA_DIR: z.string().trim().min(1).default(".data"),
    DATABASE_URL: optionalUrl.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "must be a postgres:// or postgresql:// URL",
    }),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    /** Opening a PostgreSQL connection gives up after this long (a host that drops packets fails fast). */
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    /** PostgreSQL cancels a statement running longer than this (0 = no limit; migrations lift it for themselves). */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    // Advisory locks (PostgreSQL without Upstash, or while Redis is down) hold a session each: their own pool.
    LOCK_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    UPSTASH_REDIS_REST_URL: optionalUrl,
    UPSTASH_REDIS_REST_TOKEN: optionalString,
    NEXT_PUBLIC_SUPABASE_URL: optionalUrl,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: optionalString,
    /**
     * The Supabase project's JWT secret (Settings → API → JWT secret): verifies HS256 access tokens with no network
     * call. Without it only asymmetrically signed tokens are accepted, checked with the project's published JWKS.
     */
    SUPABASE_JWT_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
      message: "must be at least 32 characters (the project's JWT secret)",
    }),
    SESSION_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
      message: "must be at least 32 characters",
    }),
    DEMO_SEED: booleanFlag.optional(),
    /** Adds a large demo venue (60 tables, 250+ bookings a day) to the demo seed: the dashboard's performance target. */
    MAITRE_DEMO_LARGE_VENUE: booleanFlag.optional(),
    /** smtp(s)://user:pass@host:port — without it guest emails stay in the dev outbox (/ops/dev/mail). */
    SMTP_URL: optionalString.refine((v) => v === undefined || /^smtps?:\/\//.test(v), {
      message: "must be an smtp:// or smtps:// URL",
    }),
    MAIL_FROM: z.string().trim().min(3).default("Maitre <bookings@maitre.local>"),
    /**
     * A five-field cron (UTC): optimizer.run previews today's services of every restaurant on that schedule. `off`:
     * no scheduled previews. Unset: this process leaves the schedule as it is (pg-boss keeps it in the database),
     * so a worker deployed without the variable no longer switches off what the others set.
     */
    OPTIMIZER_CRON: optionalString.refine((v) => v === undefined || v === "off" || v.split(/\s+/).length === 5, {
      message: "must be a five-field cron expression, e.g. 0 10,15 * * *, or off",
    }),
    /** Budget for the inline fast path of POST /api/bookings before the durable job takes over. */
    INLINE_ASSIGN_DEADLINE_MS: z.coerce.number().int().min(0).max(30_000).default(1500),
    /**
     * Load shedding (server/http/admission.ts): at this many API requests in flight one web process refuses the next at
     * once (503 OVERLOADED); from a queue of 32 that has stood for 2 s it already does.
     */
    MAX_IN_FLIGHT_REQUESTS: z.coerce.number().int().min(1).max(100_000).default(256),
    /** Run job consumers inside the web process (default: embedded yes, distributed no — use `npm run worker`). */
    RUN_WORKER_IN_WEB: booleanFlag.optional(),
    /** `npm run worker` serves GET /metrics on this port (unset: no listener; give each worker on a host its own). */
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    /** Sliding-window budget per booking client (API key or IP) per minute. */
    RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
    /** Assignment work per restaurant per minute, so one venue's surge cannot starve the others. */
    RATE_LIMIT_ASSIGNMENT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
    /** Failed sign-ins / API-key checks per client address per minute before the address is refused (429). */
    RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(20),
    /** Staff sign-in attempts (right or wrong) per client address per minute: each costs a deliberately slow hash. */
    RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
    /** Failed staff sign-ins per email per 15 minutes, from any address: slows guessing one account's password. */
    RATE_LIMIT_SIGN_IN_FAILURES_PER_EMAIL: z.coerce.number().int().min(1).max(1_000_000).default(10),
  })
  .superRefine((env, ctx) => {
    const pairs = [
      ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"],
      ["NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_ANON_KEY"],
    ] as const;
    for (const [a, b] of pairs) {
      if ((env[a] === undefined) !== (env[b] === undefined)) {
        const missing = env[a] === undefined ? a : b;
        ctx.addIssue({ code: "custom", path: [missing], message: `is required when ${a === missing ? b : a} is set` });
      }
    }
    if (env.SUPABASE_JWT_SECRET !== undefined && env.NEXT_PUBLIC_SUPABASE_URL === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXT_PUBLIC_SUPABASE_URL"],
        message: "is required when SUPABASE_JWT_SECRET is set",
      });
    }
    if (env.NODE_ENV === "production" && env.SESSION_SECRET === undefined) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required when NODE_ENV=production" });
    }
  });

export type TEnv = Omit<
  z.infer<typeof ZEnvSchema>,
  "SESSION_SECRET" | "DEMO_SEED" | "RUN_WORKER_IN_WEB" | "MAITRE_DEMO_LARGE_VENUE"
> & {
  RUN_WORKER_IN_WEB: boolean;
  /** Seed the large demo venue too (off by default: the README's demo is the two small restaurants). */
  MAITRE_DEMO_LARGE_VENUE: boolean;
  SESSION_SECRET: string;
  /** Seed demo data into an empty database on start (embedded default: yes; with DATABASE_URL: only when asked). */
  DEMO_SEED: boolean;
  databaseKind: "pglite" | "postgres";
  /** Who signs staff in: local accounts (default) or Supabase Auth (NEXT_PUBLIC_SUPABASE_URL and its anon key set). */
  authMode: "local" | "supabase";
};

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const result = ZEnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "(env)"}: ${issue.message}`);
    throw new EnvError(
      `Invalid environment configuration:\n${lines.join("\n")}\nFix the variable(s) above and restart.`,
    );
  }
  const env = result.data;
  return {
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    DEMO_SEED: env.DEMO_SEED ?? env.DATABASE_URL === undefined,
    MAITRE_DEMO_LARGE_VENUE: env.MAITRE_DEMO_LARGE_VENUE ?? false,
    RUN_WORKER_IN_WEB: env.RUN_WORKER_IN_WEB ?? env.DATABASE_URL === undefined,
    databaseKind: env.DATABASE_URL ? "postgres" : "pglite",
    authMode: env.NEXT_PUBLIC_SUPABASE_URL ? "supabase" : "local",
  };
}

let cached: TEnv | undefined;

export function getEnv(): TEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
