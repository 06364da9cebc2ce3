import pino, { type Logger } from "pino";
import { getEnv } from "@/server/env";

export type { Logger };

type LoggerGlobal = typeof globalThis & { __maitreLogger?: Logger };

/** The root logger; requests and jobs log through a child with requestId/route/job/actor/restaurant. */
export function getLogger(): Logger {
  const g = globalThis as LoggerGlobal;
  g.__maitreLogger ??= pino({
    name: "maitre",
    level: getEnv().LOG_LEVEL,
    redact: {
      paths: [
        "password",
        "*.password",
        "token",
        "*.token",
        "apiKey",
        "*.apiKey",
        "authorization",
        "*.authorization",
        "headers.authorization",
        "headers.cookie",
        "*.headers.cookie",
        "databaseUrl",
      ],
      censor: "[redacted]",
    },
  });
  return g.__maitreLogger;
}
