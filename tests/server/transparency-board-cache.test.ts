/**
 * The board's build runs once per quarter hour and process, in steps that give the event loop
 * back, and the previous quarter's board is served while the next one is built: at 1,000,000
 * requests the build takes seconds, and no other request may wait for it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getPublicBoard, STALE_BOARD_LIMIT_MS } from "../../app/server/transparency/board-cache.server";
import { buildPublicBoard, buildPublicBoardInSteps } from "../../app/server/transparency/board.server";
import { createTestPortal, insertVendor, type TestPortal } from "../helpers/test-portal";

const NOW = "2026-04-15T12:07:00Z";
const QUARTER = 15 * 60_000;
let portal: TestPortal;

function insertRequests(vendor: number, n: number, receivedAt: number): void {
  const sqlite = portal.handle.sqlite;
  for (let i = 0; i < n; i++) {
    const key = `${vendor}-${receivedAt}-${i}`;
    const filing = Number(
      sqlite
        .prepare(
          "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, 'A', 'a@example.org', 'en', 'CA-QC', ?)",
        )
        .run(`cache-${key}-0123456789`, receivedAt).lastInsertRowid,
    );
    sqlite
      .prepare(
        `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, received_at, due_at, respond_by, created_at, updated_at)
         VALUES (?, ?, ?, 'access', 'CA-QC', 'received', ?, ?, '2026-01-01', ?, ?)`,
      )
      .run(`BR-C-${key}`, filing, vendor, receivedAt, receivedAt + 30 * 86_400_000, receivedAt, receivedAt);
  }
}

const receivedOf = (board: Awaited<ReturnType<typeof getPublicBoard>>) =>
  board.companies.map((c) => c.periods.find((p) => p.period === "12m")!.all.received);

beforeEach(() => {
  portal = createTestPortal({ now: NOW });
});
afterEach(() => portal.close());

describe("the board's build", () => {
  it("gives the event loop back while it runs, and builds the same board as the synchronous build", async () => {
    for (let v = 0; v < 3; v++)
      insertRequests(insertVendor(portal.handle, { name: `Company ${v}` }).id, 12, Date.parse("2026-02-10T10:00:00Z"));
    let turnsDuringBuild = 0;
    let done = false;
    const count = () => {
      if (done) return;
      turnsDuringBuild += 1;
      setImmediate(count);
    };
    setImmediate(count);
    const stepped = await buildPublicBoardInSteps(new Date(NOW));
    done = true;
    // One turn per dashboard read at least (4 periods × 6 slices) and one per company.
    expect(turnsDuringBuild).toBeGreaterThan(20);
    expect(stepped).toEqual(buildPublicBoard(new Date(NOW)));
  });
});

describe("the board of a quarter hour", () => {
  it("is built once per quarter hour, and the previous one is served while the next is built", async () => {
    const vendor = insertVendor(portal.handle, { name: "Acme Faces" }).id;
    insertRequests(vendor, 12, Date.parse("2026-02-10T10:00:00Z"));
    const first = await getPublicBoard(new Date(NOW));
    expect(first.asOf).toBe("2026-04-15T12:00:00.000Z");
    expect(receivedOf(first)).toEqual([12]);
    // Same quarter hour: the same object, whatever was written since.
    insertRequests(vendor, 3, Date.parse("2026-03-03T10:00:00Z"));
    expect(await getPublicBoard(new Date("2026-04-15T12:14:59Z"))).toBe(first);

    // Next quarter hour: the previous board at once, the new one as soon as it is built.
    const next = new Date("2026-04-15T12:15:00Z");
    expect(await getPublicBoard(next)).toBe(first);
    let fresh = await getPublicBoard(next);
    for (let i = 0; i < 1000 && fresh === first; i++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      fresh = await getPublicBoard(next);
    }
    expect(fresh.asOf).toBe("2026-04-15T12:15:00.000Z");
    expect(receivedOf(fresh)).toEqual([15]);
    // Requests of that quarter hour share the one build.
    expect(await getPublicBoard(new Date("2026-04-15T12:29:00Z"))).toBe(fresh);
  });

  it("is waited for when the newest board is older than the stale limit", async () => {
    const vendor = insertVendor(portal.handle, { name: "Acme Faces" }).id;
    insertRequests(vendor, 12, Date.parse("2026-02-10T10:00:00Z"));
    const first = await getPublicBoard(new Date(NOW));
    insertRequests(vendor, 3, Date.parse("2026-03-03T10:00:00Z"));
    const later = new Date(Date.parse(first.asOf) + STALE_BOARD_LIMIT_MS + QUARTER);
    const board = await getPublicBoard(later);
    expect(board.asOf).toBe(later.toISOString());
    expect(receivedOf(board)).toEqual([15]);
  });

  it("is built again, not served from before, when the clock goes back", async () => {
    const vendor = insertVendor(portal.handle, { name: "Acme Faces" }).id;
    insertRequests(vendor, 12, Date.parse("2026-02-10T10:00:00Z"));
    await getPublicBoard(new Date(NOW));
    const earlier = await getPublicBoard(new Date("2026-04-15T11:50:00Z"));
    expect(earlier.asOf).toBe("2026-04-15T11:45:00.000Z");
    // Built once: until the clock catches up, that quarter hour's board is served, not built again.
    expect(await getPublicBoard(new Date("2026-04-15T11:55:00Z"))).toBe(earlier);
    expect((await getPublicBoard(new Date(NOW))).asOf).toBe("2026-04-15T12:00:00.000Z");
  });

  it("starts a new build after one fails, instead of serving the failure forever", async () => {
    insertVendor(portal.handle, { name: "Acme Faces" }).id;
    const sqlite = portal.handle.sqlite;
    sqlite.exec("ALTER TABLE vendors RENAME TO vendors_away");
    await expect(getPublicBoard(new Date(NOW))).rejects.toThrow();
    sqlite.exec("ALTER TABLE vendors_away RENAME TO vendors");
    const board = await getPublicBoard(new Date(NOW));
    expect(board.companies.map((c) => c.name)).toEqual(["Acme Faces"]);
  });
});
