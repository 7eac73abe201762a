/**
 * The identity purge reaches every copy. A resident's name, email, image URLs and face photo are
 * spread through every table by real journeys — filing with a photo to a portal vendor and an
 * email-only vendor, confirmation, a question and the resident's answer, an extension, an
 * answer with files and a package, API calls with Idempotency-Key replays, webhooks, emails sent,
 * failed and unsent — then the clock moves past the retention periods, the sweep runs, and the
 * whole database (every cell, sealed outbox payloads opened) and the files directory are
 * searched. The record itself (statuses, dates, the audit chain) stays. ASVS 14.2.7.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as actions from "../../app/routes/api.v1.requests.$ref.actions";
import * as apiFiles from "../../app/routes/api.v1.requests.$ref.files";
import { createApiKey } from "../../app/server/api/api-keys.server";
import { verifyAuditChain } from "../../app/server/audit/audit-chain.server";
import { readDecrypted, listStoredFiles } from "../../app/server/security/encrypted-files.server";
import { submitFiling } from "../../app/server/resident/filing-form.server";
import { IDENTITY_RETENTION_DAYS } from "../../app/server/jobs/identity-purge.server";
import { dispatchOutbox, openOutboxPayload, CLEARED_PAYLOAD } from "../../app/server/mail/outbox.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { replyToVendor, withdrawRequest } from "../../app/server/resident/resident-actions.server";
import { exchangeStatusToken } from "../../app/server/resident/status-links.server";
import { runSweep } from "../../app/server/jobs/deadline-sweep.server";
import { forVendor, type VendorStaff } from "../../app/server/vendor/vendor-access.server";
import { registerWebhook } from "../../app/server/webhooks/manage-webhooks.server";
import { createMailTransport } from "../../emails/transport";
import { scanDatabase } from "../helpers/database-scan";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import {
  createTestPortal,
  getRequest,
  insertUser,
  insertVendor,
  statusTokenFor,
  type TestPortal,
} from "../helpers/test-portal";

const NAME = "Zéphyrine Oakenshield";
const EMAIL = "zephyrine.oakenshield@example.com";
const IMAGE_URL = "https://social.example/zephyrine-oakenshield/beach";

let portal: TestPortal;
let smtp: TestSmtp;
let filesDir: string;
beforeEach(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "identity-purge-"));
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { FILES_DIR: filesDir, RATE_LIMIT_SCALE: "1000" } });
  smtp = await startTestSmtp();
});
afterEach(async () => {
  portal.close();
  await smtp.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

async function sendMail(mode: TestSmtp["mode"] = "accept"): Promise<void> {
  smtp.mode = mode;
  const transport = createMailTransport(smtp.url);
  try {
    await dispatchOutbox({ transport, now: () => portal.now(), limit: 200 });
  } finally {
    transport.close();
  }
}
const at = (iso: string) => portal.setNow(iso);
const refOf = (vendorId: number, type: string) =>
  (
    portal.handle.sqlite
      .prepare("SELECT reference FROM requests WHERE vendor_id = ? AND type = ?")
      .get(vendorId, type) as { reference: string }
  ).reference;

describe("the identity purge", () => {
  it("leaves no name, email, image URL or photo anywhere once the retention has passed; the record stays", async () => {
    const facette = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
    const visagio = insertVendor(portal.handle, { slug: "visagio", name: "Visagio", intake: "email" });
    const agentId = await insertUser(portal.handle, {
      email: "agent@facette.example",
      password: "correct horse battery",
      role: "vendor_admin",
      vendorId: facette.id,
    });
    const staff: VendorStaff = {
      id: agentId,
      email: "agent@facette.example",
      name: "Agent",
      role: "vendor_admin",
      vendorId: facette.id,
      organisation: null,
      jurisdictions: [],
      locale: "en",
    };
    const key = createApiKey({ ...staff, vendorId: facette.id }, "CRM", portal.now()).key;
    await registerWebhook(staff, "https://hooks.facette.example/portal", portal.now(), {
      lookup: async () => [{ address: "93.184.216.34", family: 4 }],
    });

    // Filing with a face photo, to a portal vendor and an email-only one (the letter carries the identity).
    const photo = await sharp({
      create: { width: 120, height: 160, channels: 3, background: { r: 181, g: 140, b: 117 } },
    })
      .jpeg()
      .toBuffer();
    const filed = await submitFiling(
      {
        vendor: ["facette", "visagio"],
        jurisdiction: "GB",
        type: ["access", "deletion"],
        fullName: NAME,
        email: EMAIL,
        urls: [IMAGE_URL],
        deletionBlockFuture: true,
        idempotencyKey: "purge-key-0123456789",
      },
      new File([new Uint8Array(photo)], "me.jpg", { type: "image/jpeg" }),
      { locale: "en", now: portal.now(), consentVersion: "test" },
    );
    expect(filed.ok).toBe(true);
    await sendMail();
    // Sent mail lives only in the mailbox now: the resident follows the link from there.
    const verifyMail = smtp.received.find((m) => m.to.includes(EMAIL) && /\/verify\//.test(m.text));
    confirmEmail(/\/verify\/([A-Za-z0-9_-]+)/.exec(verifyMail!.text)![1]!, { now: portal.now() });
    const access = refOf(facette.id, "access");
    const { setCookie } = await exchangeStatusToken(getRequest("/"), statusTokenFor(portal.handle, access));
    const resident = getRequest("/", setCookie.split(";")[0]);
    await sendMail();

    // The vendor asks; the resident answers with their name and address; the vendor extends and answers with a file.
    at("2026-03-06T10:00:00Z");
    forVendor(staff).act(
      access,
      { intent: "request_info", kind: "identity", message: `Please confirm you are ${NAME}.` },
      portal.now(),
    );
    at("2026-03-07T10:00:00Z");
    await replyToVendor(resident, access, `I am ${NAME}, ${EMAIL}.`, { now: portal.now() });
    forVendor(staff).act(
      access,
      { intent: "extend", reason: `Searching every index for ${NAME} takes time.` },
      portal.now(),
    );
    const png = await sharp({ create: { width: 24, height: 24, channels: 3, background: "#aa7755" } })
      .png()
      .toBuffer();
    const upload = await (apiFiles.action as (a: object) => Promise<Response>)({
      request: new Request(`http://localhost:3000/api/v1/requests/${access}/files?filename=zephyrine-oakenshield.png`, {
        method: "POST",
        body: new Uint8Array(png),
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "image/png" },
      }),
      params: { ref: access },
      context: {},
    });
    expect(upload.status).toBe(201);
    // The failed email keeps its (sealed) payload until the purge.
    await sendMail(550);
    forVendor(staff).act(
      access,
      {
        intent: "fulfil",
        reason: `Found 2 images of ${NAME}.`,
        images: `${IMAGE_URL} | 2024-05-02`,
        templates: "vec-1 | facenet",
        searches: "",
        disclosures: "",
      },
      portal.now(),
    );
    // The deletion, released by the answer, is answered through the API with an Idempotency-Key (its answer is stored for replays).
    const deletion = refOf(facette.id, "deletion");
    const apiAnswer = await (actions.action as (a: object) => Promise<Response>)({
      request: new Request(`http://localhost:3000/api/v1/requests/${deletion}/actions`, {
        method: "POST",
        body: JSON.stringify({
          intent: "deny",
          denialBasis: "other",
          reason: `No record of ${EMAIL} besides the access answer.`,
        }),
        headers: {
          Authorization: `Bearer ${key}`,
          "Content-Type": "application/json",
          "Idempotency-Key": "purge-deny-0001",
        },
      }),
      params: { ref: deletion },
      context: {},
    });
    expect(apiAnswer.status).toBe(200);
    expect(JSON.stringify(portal.handle.sqlite.prepare("SELECT body FROM idempotency_keys").all())).toContain(NAME);
    // The email-only vendor never answers: the resident withdraws both requests.
    const mailed = smtp.received.find(
      (m) =>
        m.to.includes(EMAIL) && m.text.includes(refOf(visagio.id, "access")) && /\/r\/[A-Za-z0-9_-]{20,}/.test(m.text),
    );
    const linkV = /\/r\/([A-Za-z0-9_-]{20,})/.exec(mailed!.text)![1]!;
    const residentV = getRequest("/", (await exchangeStatusToken(getRequest("/"), linkV)).setCookie.split(";")[0]);
    await withdrawRequest(residentV, refOf(visagio.id, "access"), { now: portal.now() });
    // Withdrawing the access request released the deletion, whose delivered notice carries its link.
    const residentD = getRequest(
      "/",
      (
        await exchangeStatusToken(getRequest("/"), statusTokenFor(portal.handle, refOf(visagio.id, "deletion")))
      ).setCookie.split(";")[0],
    );
    await withdrawRequest(residentD, refOf(visagio.id, "deletion"), { now: portal.now() });
    await sendMail(550);

    // Before: the identity is everywhere.
    const needles = {
      name: NAME,
      "name (ascii)": "Oakenshield",
      email: EMAIL,
      "email local part": "zephyrine.oakenshield",
      "image URL": IMAGE_URL,
    };
    const before = scanDatabase(portal.handle, needles).hits;
    const tablesBefore = new Set(before.map((h) => h.table));
    for (const t of [
      "filings",
      "messages",
      "requests",
      "request_events",
      "response_packages",
      "email_outbox",
      "idempotency_keys",
      "attachments",
    ])
      expect(tablesBefore, t).toContain(t);
    const photoRow = portal.handle.sqlite
      .prepare("SELECT sha256 FROM attachments WHERE kind = 'reference_photo' LIMIT 1")
      .get() as { sha256: string };
    expect(listStoredFiles({ filesDir }).length).toBeGreaterThanOrEqual(5);
    const eventsBefore = portal.handle.sqlite
      .prepare("SELECT id, type, actor_type, at FROM request_events ORDER BY id")
      .all();
    const statusesBefore = portal.handle.sqlite
      .prepare("SELECT reference, status, outcome, denial_basis, respond_by, closed_at FROM requests ORDER BY id")
      .all();

    // The photo goes 30 days after the requests close; the identity 24 months after.
    at("2026-04-15T14:00:00Z");
    runSweep({ now: portal.now() });
    at(new Date(Date.parse("2026-03-07T10:00:00Z") + (IDENTITY_RETENTION_DAYS + 2) * 86_400_000).toISOString());
    runSweep({ now: portal.now() });

    // After: nowhere in the database …
    const { hits, coverage } = scanDatabase(portal.handle, needles);
    expect(hits, JSON.stringify(hits)).toEqual([]);
    // … nor inside any outbox payload still sealed …
    const sealed = portal.handle.sqlite
      .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE payload != ?")
      .all(CLEARED_PAYLOAD) as { dedupe_key: string; payload: string }[];
    for (const row of sealed) expect(JSON.stringify(openOutboxPayload(row))).not.toMatch(/Oakenshield|zephyrine/i);
    // … nor in the files: every stored file of the resident is gone, the photo included.
    for (const f of listStoredFiles({ filesDir })) {
      const plain = readDecrypted(f.name, { filesDir });
      expect(plain.includes(photo.subarray(0, 64))).toBe(false);
      expect((await import("node:crypto")).createHash("sha256").update(plain).digest("hex")).not.toBe(photoRow.sha256);
    }
    expect(listStoredFiles({ filesDir })).toEqual([]);
    // The record stays: the same events (free text dropped), statuses, outcomes and dates; the chain verifies.
    expect(
      portal.handle.sqlite.prepare("SELECT id, type, actor_type, at FROM request_events ORDER BY id").all(),
    ).toEqual(eventsBefore);
    expect(
      portal.handle.sqlite
        .prepare("SELECT reference, status, outcome, denial_basis, respond_by, closed_at FROM requests ORDER BY id")
        .all(),
    ).toEqual(statusesBefore);
    expect(verifyAuditChain(portal.handle.sqlite).ok).toBe(true);
    const purged = portal.handle.sqlite
      .prepare("SELECT details FROM audit_events WHERE action = 'identity.purged'")
      .all() as { details: string }[];
    expect(purged).toHaveLength(1);
    console.log(
      `identity purge: searched ${coverage.tables} tables, ${coverage.columns} columns, ${coverage.cells} cells; before: ${before.length} hits in ${[...tablesBefore].sort().join(", ")}; purge: ${purged[0]!.details}`,
    );
  });

  it("request history stays append-only: only the purge's exact redaction of free text is allowed", () => {
    const vendor = insertVendor(portal.handle, { slug: "facette" });
    // A bare request row to hang an event on.
    const filingId = Number(
      portal.handle.sqlite
        .prepare(
          "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES ('k-0123456789abcdef', 'A', 'a@example.com', 'en', 'GB', 0)",
        )
        .run().lastInsertRowid,
    );
    const requestId = Number(
      portal.handle.sqlite
        .prepare(
          "INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, created_at, updated_at) VALUES ('BR-2026-000001', ?, ?, 'access', 'GB', 'received', 0, 0)",
        )
        .run(filingId, vendor.id).lastInsertRowid,
    );
    portal.handle.sqlite
      .prepare(
        "INSERT INTO request_events (request_id, type, actor_type, at, payload) VALUES (?, 'extended', 'staff', 5, ?)",
      )
      .run(requestId, JSON.stringify({ reason: "secret", extendedTo: "2026-05-01" }));
    const refuse = (sql: string) => expect(() => portal.handle.sqlite.prepare(sql).run()).toThrow(/append-only/);
    refuse("UPDATE request_events SET type = 'received'");
    refuse("UPDATE request_events SET at = 6");
    refuse(`UPDATE request_events SET payload = '{"reason":"other","extendedTo":"2026-05-01"}'`);
    refuse(
      `UPDATE request_events SET payload = json_set(json_remove(payload, '$.details', '$.urls', '$.reason', '$.extendedTo'), '$.redacted', 1)`,
    );
    refuse("DELETE FROM request_events");
    portal.handle.sqlite
      .prepare(
        "UPDATE request_events SET payload = json_set(json_remove(payload, '$.details', '$.urls', '$.reason'), '$.redacted', 1)",
      )
      .run();
    const p = JSON.parse(
      (portal.handle.sqlite.prepare("SELECT payload FROM request_events").get() as { payload: string }).payload,
    ) as Record<string, unknown>;
    expect(p).toEqual({ extendedTo: "2026-05-01", redacted: 1 });
    // Once redacted, never again.
    refuse(
      "UPDATE request_events SET payload = json_set(json_remove(payload, '$.details', '$.urls', '$.reason'), '$.redacted', 1)",
    );
  });
});
