#!/usr/bin/env node
/**
 * Adds lockfile entries for other platforms' optional binaries (biome CLI, Next's SWC) that npm leaves out when
 * the registry it installs from does not serve them (this workplace's mirror answers 404 for darwin/win32
 * builds). Without the entries `npm ci` refuses the lockfile as out of sync. Each entry carries os/cpu/libc so
 * npm skips it on non-matching machines, and a normal registry resolves it on matching ones.
 * Run after `npm install` changes the lockfile: `node scripts/fix-lockfile-platforms.mjs`.
 */
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
let added = 0;

function platformOf(name) {
  const os = ["darwin", "linux", "win32", "android", "freebsd"].find((o) => name.includes(o));
  const cpu = ["arm64", "x64", "ia32", "arm"].find((c) => name.includes(`-${c}`));
  const libc = name.includes("musl") ? "musl" : name.includes("linux") ? "glibc" : undefined;
  return { os, cpu, libc };
}

for (const [key, entry] of Object.entries(packages)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const depKey = `node_modules/${dep}`;
    if (packages[depKey]) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os || !cpu) continue;
    packages[depKey] = {
      version: range.replace(/^[\^~=]/, ""),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(libc ? { libc: [libc] } : {}),
    };
    added += 1;
    process.stdout.write(`+ ${depKey}@${packages[depKey].version} (for ${key || "root"})\n`);
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1)),
);
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`${added} platform entr${added === 1 ? "y" : "ies"} added\n`);
