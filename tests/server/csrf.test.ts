import { describe, expect, it } from "vitest";
import { checkOrigin } from "../../app/server/security/csrf.server";

const base = {
  method: "POST",
  secFetchSite: "same-origin",
  origin: "http://localhost:3000",
  host: "localhost:3000",
  publicUrl: "http://localhost:3000",
  path: "/requests/new",
};

describe("CSRF origin check", () => {
  it("lets same-origin posts and safe methods through", () => {
    expect(checkOrigin(base).ok).toBe(true);
    expect(checkOrigin({ ...base, method: "GET", secFetchSite: "cross-site", origin: "https://evil.example" }).ok).toBe(
      true,
    );
    // Referrer-Policy: no-referrer makes browsers send Origin: null on same-origin form posts.
    expect(checkOrigin({ ...base, origin: "null" }).ok).toBe(true);
    // Non-browser clients (curl, tests) send neither header.
    expect(checkOrigin({ ...base, origin: null, secFetchSite: null }).ok).toBe(true);
  });

  it.each([
    [{ secFetchSite: "cross-site" }],
    [{ secFetchSite: "same-site" }],
    [{ secFetchSite: null, origin: "https://evil.example" }],
    [{ origin: "https://evil.example" }],
    [{ origin: "null", secFetchSite: "cross-site" }],
    [{ origin: "null", secFetchSite: null }],
  ])("refuses a cross-site post: %j", (over) => {
    expect(checkOrigin({ ...base, ...over }).ok).toBe(false);
  });
});
