import type { StaffRole } from "@/server/infra/db/schema";

/**
 * Fixed demo sign-ins and API keys, documented in the README so anyone can try the app. They are public,
 * so the seed refuses to run with NODE_ENV=production and authentication refuses them there too: by their form
 * (server/auth/demo-credential-policy.ts), which every credential here must have (a test checks it).
 */
export const DEMO_PASSWORD = "maitre-demo";

export const DEMO_STAFF: Array<{ email: string; displayName: string; role: StaffRole }> = [
  { email: "owner@maitre.demo", displayName: "Olivia Owner", role: "owner" },
  { email: "manager@maitre.demo", displayName: "Marco Manager", role: "manager" },
  { email: "host@maitre.demo", displayName: "Hana Host", role: "host" },
];

export const DEMO_API_KEYS: Record<string, string> = {
  "lumiere-london": "mt_demo0001_lumiere-demo-key-not-for-production",
  "harbor-nyc": "mt_demo0002_harbor-demo-key-not-for-production",
};
