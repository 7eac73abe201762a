/**
 * The minute cache of costly read models: a value is reused within its UTC minute only while no
 * request event, package or company was added, so a state change shows on the next read.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMinuteCache, readChangeVersion } from "../../app/server/core/change-version.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { forVendor } from "../../app/server/vendor/vendor-access.server";
import { createTestPortal, insertUser, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
let seq = 0;

function fileAndConfirm(): void {
  seq += 1;
  const email = `resident${seq}@example.com`;
  fileRequest(
    {
      jurisdiction: "CA-QC",
      vendor: ["facette"],
      type: ["access"],
      fullName: "Inès Haddad",
      email,
      idempotencyKey: `minute-cache-key-${String(seq).padStart(4, "0")}`,
    },
    { locale: "en", now: portal.now() },
  );
  confirmEmail(verifyPathFor(portal.handle, email).replace(/^\/verify\//, ""), { now: portal.now() });
}

beforeEach(() => {
  portal = createTestPortal({ now: "2026-02-10T15:00:00Z" });
  insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
});
afterEach(() => portal.close());

describe("the minute cache", () => {
  it("reuses a value within the minute, reads again in the next one, after a change, and per key", () => {
    const cache = createMinuteCache<number>(10);
    let reads = 0;
    const read = (key: string, at: string) => cache(portal.handle.sqlite, key, new Date(at), () => ++reads);
    expect(read("a", "2026-02-10T15:00:01Z")).toBe(1);
    expect(read("a", "2026-02-10T15:00:59Z")).toBe(1);
    expect(read("b", "2026-02-10T15:00:59Z")).toBe(2);
    expect(read("a", "2026-02-10T15:01:00Z")).toBe(3);
    const before = readChangeVersion(portal.handle.sqlite);
    fileAndConfirm();
    expect(readChangeVersion(portal.handle.sqlite)).not.toBe(before);
    expect(read("a", "2026-02-10T15:01:10Z")).toBe(4);
  });

  it("forgets the least recently used key beyond its size", () => {
    const cache = createMinuteCache<number>(2);
    let reads = 0;
    const read = (key: string) => cache(portal.handle.sqlite, key, portal.now(), () => ++reads);
    read("a");
    read("b");
    read("a");
    read("c"); // evicts b
    expect(read("a")).toBe(1);
    expect(read("b")).toBe(4);
  });
});

describe("the counts at the top of a company's queue", () => {
  it("show a new request at once, within the same minute", async () => {
    const vendorId = (
      portal.handle.sqlite.prepare("SELECT id FROM vendors WHERE slug = 'facette'").get() as { id: number }
    ).id;
    const agentId = await insertUser(portal.handle, {
      email: "agent@facette.example",
      password: "x-x-x-x-x",
      role: "vendor_agent",
      vendorId,
    });
    const agent = {
      id: agentId,
      email: "agent@facette.example",
      name: "Agent",
      role: "vendor_agent" as const,
      vendorId,
      organisation: null,
      jurisdictions: [],
      locale: "en",
    };
    fileAndConfirm();
    const first = forVendor(agent).summarizeQueue(new Date("2026-02-10T15:00:10Z"));
    fileAndConfirm();
    const second = forVendor(agent).summarizeQueue(new Date("2026-02-10T15:00:20Z"));
    expect(second.received).toBe(first.received + 1);
  });
});
