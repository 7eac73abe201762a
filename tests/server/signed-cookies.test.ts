import { createCookie } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { parseSignedCookie } from "../../app/server/security/signed-cookies.server";

describe("signed cookies with remembered answers", () => {
  it("give the same answers as a fresh parse: valid, tampered, other secret, absent", async () => {
    const a = createCookie("s", { secrets: ["secret-a-secret-a-secret-a-secret-a"] });
    const b = createCookie("s", { secrets: ["secret-b-secret-b-secret-b-secret-b"] });
    const scopeA = {};
    const scopeB = {};
    const header = (await a.serialize("token-0123456789abcdef0123456789abcdef")).split(";")[0]!;
    for (let i = 0; i < 2; i++)
      expect(await parseSignedCookie(a, header, scopeA)).toBe("token-0123456789abcdef0123456789abcdef");
    // The same header under another secret is verified again, not taken from A's memory.
    expect(await parseSignedCookie(b, header, scopeB)).toBe(await b.parse(header));
    expect(await b.parse(header)).toBeNull();
    const tampered = header.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect(await parseSignedCookie(a, tampered, scopeA)).toBe(await a.parse(tampered));
    expect(await parseSignedCookie(a, null, scopeA)).toBeNull();
  });

  it("hand out copies of arrays, so a caller cannot change what the next request sees", async () => {
    const c = createCookie("links", { secrets: ["secret-c-secret-c-secret-c-secret-c"] });
    const scope = {};
    const header = (await c.serialize(["a", "b"])).split(";")[0]!;
    const first = (await parseSignedCookie(c, header, scope)) as string[];
    first.push("x");
    expect(await parseSignedCookie(c, header, scope)).toEqual(["a", "b"]);
  });
});
