import { builtinModules } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { allowedEvents, type TBookingContext } from "./machine";

/**
 * The ops UI imports the booking machine in the browser to show the allowed actions, so machine.ts and what it
 * imports must stay universal. Bundled here the way a browser bundler would (platform browser, `@/` = repo
 * root), with Node built-ins left external so that importing one shows up instead of failing the build.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const ENTRY = path.join(ROOT, "server/booking/machine.ts");
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const isNodeBuiltin = (specifier: string) => specifier.startsWith("node:") || NODE_BUILTINS.has(specifier);
/** Packages that only work on a server (database drivers, logging, queues, mail, metrics, Redis, solver). */
const SERVER_ONLY_PACKAGES = [
  "pg",
  "pg-boss",
  "pg-pool",
  "pg-protocol",
  "@electric-sql/pglite",
  "kysely",
  "pino",
  "nodemailer",
  "prom-client",
  "@upstash/redis",
  "@upstash/ratelimit",
  "highs",
  "next",
];

type TBundle = { code: string; metafile: Metafile; builtinImports: string[] };

async function bundleForBrowser(): Promise<TBundle> {
  const builtinImports: string[] = [];
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "bookingMachineModule",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    // What Next.js inlines into client bundles; nothing else of `process` exists in a browser.
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [
      {
        name: "repo-alias-and-node-builtins",
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^@\// }, (args) =>
            pluginBuild.resolve(`./${args.path.slice(2)}`, {
              resolveDir: ROOT,
              kind: args.kind,
              importer: args.importer,
            }),
          );
          pluginBuild.onResolve({ filter: /.*/ }, (args) => {
            if (!isNodeBuiltin(args.path)) return undefined;
            builtinImports.push(`${args.path} (from ${path.relative(ROOT, args.importer)})`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  const code = result.outputFiles?.[0]?.text;
  if (code === undefined) throw new Error("esbuild produced no output");
  return { code, metafile: result.metafile, builtinImports };
}

/** `node_modules/@scope/name/…` or `node_modules/name/…` → the package name, for every bundled input. */
function bundledPackages(metafile: Metafile): string[] {
  const names = Object.keys(metafile.inputs).flatMap((input) => {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    return match?.[1] ? [match[1]] : [];
  });
  return [...new Set(names)].sort();
}

const context: TBookingContext = {
  actor: { type: "staff", id: "s1", role: "host" },
  now: Date.UTC(2026, 2, 6, 18, 0),
  startsAt: Date.UTC(2026, 2, 6, 19, 0),
  noShowAt: null,
  assignmentFailures: 0,
  maxAssignmentRetries: 5,
  noShowUndoMinutes: 30,
  checkInLeadMinutes: 60,
};

describe("booking machine in the browser", () => {
  let bundle: TBundle;
  beforeAll(async () => {
    bundle = await bundleForBrowser();
  });

  it("imports no Node built-in", () => {
    expect(bundle.builtinImports).toEqual([]);
    const externals = Object.values(bundle.metafile.inputs).flatMap((input) =>
      input.imports.filter((i) => i.external).map((i) => i.path),
    );
    expect(externals).toEqual([]);
  });

  it("bundles no server-only package and no server/infra module", () => {
    const packages = bundledPackages(bundle.metafile);
    expect(packages).toContain("xstate");
    expect(packages.filter((name) => SERVER_ONLY_PACKAGES.includes(name))).toEqual([]);
    const infra = Object.keys(bundle.metafile.inputs).filter((input) => input.startsWith("server/infra/"));
    expect(infra).toEqual([]);
  });

  it("evaluates without process or require and gives the same answers as on the server", () => {
    const sandbox: Record<string, unknown> = {};
    vm.createContext(sandbox);
    expect(vm.runInContext("typeof process + ' ' + typeof require", sandbox)).toBe("undefined undefined");
    vm.runInContext(bundle.code, sandbox, { filename: "machine.browser.js" });
    const machine = sandbox.bookingMachineModule as { allowedEvents?: typeof allowedEvents; bookingMachine?: unknown };
    expect(typeof machine.allowedEvents).toBe("function");
    expect(machine.bookingMachine).toBeDefined();
    for (const status of ["assigned", "confirmed", "checked_in", "cancelled"] as const) {
      // The vm realm has its own Array, so compare contents, not identity.
      expect([...(machine.allowedEvents?.(status, context) ?? [])]).toEqual(allowedEvents(status, context));
    }
    expect(allowedEvents("confirmed", context).length).toBeGreaterThan(0);
  });
});
