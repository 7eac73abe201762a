/**
 * CSRF defence by Fetch Metadata with an Origin fallback (OWASP CSRF cheat sheet): a state-
 * changing request that a browser marks cross-site, or whose Origin is not this portal, is
 * refused before any action runs. Cookies are SameSite=Lax as a second layer.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function checkOrigin(input: {
  method: string;
  secFetchSite: string | null;
  origin: string | null;
  host: string | null;
  publicUrl: string;
  path: string;
}): { ok: true } | { ok: false; reason: string } {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { ok: true };
  if (input.secFetchSite === "cross-site" || input.secFetchSite === "same-site")
    return { ok: false, reason: `sec-fetch-site ${input.secFetchSite}` };
  // With Referrer-Policy: no-referrer, browsers send `Origin: null` on form posts; Fetch
  // Metadata then decides: only a same-origin (or user-initiated) request passes.
  if (input.origin === "null") {
    return input.secFetchSite === "same-origin" ? { ok: true } : { ok: false, reason: "opaque origin" };
  }
  if (input.origin) {
    const allowed = new Set<string>([new URL(input.publicUrl).origin]);
    if (input.host) {
      allowed.add(`http://${input.host}`);
      allowed.add(`https://${input.host}`);
    }
    if (!allowed.has(input.origin)) return { ok: false, reason: "origin mismatch" };
  }
  return { ok: true };
}
