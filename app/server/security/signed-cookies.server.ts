/**
 * Signed-cookie parsing with a small memory of recent answers. Remix verifies a signed cookie
 * with WebCrypto on every parse (key import + HMAC, ~0.1 ms); the same browser sends the same
 * Cookie header on every request, and the answer depends only on that header and the secret.
 * Scoped per runtime config (tests start portals with other secrets), bounded, least recently
 * used evicted first.
 */
import type { Cookie } from "@remix-run/node";

const MAX_ENTRIES = 2000;
const caches = new WeakMap<object, Map<string, unknown>>();

export async function parseSignedCookie(cookie: Cookie, header: string | null, scope: object): Promise<unknown> {
  if (!header) return cookie.parse(header);
  let cache = caches.get(scope);
  if (!cache) {
    cache = new Map();
    caches.set(scope, cache);
  }
  const key = `${cookie.name}\u0000${header}`;
  if (cache.has(key)) {
    const value = cache.get(key);
    cache.delete(key);
    cache.set(key, value);
    return Array.isArray(value) ? [...value] : value;
  }
  const value = (await cookie.parse(header)) as unknown;
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, Array.isArray(value) ? [...value] : value);
  return value;
}
