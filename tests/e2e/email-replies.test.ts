/**
 * An email-only company answers by email, end to end against the production build: the
 * resident files against Lumen Index (email-only in the seed) in a real browser; the letter
 * reaches a real SMTP server with the request's reply address in Reply-To; nodemailer sends a
 * DKIM-signed reply with an attachment to the portal's inbound listener, the key published
 * through INBOUND_DNS_FILE (no network); the reply appears on the status page, the resident
 * reads it as the answer, and the regulator's on-time figure counts it; a forged token is
 * refused at RCPT TO; a bounce of the next letter marks it undeliverable. Runs on PostgreSQL
 * too (E2E_DATABASE_URL).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axeViolations,
  launchBrowser,
  openServerDatabase,
  startServer,
  totpCodeFor,
  waitForMail,
  type RunningServer,
} from "./harness";

const keys = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const dkimPrivate = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const dkimPublic = (keys.publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64");

let server: RunningServer;
let browser: BrowserContext;
let page: Page;
let inboundPort = 0;
let dnsDir = "";
const violations: string[] = [];
let accessRef = "";
let deletionRef = "";
let statusUrl = "";
let replyTo = "";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function sender(dkim = true) {
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port: inboundPort,
    secure: false,
    ignoreTLS: true,
    name: "mx.lumen-index.example",
    ...(dkim ? { dkim: { domainName: "lumen-index.example", keySelector: "s1", privateKey: dkimPrivate } } : {}),
  });
}

function onTimeForLumen(): { answered: number; onTime: number } {
  const db = openServerDatabase(server.dir);
  try {
    const row = db
      .prepare(
        "SELECT coalesce(sum(d.answered), 0) AS answered, coalesce(sum(d.on_time), 0) AS on_time FROM regulator_daily d JOIN vendors v ON v.id = d.vendor_id WHERE v.slug = 'lumen-index'",
      )
      .get() as { answered: number; on_time: number };
    return { answered: Number(row.answered), onTime: Number(row.on_time) };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dnsDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-dns-"));
  const dnsFile = path.join(dnsDir, "dns.json");
  fs.writeFileSync(
    dnsFile,
    JSON.stringify({
      "s1._domainkey.lumen-index.example": { TXT: [[`v=DKIM1; k=rsa; p=${dkimPublic}`]] },
      "lumen-index.example": { TXT: [["v=spf1 ip4:127.0.0.1 -all"]] },
      "_dmarc.lumen-index.example": { TXT: [["v=DMARC1; p=reject"]] },
    }),
  );
  inboundPort = await freePort();
  server = await startServer({
    INBOUND_SMTP_PORT: String(inboundPort),
    INBOUND_DOMAIN: "reply.portal.test",
    INBOUND_DNS_FILE: dnsFile,
  });
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dnsDir) fs.rmSync(dnsDir, { recursive: true, force: true });
});

describe("an email-only company answers by email", () => {
  it("the start-up banner names the inbound listener, and the seed's demo mail arrived through it", () => {
    expect(server.output()).toContain(`Inbound mail listener on smtp://127.0.0.1:${inboundPort}`);
    expect(server.output()).toContain("Inbound mail: 5 demo messages from Lumen Index received through the listener");
    const db = openServerDatabase(server.dir);
    try {
      const rows = db
        .prepare(
          "SELECT kind, disposition, count(*) AS n FROM inbound_mail GROUP BY kind, disposition ORDER BY kind, disposition",
        )
        .all() as { kind: string; disposition: string; n: number }[];
      expect(rows.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
        { kind: "bounce", disposition: "case", n: 1 },
        { kind: "reply", disposition: "case", n: 3 },
        { kind: "reply", disposition: "held", n: 1 },
      ]);
    } finally {
      db.close();
    }
  });

  it("resident files an access and a deletion request against Lumen Index and confirms", async () => {
    await page.goto(`${server.url}/requests/new?lng=en`);
    await page.getByLabel("Lumen Index").check();
    await page.getByLabel("Where do you live?").selectOption("CA-QC");
    await page.getByLabel(/^Access/).check();
    await page.getByLabel(/^Deletion/).check();
    await page.getByLabel("Full name").fill("Amélie Tremblay");
    await page.getByLabel("Email address").fill("amelie@example.com");
    await page.getByRole("button", { name: "Continue to review" }).click();
    await page.getByRole("heading", { name: "Review your request" }).waitFor();
    await page.getByLabel(/I have read how my information/).check();
    await page.getByRole("button", { name: "Send my request" }).click();
    await page.getByRole("heading", { name: "Your request has been filed" }).waitFor();
    const refs = (await page.locator("h2.mono").allTextContents()).map((r) => r.trim());
    expect(refs).toHaveLength(2);
    [accessRef, deletionRef] = refs as [string, string];
    const verifyMail = await waitForMail(
      server.smtp,
      (m) => m.to.includes("amelie@example.com") && /\/verify\//.test(m.text),
    );
    await page.goto(/https?:\/\/127\.0\.0\.1:\d+\/verify\/[A-Za-z0-9_-]+/.exec(verifyMail.text)![0]);
    await page.getByRole("button", { name: "Confirm and send my request" }).click();
    await page.getByRole("heading", { name: "Your request has been sent" }).waitFor();
  });

  it("the letter reaches a real SMTP server with the request's reply address in Reply-To and the text", async () => {
    const letter = await waitForMail(
      server.smtp,
      (m) => m.to.includes("dpo@lumen-index.example") && m.subject.includes(accessRef),
    );
    expect(letter.replyTo).toMatch(/^reply\+r[0-9a-z]+-[a-z2-7]{26}@reply\.portal\.test$/);
    expect(letter.envelopeFrom).toMatch(/^bounce\+r[0-9a-z]+-[a-z2-7]{26}@reply\.portal\.test$/);
    expect(letter.text).toContain(letter.replyTo!);
    replyTo = letter.replyTo!;
  });

  it("a reply to a forged token is refused at RCPT TO", async () => {
    const forged = replyTo.replace(/-([a-z2-7])/, (_m, c: string) => `-${c === "a" ? "b" : "a"}`);
    const t = sender();
    await expect(
      t.sendMail({ from: "dpo@lumen-index.example", to: forged, subject: "x", text: "x" }),
    ).rejects.toMatchObject({ responseCode: 550 });
    t.close();
  });

  it("a DKIM-signed reply with an attachment appears on the status page, with who sent it and what was verified", async () => {
    const t = sender();
    await t.sendMail({
      from: "Lumen privacy <dpo@lumen-index.example>",
      to: replyTo,
      subject: `Re: [${accessRef}] Access request`,
      text: "We hold two images of you; the export is attached.",
      html: '<p>We hold <b>two</b> images of you.</p><img src="https://tracker.example/p.gif"><script>alert(1)</script>',
      attachments: [
        {
          filename: "export.csv",
          content: "image_id,captured_on\n1,2025-01-02\n2,2025-03-04\n",
          contentType: "text/csv",
        },
      ],
    });
    t.close();
    const notice = await waitForMail(
      server.smtp,
      (m) =>
        m.to.includes("amelie@example.com") && m.subject.includes("replied by email") && m.subject.includes(accessRef),
    );
    statusUrl = /https?:\/\/127\.0\.0\.1:\d+\/r\/[A-Za-z0-9_-]+/.exec(notice.text)![0];
    await page.goto(statusUrl);
    await page.getByRole("heading", { name: "The company replied by email" }).waitFor();
    const main = (await page.locator("main").textContent())!;
    expect(main).toContain("We hold two images of you; the export is attached.");
    expect(main).toContain("signed by lumen-index.example — DKIM pass");
    expect(main).toContain("dpo@lumen-index.example");
    expect(main).toContain("export.csv");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "export.csv" }).click();
    const body = Buffer.concat(await (await (await download).createReadStream()).toArray()).toString("utf8");
    expect(body).toContain("image_id,captured_on");
    violations.push(...(await axeViolations(page)));
  });

  it("the resident reads it as the answer in one step; the request closes and the on-time figure counts it", async () => {
    const before = onTimeForLumen();
    await page.getByLabel("It answers my request").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator("dd strong", { hasText: "Fulfilled" }).waitFor();
    expect(await page.locator("main").textContent()).toContain("It answers my request");
    const after = onTimeForLumen();
    expect(after.answered).toBe(before.answered + 1);
    expect(after.onTime).toBe(before.onTime + 1);
    violations.push(...(await axeViolations(page)));
  });

  it("the regulator's case view shows the reply and the resident's reading", async () => {
    const reg =
      server.logins.find((l) => l.email.startsWith("cai@")) ?? server.logins.find((l) => l.role === "regulator")!;
    const p = await browser.newPage();
    await p.goto(`${server.url}/login?lng=en`);
    await p.getByLabel("Email address").fill(reg.email);
    await p.getByLabel("Password").fill(reg.password);
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.waitForURL((u) => u.pathname === "/login/two-factor");
    await p.getByLabel("Code", { exact: true }).fill(totpCodeFor(server, reg.email));
    await p.getByRole("button", { name: "Verify" }).click();
    await p.waitForURL((u) => !u.pathname.startsWith("/login"));
    await p.goto(`${server.url}/regulator/cases/${accessRef}`);
    const main = (await p.locator("main").textContent())!;
    expect(main).toContain("The company replied by email");
    expect(main).toContain("signed by lumen-index.example — DKIM pass");
    expect(main).toContain("It answers my request");
    violations.push(...(await axeViolations(p)));
    await p.close();
  });

  it("the deletion, released by the answer, gets its letter; its bounce marks the letter undeliverable and the resident is told", async () => {
    const letter = await waitForMail(
      server.smtp,
      (m) => m.to.includes("dpo@lumen-index.example") && m.subject.includes(deletionRef),
      30_000,
    );
    const boundary = "dsn-e2e";
    const raw = [
      "From: Mail Delivery System <MAILER-DAEMON@mx.lumen-index.example>",
      `To: ${letter.envelopeFrom}`,
      "Subject: Undelivered Mail Returned to Sender",
      "MIME-Version: 1.0",
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain",
      "",
      "Mailbox unavailable.",
      `--${boundary}`,
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.lumen-index.example",
      "",
      "Final-Recipient: rfc822; dpo@lumen-index.example",
      "Action: failed",
      "Status: 5.1.1",
      `--${boundary}`,
      "Content-Type: text/rfc822-headers",
      "",
      `Message-ID: ${letter.messageId}`,
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const t = sender(false);
    await t.sendMail({ envelope: { from: "", to: [letter.envelopeFrom!] }, raw });
    t.close();
    const notice = await waitForMail(
      server.smtp,
      (m) =>
        m.to.includes("amelie@example.com") &&
        m.subject.includes("could not be delivered") &&
        m.subject.includes(deletionRef),
    );
    await page.goto(/https?:\/\/127\.0\.0\.1:\d+\/r\/[A-Za-z0-9_-]+/.exec(notice.text)![0]);
    await page.getByRole("heading", { name: "Letter undeliverable: the company's mail server refused it" }).waitFor();
    const main = (await page.locator("main").textContent())!;
    expect(main).toContain("has not received your request");
    expect(main).toContain("The letter to the company could not be delivered");
    violations.push(...(await axeViolations(page)));
  });

  it("every page on the way is axe-clean", () => {
    expect(violations).toEqual([]);
  });
});
