/** Types of security-headers.mjs (plain JavaScript so next.config.mjs can import it without a compiler). */
export type TSecurityHeaderOptions = {
  /** `next dev`: React refresh and the error overlay evaluate strings ('unsafe-eval'). */
  devServer: boolean;
  /** NODE_ENV=production: adds Strict-Transport-Security. */
  production: boolean;
  /** NEXT_PUBLIC_SUPABASE_URL, when the Supabase mode is on. */
  supabaseUrl?: string;
};

export function contentSecurityPolicy(options: TSecurityHeaderOptions): string;

export function securityHeaders(options: TSecurityHeaderOptions): { key: string; value: string }[];
