export { createMemoryRateLimiter, type MemoryRateLimitStore } from "./create-memory-rate-limiter";
export { createRateLimiters, RATE_LIMIT_WINDOW_SECONDS, type RateLimitEnv } from "./create-rate-limiters";
export { createUpstashRateLimiter } from "./create-upstash-rate-limiter";
export {
  type RateLimiter,
  type RateLimiterName,
  type RateLimiters,
  type RateLimitResult,
  retryAfterSeconds,
} from "./rate-limit-types";
