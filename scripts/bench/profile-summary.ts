/**
 * `npm run --silent profile:summary -- FILE.cpuprofile [--top 40]` — where a V8 CPU profile's time went: self time per
 * function and per package (node_modules/<name>, our own folders, node internals), and total (inclusive) time of our
 * own functions. Written for the drills' profiles (DRILL_CPU_PROF_DIR, scripts/drill/drill-processes.ts).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

type TNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type TProfile = { nodes: TNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "40" } },
});
if (positionals.length === 0) {
  process.stderr.write("usage: profile:summary FILE.cpuprofile [--top 40]\n");
  process.exit(2);
}
const top = Number(values.top);

/** node_modules/<pkg> (scoped too), our folder (server/…, app/…), or node's own. */
function packageOf(url: string): string {
  if (!url) return "(native / gc / idle)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith("node:")) return "node:internal";
  const ours = url.match(/\/(server|app|components|scripts|lib)\/([^/]+)/);
  if (ours) return `${ours[1]}/${ours[2]}`;
  const chunk = url.match(/\.next[^/]*\/server\/(chunks|app)/);
  if (chunk) return `next bundle (${chunk[1]})`;
  return url.replace(/^file:\/\//, "").slice(-60);
}

function rows(map: Map<string, number>, total: number): string {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`)
    .join("\n");
}

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as TProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });

  let total = 0;
  let idle = 0;
  const perFunction = new Map<string, number>();
  const perPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") {
      idle += us;
      continue;
    }
    total += us;
    const fn = `${functionName || "(anonymous)"} ${url.replace(/^.*\/(node_modules|main)\//, "")}:${lineNumber + 1}`;
    perFunction.set(fn, (perFunction.get(fn) ?? 0) + us);
    const pkg = packageOf(url);
    perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + us);
    // Inclusive time of our own code's frames (each counted once per sample stack).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      if (!frame || !/\/(server|app|components)\//.test(frame.url) || /node_modules/.test(frame.url)) continue;
      const key = `${frame.functionName || "(anonymous)"} ${packageOf(frame.url)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const wall = profile.endTime - profile.startTime;
  process.stdout.write(
    `# ${file}\nwall ${(wall / 1e6).toFixed(1)} s, busy ${(total / 1e6).toFixed(1)} s (${((100 * total) / wall).toFixed(0)} %), idle ${(idle / 1e6).toFixed(1)} s\n\n` +
      `## self time by package\n${rows(perPackage, total)}\n\n## self time by function\n${rows(perFunction, total)}\n\n` +
      `## inclusive time of our own functions\n${rows(inclusive, total)}\n\n`,
  );
}
