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

/** The root logger; requests and jobs log through a child with requestId/route/job/actor/restaurant. */
export function getLogger(): Logger {
  const g = globalThis as LoggerGlobal;
  g.__maitreLogger ??= createLogger({ level: getEnv().LOG_LEVEL });
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
