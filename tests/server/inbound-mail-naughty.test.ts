/**
 * Hostile input for the inbound listener: every Big List of Naughty Strings entry in the
 * subject, sender name, text, HTML and attachment name of a reply, and a corpus of broken MIME
 * sent over real SMTP. Nothing crashes the listener, nothing is stored as live HTML, and the
 * page component renders every stored reply as text.
 */
import { createRequire } from "node:module";
import nodemailer from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { buildReplyAddress } from "../../app/server/mail/reply-address.server";
import { startInboundSmtp, type InboundListener } from "../../app/server/mail/inbound-smtp.server";
import { listCaseMail } from "../../app/server/mail/case-mail.server";
import { receiveInboundMail } from "../../app/server/mail/inbound-store.server";
import { resolverFromRecords } from "../../app/server/mail/inbound-dns.server";
import { CaseMailList } from "../../app/components/case-mail";
import { createTestPortal, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

const blns = (createRequire(import.meta.url)("big-list-of-naughty-strings") as string[]).filter((s) => s.trim() !== "");
const ALLOWED_TAGS = new Set([
  "p",
  "br",
  "div",
  "span",
  "b",
  "strong",
  "i",
  "em",
  "u",
  "s",
  "blockquote",
  "pre",
  "code",
  "ul",
  "ol",
  "li",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "table",
  "thead",
  "tbody",
  "tr",
  "td",
  "th",
  "hr",
  "a",
]);

let portal: TestPortal;
let listener: InboundListener;
let requestId = 0;
beforeAll(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { INBOUND_DOMAIN: "reply.portal.test" } });
  listener = await startInboundSmtp({ port: 0, host: "127.0.0.1", now: portal.now, resolver: resolverFromRecords({}) });
  insertVendor(portal.handle, { slug: "facette", name: "Facette AI", intake: "email" });
  const filed = fileRequest(
    {
      jurisdiction: "GB",
      type: ["access"],
      fullName: "Fuzz Target",
      email: "fuzz@example.com",
      vendor: ["facette"],
      idempotencyKey: "key-inbound-naughty-1",
    },
    { locale: "en", now: portal.now() },
  );
  confirmEmail(verifyPathFor(portal.handle, "fuzz@example.com").slice("/verify/".length), { now: portal.now() });
  requestId = (
    portal.handle.sqlite.prepare("SELECT id FROM requests WHERE reference = ?").get(filed.requests[0]!.reference) as {
      id: number;
    }
  ).id;
});
afterAll(async () => {
  await listener.close();
  portal.close();
});

function tagsAndAttributesOf(html: string): { tags: string[]; attributes: string[] } {
  const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)];
  return {
    tags: tags.map((m) => m[1]!.toLowerCase()),
    attributes: tags.flatMap((m) => [...m[2]!.matchAll(/\s([^\s=/>]+)\s*=/g)].map((a) => a[1]!.toLowerCase())),
  };
}

describe("inbound mail under hostile input", () => {
  it(`${blns.length} naughty strings in subject, sender name, text, HTML and file name are stored inert`, async () => {
    const envelope = { mailFrom: "privacy@facette.example", clientIp: "127.0.0.1", helo: "mx.facette.example" };
    for (const [i, s] of blns.entries()) {
      const raw = await new MailComposer({
        from: { name: s.slice(0, 200), address: "privacy@facette.example" },
        to: buildReplyAddress("reply", requestId)!,
        subject: s,
        text: s,
        html: `<p>${s}</p><div title="${s}">${s}</div>`,
        messageId: `<naughty-${i}@facette.example>`,
        attachments: [{ filename: s.slice(0, 100) || "x", content: `${s}\n`, contentType: "text/plain" }],
      })
        .compile()
        .build();
      const outcome = await receiveInboundMail({ raw, requestId, purpose: "reply", envelope, now: portal.now() });
      expect(["case", "duplicate"]).toContain(outcome.stored);
    }
    const mail = listCaseMail(requestId);
    expect(mail.length).toBeGreaterThan(blns.length * 0.9);
    for (const m of mail) {
      if (!m.html) continue;
      const { tags, attributes } = tagsAndAttributesOf(m.html);
      for (const t of tags) expect(ALLOWED_TAGS.has(t), `tag <${t}> in ${m.html.slice(0, 200)}`).toBe(true);
      for (const a of attributes) expect(a).toBe("title");
    }
    // The page renders every reply as text; the HTML only inside an escaped srcdoc.
    const page = renderToStaticMarkup(
      createElement(CaseMailList, { items: mail, fileHref: (id: number) => `/r/x/mail-files/${id}` }),
    );
    const outsideFrames = page.replace(/srcDoc="[^"]*"|srcdoc="[^"]*"/g, "");
    const { tags } = tagsAndAttributesOf(outsideFrames);
    for (const t of tags)
      expect([
        "section",
        "h2",
        "h3",
        "h4",
        "article",
        "dl",
        "dt",
        "dd",
        "time",
        "p",
        "ul",
        "li",
        "a",
        "span",
        "details",
        "summary",
        "iframe",
      ]).toContain(t);
    // Markup from the mail only ever appears escaped (an "onerror=" in the text is just text).
    expect(/<script|<img|<svg|<object|<embed/i.test(page)).toBe(false);
  }, 120_000);

  const CORPUS: [string, string][] = [
    ["no header at all", "just a body line\r\n"],
    ["header lines without colons", "this is not a header\r\nneither is this\r\n\r\nbody\r\n"],
    [
      "multipart whose boundary never appears",
      'Content-Type: multipart/mixed; boundary="nowhere"\r\n\r\n--elsewhere\r\nContent-Type: text/plain\r\n\r\nx\r\n',
    ],
    ["multipart without a boundary parameter", "Content-Type: multipart/alternative\r\n\r\n--\r\n\r\nx\r\n"],
    [
      "multipart nested 200 levels deep",
      Array.from({ length: 200 }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`).join(
        "",
      ) + "Content-Type: text/plain\r\n\r\ndeep\r\n",
    ],
    [
      "invalid base64",
      "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!****====%%%%\r\nnot base64 at all\r\n",
    ],
    [
      "broken quoted-printable",
      "Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=0=\r\n=E9=\r\n=\r\n",
    ],
    ["unknown charset", 'Content-Type: text/plain; charset="x-no-such-charset"\r\n\r\nh\u00e9llo\r\n'],
    [
      "UTF-7 and ISO-2022-JP",
      'Content-Type: text/plain; charset="utf-7"\r\n\r\n+ADw-script+AD4-alert(1)+ADw-/script+AD4-\r\n',
    ],
    [
      "a 20000-character header line",
      `X-Long: ${"a".repeat(20000)}\r\nSubject: ${"=?utf-8?B?".repeat(500)}\r\n\r\nx\r\n`,
    ],
    ["NUL bytes and invalid UTF-8", "Subject: \u0000\u00ff\u00fe\r\n\r\n\u0000\u0000\u00c3\u0028\r\n"],
    [
      "HTML-only with unclosed tags and scripts",
      'Content-Type: text/html\r\n\r\n<html><body><p>hi<script>alert(1)<img src=x onerror=alert(2)><a href="javascript:alert(3)">x<svg onload=alert(4)><iframe srcdoc="<script>1</script>">\r\n',
    ],
    [
      "attachment claiming PDF with text bytes, and a traversal name",
      'Content-Type: multipart/mixed; boundary="m"\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\nbody\r\n--m\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="../../etc/passwd\u202egpj.pdf"\r\n\r\nnot a pdf\r\n--m--\r\n',
    ],
    [
      "an unknown transfer encoding",
      "Content-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 x\r\n!!!!\r\nend\r\n",
    ],
    [
      "message/rfc822 holding a broken message",
      'Content-Type: multipart/mixed; boundary="o"\r\n\r\n--o\r\nContent-Type: message/rfc822\r\n\r\nContent-Type: multipart/mixed; boundary="i"\r\n\r\n--i\r\nContent-Type: text/html\r\n\r\n<script>x</script>\r\n--o--\r\n',
    ],
    [
      "multipart/report without a delivery-status part",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n--r\r\nContent-Type: text/plain\r\n\r\nsomething\r\n--r--\r\n',
    ],
    [
      "encoded-words that decode to markup",
      "Subject: =?utf-8?B?PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==?=\r\nFrom: =?utf-8?Q?=3Cimg_src=3Dx_onerror=3Dalert(1)=3E?= <privacy@facette.example>\r\n\r\nx\r\n",
    ],
  ];

  it(`a corpus of ${CORPUS.length} broken messages over real SMTP never crashes the listener`, async () => {
    const t = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
    const before = (portal.handle.sqlite.prepare("SELECT count(*) AS n FROM inbound_mail").get() as { n: number }).n;
    for (const [name, body] of CORPUS) {
      const raw = `From: privacy@facette.example\r\nMessage-ID: <${name.replace(/\W/g, "-")}@facette.example>\r\n${body}`;
      const info = await t.sendMail({
        envelope: { from: "privacy@facette.example", to: [buildReplyAddress("reply", requestId)!] },
        raw,
      });
      expect(info.accepted, name).toHaveLength(1);
    }
    await listener.settled();
    t.close();
    const stored = portal.handle.sqlite
      .prepare("SELECT text_body, html_body, subject FROM inbound_mail ORDER BY id")
      .all()
      .slice(before) as { text_body: string; html_body: string | null; subject: string }[];
    expect(stored.length).toBeGreaterThan(0);
    for (const m of stored) {
      if (m.html_body) {
        const { tags, attributes } = tagsAndAttributesOf(m.html_body);
        for (const tag of tags) expect(ALLOWED_TAGS.has(tag)).toBe(true);
        for (const a of attributes) expect(a).toBe("title");
      }
    }
    // No file named by the traversal attempt or claiming PDF survived.
    const files = portal.handle.sqlite
      .prepare("SELECT original_name, content_type FROM attachments WHERE kind = 'email_file'")
      .all() as { original_name: string; content_type: string }[];
    expect(files.some((f) => f.content_type === "application/pdf")).toBe(false);
    for (const f of files) expect(f.original_name).not.toMatch(/[/\\\u202e]/);
  }, 60_000);
});
