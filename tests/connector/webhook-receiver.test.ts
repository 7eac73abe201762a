// The connector believes a webhook only with the portal's signature, fresh, over the exact body.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyPortalSignature } from "~/connector/webhook-receiver";

const SECRET = "whsec_test-secret";
const BODY = JSON.stringify({
  id: "evt_aaaaaaaaaaaaaaaaaaaaaa",
  type: "request.created",
  data: { reference: "BR-2026-000001" },
});
const NOW = 1_796_000_000;

function sign(secret: string, t: number, body: string): string {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

describe("verifyPortalSignature", () => {
  it("accepts the portal's signature of the body", () => {
    expect(verifyPortalSignature(SECRET, sign(SECRET, NOW, BODY), BODY, NOW)).toBe(true);
  });
  it("refuses another secret, a changed body, a missing or malformed header", () => {
    expect(verifyPortalSignature(SECRET, sign("whsec_other", NOW, BODY), BODY, NOW)).toBe(false);
    expect(verifyPortalSignature(SECRET, sign(SECRET, NOW, BODY), BODY.replace("000001", "000002"), NOW)).toBe(false);
    expect(verifyPortalSignature(SECRET, undefined, BODY, NOW)).toBe(false);
    expect(verifyPortalSignature(SECRET, "t=abc,v1=zz", BODY, NOW)).toBe(false);
    expect(verifyPortalSignature(SECRET, `t=${NOW},v1=${"0".repeat(63)}`, BODY, NOW)).toBe(false);
  });
  it("refuses a replay older than five minutes", () => {
    expect(verifyPortalSignature(SECRET, sign(SECRET, NOW - 301, BODY), BODY, NOW)).toBe(false);
    expect(verifyPortalSignature(SECRET, sign(SECRET, NOW - 299, BODY), BODY, NOW)).toBe(true);
  });
});
