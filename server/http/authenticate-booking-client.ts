import { authenticateApiKey, type TApiClient, type TApiScope } from "@/server/auth/authenticate-api-key";
import { getRuntime } from "@/server/runtime/get-runtime";
import { clientAddressOf } from "./client-address";
import { guardFailedAuthentication } from "./guard-failed-authentication";
import { describedAuth } from "./route-metadata";

/**
 * withRoute's `auth` for booking-client routes: the API key must carry `scope`; failures are throttled per client
 * address; the published demo keys are refused in production.
 */
export function bookingClientAuth(scope: TApiScope): (request: Request) => Promise<TApiClient> {
  return describedAuth(
    async (request: Request) => {
      const runtime = await getRuntime();
      return guardFailedAuthentication({
        limiter: runtime.rateLimiters.authFailure,
        address: clientAddressOf(request.headers),
        authenticate: () =>
          authenticateApiKey(runtime.db.kysely, {
            headers: request.headers,
            scope,
            refuseDemoKeys: runtime.env.NODE_ENV === "production",
          }),
      });
    },
    { kind: "apiKey", scope },
  );
}
