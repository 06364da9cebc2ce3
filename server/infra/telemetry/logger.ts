import pino, { type DestinationStream, type LevelWithSilentOrString, type Logger } from "pino";
import { getEnv } from "@/server/env";

export type { Logger };

type LoggerGlobal = typeof globalThis & { __maitreLogger?: Logger };

const CENSOR = "[redacted]";

/**
 * Fields whose value is never written, at the top of a log object or one level down (`{ headers: { cookie } }`,
 * `{ body: { password } }`); pino's paths take no deeper wildcard, so log credentials' parents, not whole requests.
 * Headers a request carries credentials in (Authorization: Bearer <API key>, Cookie, Set-Cookie, X-Api-Key),
 * request bodies of sign-in, invitation and API-key creation, and the configuration's secrets. The bare `key` is
 * not in the list: locks log theirs (`booking:<id>`), a name, not a secret; API keys are logged by `prefix` only.
 */
const SECRET_FIELDS = [
  "password",
  "newPassword",
  "token",
  "inviteToken",
  "accessToken",
  "refreshToken",
  "apiKey",
  "api_key",
  "secret",
  "authorization",
  "cookie",
  '["set-cookie"]',
  '["x-api-key"]',
  "databaseUrl",
  "connectionString",
  "SESSION_SECRET",
  "DATABASE_URL",
  "SUPABASE_JWT_SECRET",
  "UPSTASH_REDIS_REST_TOKEN",
  "SMTP_URL",
];

const join = (parent: string, field: string) => (field.startsWith("[") ? `${parent}${field}` : `${parent}.${field}`);

export const REDACTED_PATHS: string[] = SECRET_FIELDS.flatMap((field) => [
  field,
  join("*", field),
  join("*.headers", field),
]);

/** A logger with Maitre's name and redaction; `destination` for tests that read what would be written. */
export function createLogger({
  level,
  destination,
}: {
  level: LevelWithSilentOrString;
  destination?: DestinationStream;
}): Logger {
  const options = { name: "maitre", level, redact: { paths: REDACTED_PATHS, censor: CENSOR } };
  return destination ? pino(options, destination) : pino(options);
}

const BUFFER_BYTES = 4096;
let defaultFlushMs = 1000;

/**
 * This process writes every log line at once unless LOG_FLUSH_MS says otherwise (`npm run worker` calls it before
 * its first line: when a worker is killed, its last lines say which booking it held).
 */
export function preferSynchronousLogs(): void {
  defaultFlushMs = 0;
}

/**
 * stdout, buffered: lines are written 4 KB at a time, or `flushMs` after they were logged when traffic is light
 * (pino flushes the buffer when the process exits; a SIGKILL loses at most the last `flushMs`). A write(2) per
 * line costs a syscall and wakes whatever reads the pipe — at 300 requests/s a quarter of the web process's CPU.
 */
export function stdoutDestination(flushMs: number): DestinationStream {
  if (flushMs === 0) return pino.destination({ dest: 1, sync: true });
  const destination = pino.destination({ dest: 1, sync: false, minLength: BUFFER_BYTES });
  setInterval(() => destination.flush(), flushMs).unref();
  return destination;
}

/** The root logger; requests and jobs log through a child with requestId/route/job/actor/restaurant. */
export function getLogger(): Logger {
  const g = globalThis as LoggerGlobal;
  if (!g.__maitreLogger) {
    const env = getEnv();
    g.__maitreLogger = createLogger({
      level: env.LOG_LEVEL,
      destination: stdoutDestination(env.LOG_FLUSH_MS ?? defaultFlushMs),
    });
  }
  return g.__maitreLogger;
}

/** Replaces the root logger (tests that capture every line); returns a function putting the previous one back. */
export function replaceLogger(logger: Logger): () => void {
  const g = globalThis as LoggerGlobal;
  const previous = g.__maitreLogger;
  g.__maitreLogger = logger;
  return () => {
    g.__maitreLogger = previous;
  };
}
