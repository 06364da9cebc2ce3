import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const biome = path.join(root, "node_modules/.bin/biome");

/**
 * The house rules in biome.json (docs/conventions.md) must bite: probe files that break them, in a scratch copy of
 * the layout with the project's biome.json, must fail `biome lint`, and files that keep them must pass.
 */
describe("biome.json enforces the layering", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "maitre-lint-"));
    const config = JSON.parse(readFileSync(path.join(root, "biome.json"), "utf8"));
    config.vcs = { enabled: false };
    config.$schema = undefined;
    writeFileSync(path.join(dir, "biome.json"), JSON.stringify(config));
    cpSync(path.join(root, "tsconfig.json"), path.join(dir, "tsconfig.json"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    return Object.keys(files);
  };
  const lint = async (files: string[]) => {
    try {
      await run(biome, ["lint", "--max-diagnostics=50", ...files], { cwd: dir });
      return { ok: true, output: "" };
    } catch (error) {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${stdout}${stderr}` };
    }
  };

  it.each([
    ["the planner importing infrastructure", "server/planner/probe-upward.ts", "@/server/infra/db/open-db"],
    ["a feature importing the transport", "server/booking/probe-http.ts", "@/server/http/with-route"],
    ["a feature importing the composition root", "server/coordinator/probe-runtime.ts", "@/server/runtime/get-runtime"],
    ["a feature importing the demo", "server/venue/probe-demo.ts", "@/server/demo/demo-credentials"],
    ["infrastructure importing a feature", "server/infra/db/probe-feature.ts", "@/server/booking/create-booking"],
    [
      "the optimizer engine importing its use cases",
      "server/optimizer/engine/model/probe.ts",
      "@/server/optimizer/preview-day",
    ],
    ["a component importing infrastructure", "components/timeline/probe.tsx", "@/server/infra/db/get-db"],
    ["a component importing a Node-only package", "components/timeline/probe-pg.tsx", "pg"],
  ])("fails on %s", async (_, file, source) => {
    const result = await lint(write({ [file]: `import { x } from "${source}";\nexport const y = x;\n` }));
    expect(result.ok).toBe(false);
    expect(result.output).toContain("lint/style/noRestrictedImports");
  });

  it("fails on process.env outside server/env.ts and scripts/", async () => {
    const result = await lint(
      write({ "server/booking/probe-env.ts": "export const level = process.env.LOG_LEVEL;\n" }),
    );
    expect(result.output).toContain("lint/style/noProcessEnv");
  });

  it("fails on an import cycle", async () => {
    const files = write({
      "server/coordinator/probe-a.ts": 'import { b } from "./probe-b";\nexport const a = () => b();\n',
      "server/coordinator/probe-b.ts": 'import { a } from "./probe-a";\nexport const b = () => a();\n',
    });
    const result = await lint(files);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("lint/suspicious/noImportCycles");
  });

  it("passes imports that keep the rules", async () => {
    const files = write({
      "server/planner/probe-ok.ts":
        'import { mulberry32 } from "@/server/random/mulberry32";\nexport const r = mulberry32;\n',
      "server/booking/probe-ok.ts":
        'import { DomainError } from "@/server/errors/domain-error";\nexport const E = DomainError;\n',
      "server/http/probe-ok.ts":
        'import { getRuntime } from "@/server/runtime/get-runtime";\nexport const g = getRuntime;\n',
      "components/timeline/probe-ok.tsx":
        'import { bookingMachine } from "@/server/booking/machine";\nexport const m = bookingMachine;\n',
      "server/booking/probe-ok.test.ts": 'import { x } from "@/server/testing/factories";\nexport const t = x;\n',
    });
    const result = await lint(files);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });
});
