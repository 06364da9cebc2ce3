export {
  type CircuitBreakerOptions,
  type CircuitStateName,
  circuitStateName,
  circuitStateValue,
  createCircuitBreaker,
  type Dependency,
  getCircuitBreaker,
  isCircuitOpen,
} from "./circuit-breakers";
export { classifyError, type ErrorClass, isConnectionError, isTransientError } from "./classify-error";
export { createUpstashRedis, type UpstashRedisOptions } from "./create-upstash-redis";
export { type RetryOptions, retryTransient } from "./retry-transient";
export { TransientError } from "./transient-error";
export { withTimeout } from "./with-timeout";
