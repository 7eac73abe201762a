/**
 * Replies and bounces from email-only companies, through the real inbound SMTP listener on
 * 127.0.0.1: nodemailer sends (DKIM-signed with a key the resolver stub publishes), the
 * listener checks the token at RCPT TO, mailauth checks SPF/DKIM/DMARC against the stub (never
 * the network), and the reply lands on the request's file.
 */
import crypto from "node:crypto";
import nodemailer from "nodemailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { createMailTransport } from "../../emails/transport";
import { dispatchOutbox, openOutboxPayload } from "../../app/server/mail/outbox.server";
import { buildReplyAddress, parseReplyAddress } from "../../app/server/mail/reply-address.server";
import { startInboundSmtp, INBOUND_RATE, type InboundListener } from "../../app/server/mail/inbound-smtp.server";
import { listCaseMail, listHeldMail, releaseHeldMail } from "../../app/server/mail/case-mail.server";
import { classifyEmailReply } from "../../app/server/mail/classify-reply.server";
import { senderMatchesCompany } from "../../app/server/mail/inbound-authentication.server";
import { sanitizeMailHtml } from "../../app/server/mail/inbound-parsing.server";
import { resolverFromRecords } from "../../app/server/mail/inbound-dns.server";
import { readDecrypted } from "../../app/server/security/encrypted-files.server";
import { verifyAuditChain } from "../../app/server/audit/audit-chain.server";
import { loadConfig } from "../../app/server/core/env.server";
import { purgeFilingIdentity } from "../../app/server/jobs/identity-purge.server";
import { createTestPortal, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";

const dkimKeys = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const dkimPrivate = dkimKeys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const dkimPublic = (dkimKeys.publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64");

/** What the company's DNS would publish: a DKIM key, SPF for 127.0.0.1, a DMARC policy. */
export const FACETTE_DNS = {
  "mail._domainkey.facette.example": { TXT: [[`v=DKIM1; k=rsa; p=${dkimPublic}`]] },
  "facette.example": { TXT: [["v=spf1 ip4:127.0.0.1 -all"]] },
  "_dmarc.facette.example": { TXT: [["v=DMARC1; p=reject"]] },
};

let portal: TestPortal;
let listener: InboundListener;
beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { INBOUND_DOMAIN: "reply.portal.test" } });
  listener = await startInboundSmtp({
    port: 0,
    host: "127.0.0.1",
    now: portal.now,
    resolver: resolverFromRecords(FACETTE_DNS),
  });
});
afterEach(async () => {
  await listener.close();
  portal.close();
});

function fileAgainstFacette(): { requestId: number; reference: string } {
  insertVendor(portal.handle, { slug: "facette", name: "Facette AI", intake: "email" });
  const filed = fileRequest(
    {
      jurisdiction: "CA-QC",
      type: ["access"],
      fullName: "Amélie Tremblay",
      email: "amelie@example.com",
      vendor: ["facette"],
      idempotencyKey: "key-inbound-aaaaaaaa",
    },
    { locale: "en", now: portal.now() },
  );
  confirmEmail(verifyPathFor(portal.handle, "amelie@example.com").slice("/verify/".length), { now: portal.now() });
  const reference = filed.requests[0]!.reference;
  const { id } = portal.handle.sqlite.prepare("SELECT id FROM requests WHERE reference = ?").get(reference) as {
    id: number;
  };
  return { requestId: id, reference };
}

function sender(opts: { dkim?: boolean } = {}) {
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port: listener.port,
    secure: false,
    ignoreTLS: true,
    name: "mx.facette.example",
    ...(opts.dkim === false
      ? {}
      : { dkim: { domainName: "facette.example", keySelector: "mail", privateKey: dkimPrivate } }),
  });
}

function count(sql: string, ...args: unknown[]): number {
  return (portal.handle.sqlite.prepare(sql).get(...args) as { n: number }).n;
}

describe("reply addresses", () => {
  it("are HMAC tokens bound to the request and the purpose; anything else is refused", () => {
    const reply = buildReplyAddress("reply", 42)!;
    expect(reply).toMatch(/^reply\+r16-[a-z2-7]{26}@reply\.portal\.test$/);
    expect(parseReplyAddress(reply)).toEqual({ purpose: "reply", requestId: 42 });
    expect(parseReplyAddress(reply.toUpperCase())).toEqual({ purpose: "reply", requestId: 42 });
    // Same MAC, other request; same request, other purpose; other domain; one character off.
    expect(parseReplyAddress(reply.replace("+r16-", "+r17-"))).toBeNull();
    expect(parseReplyAddress(reply.replace("reply+", "bounce+"))).toBeNull();
    expect(parseReplyAddress(reply.replace("reply.portal.test", "evil.example"))).toBeNull();
    expect(parseReplyAddress(reply.slice(0, 12) + (reply[12] === "a" ? "b" : "a") + reply.slice(13))).toBeNull();
    expect(parseReplyAddress("reply+r16-@reply.portal.test")).toBeNull();
  });

  it("the letter to an email-only company carries its reply address in Reply-To and the text, its bounce address as envelope sender, and the reference in the subject", async () => {
    const { requestId, reference } = fileAgainstFacette();
    const row = portal.handle.sqlite
      .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = 'vendor-letter'")
      .get() as { dedupe_key: string; payload: string };
    expect(openOutboxPayload(row).replyAddress).toBe(buildReplyAddress("reply", requestId));
    const smtp: TestSmtp = await startTestSmtp();
    try {
      const transport = createMailTransport(smtp.url);
      await dispatchOutbox({ transport, now: portal.now });
      transport.close();
      const letter = smtp.received.find((m) => m.to.includes("privacy@facette.example"))!;
      expect(letter.replyTo).toBe(buildReplyAddress("reply", requestId));
      expect(letter.envelopeFrom).toBe(buildReplyAddress("bounce", requestId));
      expect(letter.subject).toContain(`[${reference}]`);
      expect(letter.text).toContain(buildReplyAddress("reply", requestId)!);
    } finally {
      await smtp.close();
    }
  });
});

describe("inbound listener", () => {
  it("stores a DKIM-signed reply from the company with its attachment, on the case, and tells the resident", async () => {
    const { requestId, reference } = fileAgainstFacette();
    const t = sender();
    await t.sendMail({
      from: "Privacy <privacy@facette.example>",
      to: buildReplyAddress("reply", requestId)!,
      subject: `Re: [${reference}] Access request`,
      text: "We hold no facial template about you.\nRegards",
      html: '<p onclick="steal()">We hold <b>no</b> template.</p><script>alert(1)</script><img src="https://tracker.example/p.gif"><a href="https://facette.example/policy">policy</a>',
      attachments: [
        { filename: "answer.txt", content: "No data held.\n", contentType: "text/plain" },
        { filename: "winmail.dat", content: Buffer.from([0x78, 0x9f, 0x3e, 0x22]), contentType: "application/ms-tnef" },
      ],
    });
    t.close();
    await listener.settled();
    const mail = listCaseMail(requestId);
    expect(mail).toHaveLength(1);
    const m = mail[0]!;
    expect(m).toMatchObject({ kind: "reply", fromAddress: "privacy@facette.example", signedBy: "facette.example" });
    expect(m.auth).toMatchObject({ spf: "pass", dmarc: "pass" });
    expect(m.text).toContain("We hold no facial template about you.");
    expect(m.html).toContain("<b>no</b>");
    for (const bad of ["script", "alert", "onclick", "<img", "tracker.example/p.gif", "href"])
      expect(m.html).not.toContain(bad);
    expect(m.notes).toContain("winmail_refused");
    expect(m.files).toEqual([expect.objectContaining({ name: "answer.txt", contentType: "text/plain" })]);
    // Encrypted at rest, like response files.
    const storage = portal.handle.sqlite
      .prepare("SELECT storage_name FROM attachments WHERE kind = 'email_file'")
      .get() as { storage_name: string };
    expect(readDecrypted(storage.storage_name).toString()).toBe("No data held.\n");
    expect(
      count("SELECT count(*) AS n FROM request_events WHERE request_id = ? AND type = 'vendor_emailed'", requestId),
    ).toBe(1);
    expect(
      count(
        "SELECT count(*) AS n FROM email_outbox WHERE template = 'vendor-mail-received' AND to_address = 'amelie@example.com'",
      ),
    ).toBe(1);
    expect(count("SELECT count(*) AS n FROM audit_events WHERE action = 'inbound_mail.received'")).toBe(1);
    expect(verifyAuditChain().ok).toBe(true);
  });

  it("the identity purge removes the reply's text, HTML and subject and shreds its attachments", async () => {
    const { requestId } = fileAgainstFacette();
    const t = sender();
    await t.sendMail({
      from: "privacy@facette.example",
      to: buildReplyAddress("reply", requestId)!,
      subject: "Re: Amélie Tremblay",
      text: "Dear Amélie Tremblay",
      html: "<p>Dear Amélie</p>",
      attachments: [{ filename: "a.txt", content: "Amélie\n", contentType: "text/plain" }],
    });
    t.close();
    await listener.settled();
    const { filing_id } = portal.handle.sqlite
      .prepare("SELECT filing_id FROM requests WHERE id = ?")
      .get(requestId) as { filing_id: number };
    purgeFilingIdentity(filing_id, portal.now());
    expect(portal.handle.sqlite.prepare("SELECT subject, text_body, html_body FROM inbound_mail").get()).toEqual({
      subject: "[removed]",
      text_body: "[removed]",
      html_body: null,
    });
    expect(listCaseMail(requestId)[0]!.files).toEqual([]);
  });

  it("says 'not verified' for an unsigned reply from an address the company's SPF does not cover", async () => {
    const { requestId } = fileAgainstFacette();
    // SPF for 127.0.0.1 passes for facette.example; use a subdomain without records.
    const t = sender({ dkim: false });
    await t.sendMail({
      from: "dpo@eu.facette.example",
      to: buildReplyAddress("reply", requestId)!,
      subject: "Re",
      text: "Hello",
    });
    t.close();
    await listener.settled();
    const [m] = listCaseMail(requestId);
    expect(m).toMatchObject({ fromAddress: "dpo@eu.facette.example", signedBy: null });
    expect(m!.auth.dkim).toEqual([]);
    expect(m!.auth.spf).not.toBe("pass");
  });

  it("refuses a forged or unknown token at RCPT TO with 550 and stores nothing", async () => {
    const { requestId } = fileAgainstFacette();
    const forged = buildReplyAddress("reply", requestId)!.replace(/-[a-z2-7]{4}/, "-aaaa");
    const t = sender();
    for (const to of [
      forged,
      "reply+r9999-abcdefghijklmnopqrstuvwxyz@reply.portal.test",
      "postmaster@reply.portal.test",
      buildReplyAddress("reply", 999)!,
    ]) {
      await expect(t.sendMail({ from: "privacy@facette.example", to, subject: "x", text: "x" })).rejects.toMatchObject({
        responseCode: 550,
      });
    }
    t.close();
    expect(count("SELECT count(*) AS n FROM inbound_mail")).toBe(0);
  });

  it("keeps a reply from outside the company's address and domain aside for the portal admin", async () => {
    const { requestId } = fileAgainstFacette();
    const t = sender({ dkim: false });
    await t.sendMail({
      from: "someone@gmail.example",
      to: buildReplyAddress("reply", requestId)!,
      subject: "Re",
      text: "I am the company, trust me",
    });
    t.close();
    await listener.settled();
    expect(listCaseMail(requestId)).toEqual([]);
    expect(listHeldMail()).toEqual([
      expect.objectContaining({
        fromAddress: "someone@gmail.example",
        vendorName: "Facette AI",
        registeredAddress: "privacy@facette.example",
      }),
    ]);
    expect(count("SELECT count(*) AS n FROM request_events WHERE type = 'vendor_emailed'")).toBe(0);
    expect(count("SELECT count(*) AS n FROM email_outbox WHERE template = 'vendor-mail-received'")).toBe(0);
    // The portal admin checks it and puts it on the case: then it is a reply like any other.
    expect(releaseHeldMail(listHeldMail()[0]!.id, { id: 1 }, portal.now())).toBe(true);
    expect(listHeldMail()).toEqual([]);
    expect(listCaseMail(requestId)).toHaveLength(1);
    expect(count("SELECT count(*) AS n FROM request_events WHERE type = 'vendor_emailed'")).toBe(1);
    expect(
      count("SELECT count(*) AS n FROM audit_events WHERE action = 'inbound_mail.released' AND actor_type = 'admin'"),
    ).toBe(1);
    expect(releaseHeldMail(listHeldMail()[0]?.id ?? 0, { id: 1 }, portal.now())).toBe(false);
  });

  it("marks the letter undeliverable on an RFC 3464 report sent to the bounce address (VERP), matched to the letter's Message-ID", async () => {
    const { requestId, reference } = fileAgainstFacette();
    const letter = portal.handle.sqlite
      .prepare("SELECT message_id FROM email_outbox WHERE template = 'vendor-letter'")
      .get() as { message_id: string };
    const boundary = "dsn-boundary-1";
    const raw = [
      "From: Mail Delivery System <MAILER-DAEMON@mx.facette.example>",
      `To: ${buildReplyAddress("bounce", requestId)}`,
      "Subject: Undelivered Mail Returned to Sender",
      "MIME-Version: 1.0",
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain",
      "",
      "The mailbox privacy@facette.example does not exist.",
      `--${boundary}`,
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.facette.example",
      "",
      "Final-Recipient: rfc822; privacy@facette.example",
      "Action: failed",
      "Status: 5.1.1",
      `--${boundary}`,
      "Content-Type: text/rfc822-headers",
      "",
      `Message-ID: ${letter.message_id}`,
      `Subject: [${reference}] Access request`,
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const t = sender({ dkim: false });
    await t.sendMail({ envelope: { from: "", to: [buildReplyAddress("bounce", requestId)!] }, raw });
    t.close();
    await listener.settled();
    const ev = portal.handle.sqlite
      .prepare("SELECT payload FROM request_events WHERE request_id = ? AND type = 'letter_undeliverable'")
      .get(requestId) as { payload: string };
    expect(JSON.parse(ev.payload)).toMatchObject({ status: "5.1.1", matchedBy: "message_id" });
    expect(listCaseMail(requestId).map((m) => m.kind)).toEqual(["bounce"]);
    expect(count("SELECT count(*) AS n FROM email_outbox WHERE template = 'vendor-mail-received'")).toBe(1);
  });

  it("refuses a message over the size limit with 552, and stores nothing", async () => {
    await listener.close();
    listener = await startInboundSmtp({
      port: 0,
      host: "127.0.0.1",
      now: portal.now,
      resolver: resolverFromRecords(FACETTE_DNS),
      maxBytes: 10_000,
    });
    const { requestId } = fileAgainstFacette();
    const t = sender({ dkim: false });
    await expect(
      t.sendMail({
        from: "privacy@facette.example",
        to: buildReplyAddress("reply", requestId)!,
        subject: "big",
        text: "x".repeat(50_000),
      }),
    ).rejects.toMatchObject({
      responseCode: 552,
    });
    t.close();
    expect(count("SELECT count(*) AS n FROM inbound_mail")).toBe(0);
  });

  it(`rate-limits each token to ${INBOUND_RATE.perTokenPerHour} messages an hour (451: retry later)`, async () => {
    const { requestId } = fileAgainstFacette();
    const t = sender({ dkim: false });
    for (let i = 0; i < INBOUND_RATE.perTokenPerHour; i++)
      await t.sendMail({
        from: `a${i}@facette.example`,
        to: buildReplyAddress("reply", requestId)!,
        subject: `n${i}`,
        text: `n${i}`,
      });
    await expect(
      t.sendMail({
        from: "late@facette.example",
        to: buildReplyAddress("reply", requestId)!,
        subject: "late",
        text: "late",
      }),
    ).rejects.toMatchObject({ responseCode: 451 });
    t.close();
    await listener.settled();
    expect(count("SELECT count(*) AS n FROM inbound_mail")).toBe(INBOUND_RATE.perTokenPerHour);
  });

  it("stores the same message once when a relay delivers it twice", async () => {
    const { requestId } = fileAgainstFacette();
    const raw = `From: privacy@facette.example\r\nTo: ${buildReplyAddress("reply", requestId)}\r\nSubject: once\r\nMessage-ID: <once@facette.example>\r\n\r\nOnce.\r\n`;
    const t = sender({ dkim: false });
    for (let i = 0; i < 2; i++)
      await t.sendMail({
        envelope: { from: "privacy@facette.example", to: [buildReplyAddress("reply", requestId)!] },
        raw,
      });
    t.close();
    await listener.settled();
    expect(listCaseMail(requestId)).toHaveLength(1);
  });
});

describe("the resident's reading of a reply", () => {
  async function replyOnce(requestId: number): Promise<number> {
    const t = sender();
    await t.sendMail({
      from: "privacy@facette.example",
      to: buildReplyAddress("reply", requestId)!,
      subject: "Re",
      text: "Here is our answer.",
    });
    t.close();
    await listener.settled();
    return listCaseMail(requestId).at(-1)!.id;
  }
  const requestRow = (id: number) =>
    portal.handle.sqlite
      .prepare("SELECT status, outcome, closed_at, due_at, denial_basis FROM requests WHERE id = ?")
      .get(id) as Record<string, unknown>;

  it("'answers' closes the request as fulfilled, dated when the email arrived, and the regulator's on-time figure counts it", async () => {
    const { requestId } = fileAgainstFacette();
    portal.setNow("2026-03-10T09:00:00Z");
    const mailId = await replyOnce(requestId);
    portal.setNow("2026-03-12T18:00:00Z");
    classifyEmailReply(requestId, mailId, "answers", { now: portal.now() });
    const r = requestRow(requestId);
    expect(r).toMatchObject({
      status: "fulfilled",
      outcome: "fulfilled",
      closed_at: new Date("2026-03-10T09:00:00Z").getTime(),
    });
    expect(Number(r.closed_at)).toBeLessThanOrEqual(Number(r.due_at));
    expect(
      portal.handle.sqlite
        .prepare("SELECT sum(answered) AS answered, sum(on_time) AS on_time FROM regulator_daily")
        .get(),
    ).toEqual({ answered: 1, on_time: 1 });
    expect(listCaseMail(requestId)[0]!.classification).toBe("answers");
    expect(
      count(
        "SELECT count(*) AS n FROM audit_events WHERE action IN ('request.fulfilled', 'inbound_mail.classified') AND actor_type = 'resident'",
      ),
    ).toBe(2);
    // Read once: a second reading is refused.
    expect(() => classifyEmailReply(requestId, mailId, "refuses", { now: portal.now() })).toThrow(/already/);
    expect(verifyAuditChain().ok).toBe(true);
  });

  it("'asks for information' waits for the resident; 'refuses' closes as denied; 'other' changes nothing", async () => {
    const { requestId } = fileAgainstFacette();
    const first = await replyOnce(requestId);
    classifyEmailReply(requestId, first, "other", { now: portal.now() });
    expect(requestRow(requestId).status).toBe("received");
    const second = await replyOnce(requestId);
    classifyEmailReply(requestId, second, "asks_info", { now: portal.now() });
    expect(requestRow(requestId).status).toBe("awaiting_resident");
    const ev = portal.handle.sqlite
      .prepare("SELECT payload FROM request_events WHERE request_id = ? AND type = 'info_requested'")
      .get(requestId) as { payload: string };
    expect(JSON.parse(ev.payload)).toMatchObject({ kind: "clarification", source: "email" });
    const third = await replyOnce(requestId);
    classifyEmailReply(requestId, third, "refuses", { now: portal.now() });
    expect(requestRow(requestId)).toMatchObject({ status: "denied", outcome: "denied", denial_basis: "other" });
    // A closed request takes no further state change from a reading.
    const fourth = await replyOnce(requestId);
    expect(() => classifyEmailReply(requestId, fourth, "answers", { now: portal.now() })).toThrow(/Cannot/);
  });
});

describe("configuration", () => {
  const production = {
    NODE_ENV: "production",
    SESSION_SECRET: "s".repeat(40),
    DATA_KEY: "22".repeat(32),
    AUDIT_SIGNING_KEY: portalKey(),
    SMTP_URL: "smtp://relay.example:25",
  };
  function portalKey(): string {
    return (
      crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }) as Buffer
    ).toString("base64");
  }
  it("production: no reply address and no listener unless configured; a listener needs its domain", () => {
    expect(loadConfig(production)).toMatchObject({ inboundDomain: null, inboundSmtpPort: null });
    expect(() => loadConfig({ ...production, INBOUND_SMTP_PORT: "2525" })).toThrow(/INBOUND_DOMAIN is required/);
    expect(
      loadConfig({ ...production, INBOUND_SMTP_PORT: "2525", INBOUND_DOMAIN: "Reply.Portal.Example" }),
    ).toMatchObject({ inboundDomain: "reply.portal.example", inboundSmtpPort: 2525 });
    expect(() => loadConfig({ ...production, INBOUND_DOMAIN: "not a domain" })).toThrow(
      /INBOUND_DOMAIN must be a domain name/,
    );
  });
  it("development: reply addresses at portal.localhost and a listener on any free port", () => {
    expect(loadConfig({ NODE_ENV: "development", DATABASE_PATH: `${portal.dir}/dev.db` })).toMatchObject({
      inboundDomain: "portal.localhost",
      inboundSmtpPort: 0,
    });
  });
});

describe("sender and HTML rules", () => {
  it("a sender matches the registered address, its domain or a subdomain, nothing else", () => {
    expect(senderMatchesCompany("PRIVACY@facette.example", "privacy@facette.example")).toBe(true);
    expect(senderMatchesCompany("legal@eu.facette.example", "privacy@facette.example")).toBe(true);
    expect(senderMatchesCompany("x@facette.example.evil.test", "privacy@facette.example")).toBe(false);
    expect(senderMatchesCompany("x@notfacette.example", "privacy@facette.example")).toBe(false);
    expect(senderMatchesCompany(null, "privacy@facette.example")).toBe(false);
  });

  it("sanitised HTML keeps text markup and drops scripts, styles, images, forms, frames and link targets", () => {
    const html = sanitizeMailHtml(
      '<style>body{background:url(https://x.example/a)}</style><form action="https://x.example"><input></form><iframe src="https://x.example"></iframe><svg><script>1</script></svg><a href="javascript:alert(1)" onmouseover="x()">click</a><table><tr><td style="background:url(https://x.example)">cell</td></tr></table>',
    );
    expect(html).toBe('<a title="javascript:alert(1)">click</a><table><tr><td>cell</td></tr></table>');
  });
});
