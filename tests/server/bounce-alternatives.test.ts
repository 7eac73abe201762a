/**
 * When the letter to an email-only company bounces, the resident is offered the company's other
 * published addresses (vendors.other_contacts): in the email, on the status page and on the
 * regulator's case. Real database (SQLite, or PostgreSQL with TEST_DATABASE_URL), real
 * migrations, the bounce stored through receiveInboundMail exactly as the listener does.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { openOutboxPayload } from "../../app/server/mail/outbox.server";
import { buildReplyAddress } from "../../app/server/mail/reply-address.server";
import { getBounceAlternatives } from "../../app/server/mail/case-mail.server";
import { receiveInboundMail } from "../../app/server/mail/inbound-store.server";
import { renderEmail } from "../../emails/render";
import { resolverFromRecords } from "../../app/server/mail/inbound-dns.server";
import { parseOtherContacts } from "../../app/domain/vendor-contacts";
import * as status from "../../app/routes/r.$token/route";
import * as directory from "../../app/routes/vendors";
import { openDatabase } from "../../db/client";
import { applyMigrations, findMigrationsFolder } from "../../db/migrate";
import { findPgMigrationsFolder } from "../../db/pg/migrate";
import { createPostgresDatabase, dropPostgresDatabase } from "../helpers/postgres-database";
import { copyMigrationsBefore } from "../helpers/migrations-before";
import {
  cookieFrom,
  createTestPortal,
  getRequest,
  insertVendor,
  statusTokenFor,
  TEST_ENGINE,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

let portal: TestPortal;
beforeEach(() => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { INBOUND_DOMAIN: "reply.portal.test" } });
});
afterEach(() => portal.close());

const OTHERS = [
  { email: "dpo@facette.example", label: "Data protection officer" },
  "legal@facette.example",
  { email: "not an address", label: "Broken" },
  { email: "PRIVACY@facette.example", label: "The bounced one again" },
  { email: "dpo@facette.example", label: "Repeat" },
];

function fileAgainstFacette(otherContacts: unknown[] | null): { requestId: number; reference: string } {
  insertVendor(portal.handle, { slug: "facette", name: "Facette AI", intake: "email" });
  if (otherContacts)
    portal.handle.sqlite
      .prepare("UPDATE vendors SET other_contacts = ? WHERE slug = 'facette'")
      .run(JSON.stringify(otherContacts));
  const filed = fileRequest(
    {
      jurisdiction: "CA-QC",
      type: ["access"],
      fullName: "Amélie Tremblay",
      email: "amelie@example.com",
      vendor: ["facette"],
      idempotencyKey: "key-bounce-alt-aaaaaaaa",
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

/** An RFC 3464 report of a permanent failure of the letter, as the company's MX sends it. */
async function bounceLetter(requestId: number, reference: string): Promise<void> {
  const letter = portal.handle.sqlite
    .prepare("SELECT message_id FROM email_outbox WHERE template = 'vendor-letter'")
    .get() as { message_id: string };
  const boundary = "dsn-boundary-alt";
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
  const outcome = await receiveInboundMail({
    raw: Buffer.from(raw),
    requestId,
    purpose: "bounce",
    envelope: { mailFrom: null, clientIp: "127.0.0.1", helo: "mx.facette.example" },
    resolver: resolverFromRecords({}),
    now: portal.now(),
  });
  expect(outcome.stored).toBe("bounce");
}

/** The resident's bounce email, opened from the sealed outbox row and rendered as sent. */
function residentBounceEmail(): {
  data: { bouncedAddress?: string; otherContacts: { email: string; label: string }[] };
  text: string;
  html: string;
} {
  const row = portal.handle.sqlite
    .prepare(
      "SELECT dedupe_key, payload, locale FROM email_outbox WHERE template = 'vendor-mail-received' AND to_address = 'amelie@example.com'",
    )
    .get() as { dedupe_key: string; payload: string; locale: "en" | "fr-CA" };
  const data = openOutboxPayload(row) as { bouncedAddress?: string; otherContacts: { email: string; label: string }[] };
  const rendered = renderEmail({
    template: "vendor-mail-received",
    locale: row.locale,
    data,
    publicUrl: "https://portal.test",
  });
  return { data, text: rendered.text, html: rendered.html };
}

type AnyFn = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
async function call(fn: unknown, request: Request, params: Record<string, string> = {}): Promise<unknown> {
  try {
    return await (fn as AnyFn)({ request, params, context: { clientIp: "203.0.113.7" } });
  } catch (thrown) {
    return thrown;
  }
}

/** The status page's loader data, as the resident's browser gets it after following the emailed link. */
async function statusPageData(
  reference: string,
): Promise<{ letterUndeliverable: boolean; bounceAlternatives: ReturnType<typeof getBounceAlternatives> }> {
  const token = statusTokenFor(portal.handle, reference);
  const exchanged = (await call(status.loader, getRequest(`/r/${token}`), { token })) as Response;
  expect(exchanged.status).toBe(302);
  const cookie = cookieFrom(exchanged.headers.get("Set-Cookie"));
  return (await call(status.loader, getRequest(`/r/${reference}`, cookie), { token: reference })) as never;
}

describe("a bounced letter offers the company's other published addresses", () => {
  it("lists them in the resident's email and on the status page, naming the bounced address; invalid, repeated and bounced entries are left out", async () => {
    const { requestId, reference } = fileAgainstFacette(OTHERS);
    expect(getBounceAlternatives(requestId)).toBeNull();
    await bounceLetter(requestId, reference);

    const expected = [
      { email: "dpo@facette.example", label: "Data protection officer" },
      { email: "legal@facette.example", label: "" },
    ];
    const mail = residentBounceEmail();
    expect(mail.data.bouncedAddress).toBe("privacy@facette.example");
    expect(mail.data.otherContacts).toEqual(expected);
    expect(mail.text).toContain("privacy@facette.example");
    expect(mail.text).toContain("dpo@facette.example — Data protection officer");
    expect(mail.text).toContain("legal@facette.example");
    expect(mail.text).toContain("You can send your request to one of them yourself");
    expect(mail.text).not.toContain("not an address");
    expect(mail.html).toContain("dpo@facette.example");

    const page = await statusPageData(reference);
    expect(page.letterUndeliverable).toBe(true);
    expect(page.bounceAlternatives).toEqual({ bouncedAddress: "privacy@facette.example", otherContacts: expected });
    // The regulator's case reads the same thing.
    expect(getBounceAlternatives(requestId)).toEqual(page.bounceAlternatives);
  });

  it("says plainly that the company publishes no other address when it has none, in English and in French", async () => {
    const { requestId, reference } = fileAgainstFacette(null);
    await bounceLetter(requestId, reference);
    const mail = residentBounceEmail();
    expect(mail.data.otherContacts).toEqual([]);
    expect(mail.text).toContain("The company publishes no other address that we know of");
    const fr = renderEmail({
      template: "vendor-mail-received",
      locale: "fr-CA",
      data: {
        ...mail.data,
        fullName: "Amélie Tremblay",
        reference,
        vendorName: "Facette AI",
        kind: "bounce",
        statusPath: "/r/x",
      },
      publicUrl: "https://portal.test",
    });
    expect(fr.text).toContain("L'entreprise ne publie aucune autre adresse à notre connaissance");
    const page = await statusPageData(reference);
    expect(page.bounceAlternatives).toEqual({ bouncedAddress: "privacy@facette.example", otherContacts: [] });
  });

  it("the status page shows nothing extra while the letter has not bounced", async () => {
    const { reference } = fileAgainstFacette(OTHERS);
    // The delivered notice carries the status link; no bounce yet.
    const page = await statusPageData(reference);
    expect(page.letterUndeliverable).toBe(false);
    expect(page.bounceAlternatives).toBeNull();
  });
});

describe("the public directory", () => {
  it("shows a company's other published addresses, validated, and none for a company without", async () => {
    insertVendor(portal.handle, { slug: "facette", name: "Facette AI", intake: "email" });
    insertVendor(portal.handle, { slug: "visagio", name: "Visagio" });
    portal.handle.sqlite
      .prepare("UPDATE vendors SET other_contacts = ? WHERE slug = 'facette'")
      .run(JSON.stringify(OTHERS));
    const { vendors } = (await call(directory.loader, getRequest("/vendors"))) as {
      vendors: { slug: string; otherContacts: unknown[] }[];
    };
    expect(vendors.find((v) => v.slug === "facette")!.otherContacts).toEqual([
      { email: "dpo@facette.example", label: "Data protection officer" },
      { email: "legal@facette.example", label: "" },
    ]);
    expect(vendors.find((v) => v.slug === "visagio")!.otherContacts).toEqual([]);
  });

  it("reads garbage in the column as no other address", () => {
    expect(parseOtherContacts("not json")).toEqual([]);
    expect(parseOtherContacts('{"email":"a@b.example"}')).toEqual([]);
    expect(parseOtherContacts('[null, 3, {"email":"x@y.example","label":"L"}]')).toEqual([
      { email: "x@y.example", label: "L" },
    ]);
  });
});

/** The migrations as they were before this one. */
function foldersBeforeLast(folder: string): string {
  return copyMigrationsBefore(folder, "vendor_other_contacts");
}

describe("migration vendor_other_contacts", () => {
  it("gives vendors that already exist an empty list of other addresses", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-db-"));
    const serverUrl = process.env.TEST_DATABASE_URL;
    const dbName = `portal_migration_${process.pid}_other_contacts`;
    const handle =
      TEST_ENGINE === "postgres"
        ? openDatabase(createPostgresDatabase(serverUrl!, dbName))
        : openDatabase(path.join(dir, "p.db"));
    const before = foldersBeforeLast(TEST_ENGINE === "postgres" ? findPgMigrationsFolder() : findMigrationsFolder());
    try {
      applyMigrations(handle, before);
      handle.sqlite
        .prepare(
          "INSERT INTO vendors (slug, name, legal_name, privacy_email, jurisdictions, intake, id_requirements, service_target_days, locale, created_at) VALUES ('old', 'Old', 'Old Inc.', 'privacy@old.example', '[]', 'email', '', 30, 'en', 0)",
        )
        .run();
      applyMigrations(handle);
      expect(handle.sqlite.prepare("SELECT other_contacts FROM vendors WHERE slug = 'old'").get()).toEqual({
        other_contacts: "[]",
      });
    } finally {
      handle.sqlite.close();
      if (TEST_ENGINE === "postgres") dropPostgresDatabase(serverUrl!, dbName);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});
