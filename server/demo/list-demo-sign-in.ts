import { DEMO_API_KEYS, DEMO_PASSWORD, DEMO_STAFF } from "./demo-credentials";

export type TDemoSignIn = {
  password: string;
  accounts: Array<{ email: string; role: string }>;
  apiKeys: Array<{ slug: string; key: string }>;
};

/** The demo credentials to show on the home page: outside production, and only when a demo venue exists. */
export function listDemoSignIn({ production, slugs }: { production: boolean; slugs: string[] }): TDemoSignIn | null {
  if (production || !slugs.some((slug) => slug in DEMO_API_KEYS)) return null;
  return {
    password: DEMO_PASSWORD,
    accounts: DEMO_STAFF.map((s) => ({ email: s.email, role: s.role })),
    apiKeys: Object.entries(DEMO_API_KEYS).map(([slug, key]) => ({ slug, key })),
  };
}
