/**
 * The reference connector as a newcomer runs it: the production portal with its demo data and
 * `npm run connector` as a separate process that reaches the portal only through the public API.
 * A resident files access and deletion in Chromium with a face cut from one of face-api's sample
 * photos; the connector answers the access request with that face's copies (and nobody else's),
 * then the deletion with a certificate whose search found the face before and not after; a later
 * crawl brings a new copy of the face, the block holds, and the resident sees it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDescriptorCache, type DescriptorCache } from "~/connector/connector-store";
import { MATCH_THRESHOLD } from "~/connector/face-search";
import {
  CRAWL_VARIANTS,
  cropSampleFace,
  describeCentralFace,
  findSampleFaces,
  makeCopy,
  type SampleFace,
} from "~/connector/gallery";
import {
  axeViolations,
  freePort,
  launchBrowser,
  signInStaff,
  startServer,
  waitForMail,
  type RunningServer,
} from "./harness";

const ROOT = path.resolve(__dirname, "../..");
/** The descriptor cache the connector tests share, so no run describes the gallery twice. */
const SHARED_CACHE = path.join(os.tmpdir(), "connector-descriptor-cache.json");
/** Screenshots to look at, when set. */
const SHOTS_DIR = process.env.SHOTS_DIR;

let server: RunningServer;
let connector: ChildProcess;
let connectorLog = "";
let connectorDir = "";
let browser: BrowserContext;
let page: Page;
let face: Buffer;
let subject: SampleFace;
let galleryFaces = new Map<string, string>();
const email = "rosalie.amyot@example.com";
const refs = { access: "", deletion: "" };

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not seen in ${ms / 1000} s\nconnector log:\n${connectorLog}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const distance = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]!) ** 2, 0));

/**
 * The resident's face: one the connector's first crawl round will bring back (round 1 takes the
 * first three sample faces, in its first crawl variant), whose crop the detector describes.
 */
async function chooseSubject(cache: DescriptorCache): Promise<{ subject: SampleFace; face: Buffer }> {
  const faces = await findSampleFaces(cache);
  for (const candidate of faces.slice(0, 3)) {
    const crop = await cropSampleFace(candidate);
    const mine = await describeCentralFace(crop, cache);
    const copy = await describeCentralFace(await makeCopy(candidate, CRAWL_VARIANTS[0]!), cache);
    if (mine && copy && distance(mine, copy) < MATCH_THRESHOLD * 0.8) return { subject: candidate, face: crop };
  }
  throw new Error("none of the first crawl round's faces is described in both its crop and its crawl copy");
}

beforeAll(async () => {
  const cache = openDescriptorCache(SHARED_CACHE);
  ({ subject, face } = await chooseSubject(cache));
  server = await startServer();
  const entry = server.logins.find((l) => l.role === "connector");
  if (!entry?.apiKey) throw new Error("the demo seed wrote no connector key");
  connectorDir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-e2e-"));
  if (fs.existsSync(SHARED_CACHE)) fs.copyFileSync(SHARED_CACHE, path.join(connectorDir, "descriptor-cache.json"));
  connector = spawn(process.execPath, ["--import", "tsx", "app/connector/connector.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORTAL_URL: server.url,
      CONNECTOR_API_KEY: entry.apiKey,
      CONNECTOR_PORT: String(await freePort()),
      CONNECTOR_DATA: connectorDir,
      CONNECTOR_POLL_MS: "1000",
      // Crawls only when the test asks (SIGUSR2).
      CONNECTOR_CRAWL_MS: String(3_600_000),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  connector.stdout!.on("data", (b: Buffer) => (connectorLog += b.toString()));
  connector.stderr!.on("data", (b: Buffer) => (connectorLog += b.toString()));
  await waitFor(
    "the connector listening",
    async () => {
      if (connector.exitCode !== null) throw new Error(`the connector exited:\n${connectorLog}`);
      return connectorLog.includes("webhooks on http://");
    },
    600_000,
  );
  // The gallery as built, before any request changes it: which face each address shows.
  const state = JSON.parse(fs.readFileSync(path.join(connectorDir, "connector.json"), "utf8")) as {
    images: { sourceUrl: string; faceKey: string }[];
  };
  galleryFaces = new Map(state.images.map((i) => [i.sourceUrl, i.faceKey]));
  browser = await launchBrowser();
  page = await browser.newPage();
}, 900_000);

afterAll(async () => {
  // What the connector did, as its operator reads it.
  console.log(connectorLog);
  await browser?.close();
  if (connector && connector.exitCode === null) {
    connector.kill("SIGTERM");
    await new Promise((resolve) => connector.once("exit", resolve));
  }
  await server?.stop();
  if (connectorDir) fs.rmSync(connectorDir, { recursive: true, force: true });
});

async function statusText(reference: string): Promise<string> {
  await page.goto(`${server.url}/r/${reference}?lng=en`);
  return (await page.locator("main").textContent()) ?? "";
}

describe("the reference connector answering a resident", () => {
  it("files access and deletion in Chromium with a sample face and confirms the address", async () => {
    const vendor = server.logins.find((l) => l.role === "connector")!.vendor!;
    await page.goto(`${server.url}/requests/new?lng=en`);
    await page.locator(`input[name="vendor"][value="${vendor}"]`).check();
    await page.getByLabel("Where do you live?").selectOption("CA-QC");
    await page.getByLabel(/^Access/).check();
    await page.getByLabel(/^Deletion/).check();
    await page.getByLabel("Full name").fill("Rosalie Amyot");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Continue to review" }).click();
    await page.getByRole("heading", { name: "Review your request" }).waitFor();
    await page.locator("#field-photo").setInputFiles({ name: "me.jpg", mimeType: "image/jpeg", buffer: face });
    await page.getByLabel(/I have read how my information and photo are used/).check();
    await page.getByRole("button", { name: "Send my request" }).click();
    await page.getByRole("heading", { name: "Your request has been filed" }).waitFor();

    const verify = await waitForMail(server.smtp, (m) => m.to.includes(email) && /\/verify\//.test(m.text));
    await page.goto(/https?:\/\/[^\s]+\/verify\/[A-Za-z0-9_-]+/.exec(verify.text)![0]);
    await page.getByRole("button", { name: "Confirm and send my request" }).click();
    await page.getByRole("heading", { name: "Your request has been sent" }).waitFor();
    const listed = [...((await page.locator("main").textContent()) ?? "").matchAll(/BR-\d{4}-\d{6}/g)].map((m) => m[0]);
    expect(new Set(listed).size).toBe(2);
    [refs.access, refs.deletion] = [...new Set(listed)].sort() as [string, string];
  });

  it("gets the access answer with the copies of that face, and nobody else's", async () => {
    await waitFor("the access answer", async () =>
      (await statusText(refs.access)).includes("Fulfilled") ? true : null,
    );
    const thumbnails = page.locator('img[src^="data:image/jpeg"]');
    expect(await thumbnails.count()).toBeGreaterThanOrEqual(1);
    const pkg = (await (await page.request.get(`${server.url}/r/${refs.access}/package.json`)).json()) as {
      payload: { images: { sourceUrl: string }[] };
    };
    const urls = pkg.payload.images.map((i) => i.sourceUrl);
    expect(urls.length).toBeGreaterThanOrEqual(1);
    // Each listed address is one of the gallery's copies of this face.
    for (const url of urls) expect(galleryFaces.get(url)).toBe(subject.faceKey);
    expect([...galleryFaces.values()].some((key) => key !== subject.faceKey)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("gets the deletion certificate: the face found before, not after, and its collection blocked", async () => {
    const text = await waitFor("the deletion certificate", async () => {
      const t = await statusText(refs.deletion);
      return t.includes("Fulfilled") ? t : null;
    });
    const verification = page.getByTestId("deletion-verification");
    const cells = (await verification.locator("dd").allTextContents()).map((s) => s.trim());
    expect(Number(cells[0])).toBeGreaterThanOrEqual(1);
    expect(cells[1]).toBe("0");
    expect(cells[2]).toBe(String(MATCH_THRESHOLD));
    expect(text).toContain("Future collection blocked");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("sees a later crawl's new copy of the face kept out", async () => {
    connector.kill("SIGUSR2");
    await waitFor("the blocked copy on the status page", async () =>
      (await statusText(refs.deletion)).includes("its block held") ? true : null,
    );
    expect(await statusText(refs.deletion)).toContain("1 new copy was not collected");
    expect(connectorLog).toMatch(/crawl: \d+ new image\(s\), 1 blocked by suppression/);
    expect(connectorLog).toContain(`${refs.deletion}: reported 1 blocked copy`);
    expect(await axeViolations(page)).toEqual([]);
    // The printable case file carries the certificate's search evidence and the blocked copy.
    await page.goto(`${server.url}/r/${refs.deletion}/case-file?lng=en`);
    await page.getByTestId("deletion-verification").waitFor();
    expect(await page.locator("main").textContent()).toContain("1 new copy was not collected");
    expect(await axeViolations(page)).toEqual([]);
    if (SHOTS_DIR) {
      fs.mkdirSync(SHOTS_DIR, { recursive: true });
      for (const lng of ["en", "fr"])
        for (const width of [375, 768, 1366])
          for (const [name, p] of [
            ["status-deletion", `/r/${refs.deletion}`],
            ["status-access", `/r/${refs.access}`],
            ["case-file-deletion", `/r/${refs.deletion}/case-file`],
          ] as const) {
            await page.setViewportSize({ width, height: 900 });
            await page.goto(`${server.url}${p}?lng=${lng}`);
            await page.screenshot({ path: path.join(SHOTS_DIR, `${name}-${lng}-${width}.png`), fullPage: true });
          }
    }
  });

  it("shows the Québec regulator the certificate's evidence and the copy kept out, in both languages", async () => {
    const regulatorBrowser = await launchBrowser();
    const regulatorPage = await regulatorBrowser.newPage();
    try {
      await signInStaff(regulatorPage, server, "cai@regulator.example");
      for (const lng of ["en", "fr"] as const) {
        await regulatorPage.goto(`${server.url}/regulator?lng=${lng}`);
        const row = regulatorPage
          .locator("section[aria-labelledby=evidence-title] table tbody tr")
          .filter({ has: regulatorPage.locator("th") });
        const cells = await row.evaluateAll((rows) =>
          rows.map((r) => [...r.querySelectorAll("th, td")].map((c) => (c.textContent ?? "").trim())),
        );
        // Company, with evidence, without, copies kept out: the connector's certificate and its one blocked copy.
        const connectorRow = cells.find((c) => c[3] === "1");
        expect(connectorRow, JSON.stringify(cells)).toBeDefined();
        expect(Number(connectorRow![1])).toBeGreaterThanOrEqual(1);
        expect(await axeViolations(regulatorPage)).toEqual([]);
        if (SHOTS_DIR)
          for (const width of [375, 768, 1366]) {
            await regulatorPage.setViewportSize({ width, height: 900 });
            await regulatorPage.screenshot({
              path: path.join(SHOTS_DIR, `regulator-evidence-${lng}-${width}.png`),
              fullPage: true,
            });
          }
      }
      // The case itself: the history line with the number of copies, and nothing of the resident's text.
      await regulatorPage.goto(`${server.url}/regulator/cases/${refs.deletion}?lng=en`);
      const caseText = (await regulatorPage.locator("main").textContent()) ?? "";
      expect(caseText).toContain("1 new copy was not collected");
      expect(await axeViolations(regulatorPage)).toEqual([]);
    } finally {
      await regulatorBrowser.close();
    }
  });
});
