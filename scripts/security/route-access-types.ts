import type { StaffRole } from "@/server/infra/db/schema";
import type { TWorld } from "./access-world";

/** A valid request aimed at restaurant A's resources; the caller's credentials are added by the test. */
export type TFixture = {
  /** The URL path with its query string, path parameters filled in. */
  path: string;
  /** The path parameters as Next.js hands them to the handler. */
  params?: Record<string, string>;
  /** A JSON value (encoded by the test), or raw text (sent as it is). */
  body?: unknown;
  contentType?: string;
  /** Send a fresh Idempotency-Key. */
  idempotencyKey?: boolean;
};

/** What an allowed caller gets when it is not the route's success status: a documented answer, never an auth one. */
export type TAllowedAnswer = { status: number; code?: string; why: string };

type TAccessBase = {
  /** Builds a FRESH valid request for one cell (one caller): every resource it touches is new or read-only. */
  fixture: (world: TWorld) => Promise<TFixture>;
  allowed?: TAllowedAnswer;
  /** The route changes the caller's own credentials (sign-out): each cell gets new callers. */
  freshCallers?: boolean;
};

/**
 * Who may call one route/method. `public`: anyone (never 401/403). `apiKey`: a booking client's key; the key of
 * restaurant B gets 404 for a resource of A, or its own restaurant's answer when the route takes the restaurant from
 * the key. `staff`: a staff session with at least `minRole` in restaurant A; staff of B get 404 (A is invisible to
 * them) unless the route is about the caller (`staffOfB: "allowed"`).
 */
export type TRouteAccess =
  | (TAccessBase & { auth: "public" })
  | (TAccessBase & { auth: "apiKey"; keyOfB: "not_found" | "own_restaurant" })
  | (TAccessBase & { auth: "staff"; minRole: StaffRole; staffOfB?: "not_found" | "allowed" });

/** `"POST /api/ops/bookings"` → its access. */
export type TRouteAccessTable = Record<string, TRouteAccess>;
