import { createHash, randomBytes } from "node:crypto";

/**
 * API keys look like `mt_<8 hex>_<secret>`. The part before the second underscore is the prefix: stored in
 * clear to find the row and show in the UI. Only the SHA-256 of the whole key is stored (keys are long
 * random strings, so a fast hash is enough; passwords use scrypt).
 */
const KEY_FORMAT = /^(mt_[0-9a-z]{8})_[A-Za-z0-9_-]{16,}$/;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function apiKeyPrefix(key: string): string | null {
  return KEY_FORMAT.exec(key)?.[1] ?? null;
}

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = `mt_${randomBytes(4).toString("hex")}`;
  const key = `${prefix}_${randomBytes(24).toString("base64url")}`;
  return { key, prefix, hash: hashApiKey(key) };
}
