import type { TExchange } from "./load-http";
import type { LoadRecorder } from "./load-recorder";
import type { LoadState } from "./load-state";
import type { TLoadReport, TLoadRoute } from "./load-types";

/** What every simulated caller needs from the run: where to send, how to count, what it knows. */
export type TLoadContext = {
  /** The first service date (the SSE subscribers watch it). */
  date: string;
  /** A service date for the next request: one of TLoadOptions.dates, evenly spread (seeded), or always `date`. */
  pickDate: () => string;
  restaurantId: string;
  apiKey: string;
  requestTimeoutMs: number;
  giveUpMs: number;
  /** Seeded: payloads and picks repeat for a seed (answers, and so what follows them, may differ). */
  random: () => number;
  /** A run-unique prefix for Idempotency-Keys (two runs on one database must not share keys). */
  keyPrefix: string;
  /** A run-wide counter for guest names and keys. */
  nextNumber: () => number;
  /** The next base URL, round-robin (staff requests need it first: their Origin must name it). */
  nextUrl: () => string;
  state: LoadState;
  recorder: LoadRecorder;
  report: Pick<TLoadReport, "accepted" | "cancelled"> & { gaveUp: number };
  /** Sends one request to the next URL (round-robin) and records it; null when the request cap is spent. */
  send: (
    route: TLoadRoute,
    path: string,
    init: RequestInit,
    url?: string,
  ) => Promise<(TExchange & { url: string }) | null>;
  /** False once retries must stop (the run's drain deadline passed). */
  mayRetry: () => boolean;
};
