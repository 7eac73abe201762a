/**
 * Hostile input, rendered (FUZZ-02): the in-process sweep (tests/routes/naughty-strings)
 * proves every Big List of Naughty Strings value is stored and read back byte-identical; this
 * file proves that the script-like ones never run when the pages that show them are rendered in
 * real Chromium. Two layers are checked separately: no dialog opens and no page-set marker
 * appears (escaping works), and no Content-Security-Policy violation is reported (no markup was
 * injected that the CSP then had to block — a blocked injection is still an escaping bug).
 */
import crypto from "node:crypto";
import { createRequire } from "node:module";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signInStaff, startServer, type RunningServer, openServerDatabase } from "./harness";

const blns = createRequire(import.meta.url)("big-list-of-naughty-strings") as string[];
/** The sample: every BLNS entry that looks like markup, a script URL, an event handler or a template. */
const SCRIPTY = /<|javascript:|vbscript:|on[a-z]+\s*=|alert\(|\{\{|\$\{|expression\(/i;
const extra = [
  '<img src=x onerror="window.__pwned=1">',
  "</textarea><script>window.__pwned=2</script>",
  '"><svg/onload=window.__pwned=3>',
  "javascript:window.__pwned=4",
];
const sample = [...blns.filter((s) => SCRIPTY.test(s)), ...extra];

let server: RunningServer;
let browser: BrowserContext;
const fired: string[] = [];

/** Records anything that would show a script ran or an injection was attempted. */
async function watch(page: Page): Promise<void> {
  page.on("dialog", (d) => {
    fired.push(`dialog:${d.type()}:${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __fired: string[] };
    w.__fired = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.__fired.push(`csp:${e.violatedDirective}:${e.blockedURI}`),
    );
  });
}

async function collect(page: Page, where: string): Promise<void> {
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __fired?: string[]; __pwned?: number };
    return [...(w.__fired ?? []), ...(w.__pwned ? [`marker:${w.__pwned}`] : [])];
  });
  for (const s of seen) fired.push(`${where}: ${s}`);
}

/** HTML parsing turns CR LF into LF and NUL into U+FFFD; text is compared after the same normalisation. */
const asRendered = (s: string) => s.replace(/\r\n?/g, "\n").replace(/\0/g, "\uFFFD");
const squash = (s: string) => s.replace(/\s+/g, " ").trim();

let reference = "";
let statusToken = "";

beforeAll(async () => {
  server = await startServer();
  // The values are put straight into the server's database (WAL allows a second connection):
  // storing them through the forms is the in-process sweep's job; here only rendering is tested.
  const db = openServerDatabase(server.dir);
  const row = db
    .prepare(
      `SELECT r.id, r.reference, r.filing_id FROM requests r JOIN vendors v ON v.id = r.vendor_id
       WHERE v.slug = 'facette' AND r.status NOT IN ('pending_verification', 'queued') ORDER BY r.id LIMIT 1`,
    )
    .get() as { id: number; reference: string; filing_id: number };
  reference = row.reference;
  const t = Date.now();
  const insert = db.prepare(
    "INSERT INTO messages (request_id, author, author_user_id, body, created_at) VALUES (?, ?, NULL, ?, ?)",
  );
  db.transaction(() => {
    sample.forEach((s, i) => insert.run(row.id, i % 2 === 0 ? "resident" : "staff", s, t + i));
    db.prepare("UPDATE filings SET full_name = ? WHERE id = ?").run(
      '<img src=x onerror="window.__pwned=5"> Zoë',
      row.filing_id,
    );
    statusToken = crypto.randomBytes(32).toString("base64url");
    db.prepare("INSERT INTO status_links (token_hash, request_id, created_at) VALUES (?, ?, ?)").run(
      crypto.createHash("sha256").update(statusToken).digest("hex"),
      row.id,
      t,
    );
  })();
  db.close();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// Engine-independent (the HTTP layer, rendering and accessibility): run once, in the SQLite pass;
// the PostgreSQL pass repeats the journeys that read and write the database.
describe.skipIf(Boolean(process.env.E2E_DATABASE_URL))("naughty strings in Chromium", () => {
  it(`a sample of ${sample.length} script-like strings renders as text on the resident status page`, async () => {
    expect(sample.length).toBeGreaterThan(50);
    const page = await browser.newPage();
    await watch(page);
    await page.goto(`${server.url}/r/${statusToken}?lng=en`);
    await page.waitForURL(new RegExp(`/r/${reference}`));
    await collect(page, "status page");
    const text = squash((await page.locator("main").textContent()) ?? "");
    const missing = sample.filter((s) => !text.includes(squash(asRendered(s))));
    expect(missing).toEqual([]);
    await page.close();
  });

  it("the same values render as text on the vendor's request page", async () => {
    const page = await browser.newPage();
    await watch(page);
    await signInStaff(page, server, "agent@facette.example");
    await page.goto(`${server.url}/vendor/requests/${reference}`);
    await collect(page, "vendor request page");
    const text = squash((await page.locator("main").textContent()) ?? "");
    expect(text).toContain('<img src=x onerror="window.__pwned=5"> Zoë');
    const missing = sample.filter((s) => !text.includes(squash(asRendered(s))));
    expect(missing).toEqual([]);
    await page.close();
  });

  it("typed into the filing form, every sampled value comes back escaped on the review step", async () => {
    const page = await browser.newPage();
    await watch(page);
    let shown = 0;
    for (const s of sample.slice(0, 40)) {
      await page.goto(`${server.url}/requests/new?lng=en`);
      await page.locator("#vendor-facette").check();
      await page.locator("#field-jurisdiction").selectOption("CA-QC");
      await page.locator("#type-access").check();
      await page.locator("#field-fullName").fill(s);
      await page.locator("#field-email").fill("naughty@example.com");
      await page.locator("#field-urls").fill(s);
      await page.locator("#field-fullName").press("Enter");
      await page.waitForLoadState("load");
      await collect(page, `review of ${JSON.stringify(s)}`);
      // Accepted: the review shows it; refused: the form comes back with it typed in.
      const main = (await page.locator("main").textContent()) ?? "";
      const kept = await page
        .locator("#field-fullName")
        .inputValue()
        .catch(() => null);
      if (squash(main).includes(squash(asRendered(s.trim()))) || kept === s) shown++;
    }
    expect(shown).toBe(40);
    await page.close();
  });

  it("nothing ran and nothing was blocked by the CSP on any of those pages", () => {
    expect(fired).toEqual([]);
  });
});
