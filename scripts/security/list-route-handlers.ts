import type { TRouteMetadata } from "@/server/http/route-metadata";
import { routeMetadataOf } from "@/server/http/with-route";
import { HTTP_METHODS, listRouteFiles } from "../lint/list-route-files";

export type THandler = (
  request: Request,
  second: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

/** One exported HTTP handler of an app/api route file: `key` is `"METHOD /api/path/{param}"`. */
export type TRouteHandler = {
  key: string;
  method: string;
  urlPath: string;
  handler: THandler;
  metadata?: TRouteMetadata;
};

/** Every exported HTTP method of every app/api/**\/route.ts, imported as Next.js would (sorted by key). */
export async function listRouteHandlers(): Promise<TRouteHandler[]> {
  const handlers: TRouteHandler[] = [];
  for (const { file, urlPath } of listRouteFiles()) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of HTTP_METHODS.filter((m) => m in mod)) {
      handlers.push({
        key: `${method} ${urlPath}`,
        method,
        urlPath,
        handler: mod[method] as THandler,
        metadata: routeMetadataOf(mod[method]),
      });
    }
  }
  return handlers.sort((x, y) => x.key.localeCompare(y.key));
}
