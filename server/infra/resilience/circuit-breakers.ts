import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleAll,
  handleWhen,
} from "cockatiel";
import { type CircuitStateValue, setCircuitState } from "@/server/infra/telemetry/metrics";
import { isConnectionError } from "./classify-error";

export type Dependency = "redis" | "database";
export type CircuitStateName = "closed" | "half-open" | "open";

export type CircuitBreakerOptions = {
  /** Consecutive failures that open the circuit. */
  consecutiveFailures?: number;
  /** How long the circuit stays open before one trial call is let through. */
  halfOpenAfterMs?: number;
};

type BreakersGlobal = typeof globalThis & { __maitreBreakers?: Map<Dependency, CircuitBreakerPolicy> };

const DEFAULTS: Required<CircuitBreakerOptions> = { consecutiveFailures: 5, halfOpenAfterMs: 10_000 };

// The database has no fallback: while its circuit is open requests are refused (503), so it is tried again soon
// (a restart takes seconds); Redis has one, and the fallback costs little, so it is left alone for longer.
const PROCESS_BREAKER_OPTIONS: Record<Dependency, CircuitBreakerOptions> = {
  database: { consecutiveFailures: 3, halfOpenAfterMs: 2000 },
  redis: {},
};

/**
 * One breaker per dependency per process (on globalThis: every module graph must see the same state). Every
 * failure of a Redis call counts (Redis only serves locks and limits, all of which have a fallback); for the
 * database only connection-level failures count, never a constraint violation or a bug in one query.
 */
export function getCircuitBreaker(dependency: Dependency): CircuitBreakerPolicy {
  const g = globalThis as BreakersGlobal;
  g.__maitreBreakers ??= new Map();
  let breaker = g.__maitreBreakers.get(dependency);
  if (!breaker) {
    breaker = createCircuitBreaker({ dependency, ...PROCESS_BREAKER_OPTIONS[dependency] });
    g.__maitreBreakers.set(dependency, breaker);
  }
  return breaker;
}

/** A breaker reporting its state to `maitre_circuit_state{dependency}`; tests create private ones. */
export function createCircuitBreaker({
  dependency,
  consecutiveFailures = DEFAULTS.consecutiveFailures,
  halfOpenAfterMs = DEFAULTS.halfOpenAfterMs,
}: CircuitBreakerOptions & { dependency: Dependency }): CircuitBreakerPolicy {
  const policy = dependency === "database" ? handleWhen(isConnectionError) : handleAll;
  const breaker = circuitBreaker(policy, {
    halfOpenAfter: halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(consecutiveFailures),
  });
  setCircuitState({ dependency, value: circuitStateValue(breaker.state) });
  breaker.onStateChange((state) => setCircuitState({ dependency, value: circuitStateValue(state) }));
  return breaker;
}

export function circuitStateValue(state: CircuitState): CircuitStateValue {
  if (state === CircuitState.Closed) return 0;
  if (state === CircuitState.HalfOpen) return 1;
  return 2;
}

export function circuitStateName(state: CircuitState): CircuitStateName {
  return (["closed", "half-open", "open"] as const)[circuitStateValue(state)];
}

/** Open or isolated: callers should go straight to their fallback instead of waiting for a failure. */
export function isCircuitOpen(breaker: CircuitBreakerPolicy): boolean {
  return breaker.state === CircuitState.Open || breaker.state === CircuitState.Isolated;
}
