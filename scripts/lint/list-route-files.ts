import { readdirSync } from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const API_DIR = path.join(REPO_ROOT, "app/api");

export const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every `app/api/**\/route.ts`, absolute, sorted, with the URL path it serves (`[id]` → `{id}`). */
export function listRouteFiles(): { file: string; urlPath: string }[] {
  return readdirSync(API_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "route.ts")
    .sort()
    .map((file) => ({
      file: path.join(API_DIR, file),
      urlPath: `/api/${path.dirname(file).split(path.sep).join("/")}`.replace(/\[([^\]]+)\]/g, "{$1}"),
    }));
}
