/**
 * The demo's sign-ins and API keys are published in the README, so anyone can use them: a production process must
 * refuse them wherever they are presented, also when a shared database was seeded in development. They are
 * recognised by form — every demo API key starts `mt_demo`, every demo account is `@maitre.demo` — so the check
 * needs no list and no import of the demo (server/demo builds its credentials to match).
 */
export const DEMO_API_KEY_PREFIX = "mt_demo";
export const DEMO_EMAIL_DOMAIN = "maitre.demo";

export function isDemoCredential({ email, apiKey }: { email?: string; apiKey?: string }): boolean {
  const demoEmail = email?.trim().toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`) ?? false;
  return demoEmail || (apiKey?.startsWith(DEMO_API_KEY_PREFIX) ?? false);
}
