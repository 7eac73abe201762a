import { openOutboxPayload } from "../../app/server/mail/outbox.server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { replyToVendor } from "../../app/server/resident/resident-actions.server";
import { exchangeStatusToken } from "../../app/server/resident/status-links.server";
import { forVendor, type VendorStaff } from "../../app/server/vendor/vendor-access.server";
import { ServiceError } from "../../app/server/core/errors.server";
import {
  createTestPortal,
  getRequest,
  insertUser,
  insertVendor,
  verifyPathFor,
  type TestPortal,
  statusTokenFor,
} from "../helpers/test-portal";

let portal: TestPortal;
let staff: VendorStaff;
beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  const v = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
  const id = await insertUser(portal.handle, {
    email: "agent@facette.example",
    password: "x-x-x-x-x",
    role: "vendor_agent",
    vendorId: v.id,
  });
  staff = {
    id,
    email: "agent@facette.example",
    name: "Agent",
    role: "vendor_agent",
    vendorId: v.id,
    organisation: null,
    jurisdictions: [],
    locale: "en",
  };
});
afterEach(() => portal.close());

let n = 0;
function fileAndDeliver(jurisdiction: "GB" | "US-CA" | "CA-QC", email: string) {
  n += 1;
  const r = fileRequest(
    {
      vendor: ["facette"],
      jurisdiction,
      type: ["access"],
      fullName: "Inès Haddad",
      email,
      idempotencyKey: `actions-key-${n}-0123456789`,
    },
    { locale: "en", now: portal.now() },
  );
  confirmEmail(verifyPathFor(portal.handle, email).slice("/verify/".length), { now: portal.now() });
  return { ...r.requests[0]!, statusToken: statusTokenFor(portal.handle, r.requests[0]!.reference) };
}
const row = (ref: string) =>
  portal.handle.sqlite
    .prepare("SELECT status, respond_by, extended_to, due_at FROM requests WHERE reference = ?")
    .get(ref) as { status: string; respond_by: string; extended_to: string | null; due_at: number };
async function residentRequest(token: string): Promise<Request> {
  const { setCookie } = await exchangeStatusToken(getRequest(`/r/${token}`), token);
  return getRequest("/", setCookie.split(";")[0]);
}
function errorOf(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    return e as ServiceError;
  }
  throw new Error("did not throw");
}

describe("asking the resident for information", () => {
  it("GB: an identity question stops the clock until the resident answers (3 days later → deadline 3 days later)", async () => {
    const filed = fileAndDeliver("GB", "ines@example.com");
    expect(row(filed.reference).respond_by).toBe("2026-04-07"); // 5 Apr 2026 is Easter Sunday; Mon 6 Apr is Easter Monday
    portal.setNow("2026-03-06T10:00:00Z");
    forVendor(staff).act(
      filed.reference,
      { intent: "request_info", kind: "identity", message: "Please confirm the email you use with us." },
      portal.now(),
    );
    expect(row(filed.reference).status).toBe("awaiting_resident");
    const q = portal.handle.sqlite
      .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = 'info-requested'")
      .get() as { dedupe_key: string; payload: string };
    expect(openOutboxPayload(q)).toMatchObject({
      clockPaused: true,
      message: "Please confirm the email you use with us.",
    });
    portal.setNow("2026-03-09T10:00:00Z");
    await replyToVendor(await residentRequest(filed.statusToken), filed.reference, "It is ines@example.com.", {
      now: portal.now(),
    });
    expect(row(filed.reference).status).toBe("acknowledged");
    expect(row(filed.reference).respond_by > "2026-04-07").toBe(true);
    expect(
      portal.handle.sqlite
        .prepare("SELECT template, to_address FROM email_outbox WHERE template = 'staff-resident-replied'")
        .all(),
    ).toEqual([{ template: "staff-resident-replied", to_address: "agent@facette.example" }]);
    expect(
      forVendor(staff)
        .listMessages(filed.reference, portal.now())
        .map((m) => m.author),
    ).toEqual(["staff", "resident"]);
  });

  it("US-CA: the clock never stops for verification (11 CCR §7021(b))", async () => {
    const filed = fileAndDeliver("US-CA", "noah@example.com");
    const before = row(filed.reference).respond_by;
    forVendor(staff).act(
      filed.reference,
      { intent: "request_info", kind: "identity", message: "Please send a photo to match." },
      portal.now(),
    );
    portal.setNow("2026-03-20T10:00:00Z");
    await replyToVendor(await residentRequest(filed.statusToken), filed.reference, "Attached.", { now: portal.now() });
    expect(row(filed.reference).respond_by).toBe(before);
  });
});

describe("extending the deadline", () => {
  it("US-CA: once, to the 90-day maximum; a second extension is refused", () => {
    const filed = fileAndDeliver("US-CA", "noah@example.com");
    const before = row(filed.reference);
    portal.setNow("2026-04-01T16:00:00Z");
    forVendor(staff).act(
      filed.reference,
      { intent: "extend", reason: "Thousands of matched images to review." },
      portal.now(),
    );
    const after = row(filed.reference);
    expect(after.extended_to).not.toBeNull();
    expect(after.respond_by > before.respond_by).toBe(true);
    expect(after.due_at).toBeGreaterThan(before.due_at);
    const mail = openOutboxPayload(
      portal.handle.sqlite
        .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = 'deadline-extended'")
        .get() as { dedupe_key: string; payload: string },
    );
    expect(mail).toMatchObject({
      previousRespondBy: before.respond_by,
      newRespondBy: after.respond_by,
      reason: "Thousands of matched images to review.",
    });
    const err = errorOf(() =>
      forVendor(staff).act(filed.reference, { intent: "extend", reason: "Again." }, portal.now()),
    );
    expect([err.status, err.code]).toEqual([409, "extension_already_used"]);
  });

  it("Québec: no extension exists in P-39.1 — refused, nothing changes", () => {
    const filed = fileAndDeliver("CA-QC", "lea@example.com");
    const before = row(filed.reference);
    const err = errorOf(() =>
      forVendor(staff).act(filed.reference, { intent: "extend", reason: "Complex." }, portal.now()),
    );
    expect([err.status, err.code]).toEqual([409, "extension_not_allowed"]);
    expect(row(filed.reference)).toEqual(before);
  });

  it("US-CA: notice after the original 45-day period is refused", () => {
    const filed = fileAndDeliver("US-CA", "noah@example.com");
    portal.setNow("2026-04-25T12:00:00Z");
    const err = errorOf(() =>
      forVendor(staff).act(filed.reference, { intent: "extend", reason: "Late." }, portal.now()),
    );
    expect([err.status, err.code]).toEqual([409, "extension_notice_late"]);
  });
});

describe("answers with evidence", () => {
  it("access is fulfilled with a structured package the resident can read and download", async () => {
    const filed = fileAndDeliver("GB", "ines@example.com");
    const bad = errorOf(() =>
      forVendor(staff).act(
        filed.reference,
        { intent: "fulfil", reason: "Here it is.", images: "https://social.example/p/1 | 2024-13-40" },
        portal.now(),
      ),
    );
    expect([bad.status, bad.fields]).toEqual([400, { images: "errors.packageInvalid" }]);
    forVendor(staff).act(
      filed.reference,
      {
        intent: "fulfil",
        reason: "Package attached.",
        images: "https://social.example/p/1 | 2024-05-02\nhttps://news.example/a.jpg | 2025-01-10",
        templates: "vec-8812 | facenet-v4",
        searches: "Acme Security | 2025-06-01\nCity Police Dept | 2025-09-12",
        disclosures: "",
      },
      portal.now(),
    );
    const { getResidentPackage } = await import("../../app/server/resident/resident-answer.server");
    const pkg = await getResidentPackage(await residentRequest(filed.statusToken), filed.reference);
    expect(pkg).toMatchObject({
      kind: "access_package",
      payload: {
        images: [{ sourceUrl: "https://social.example/p/1", collectedOn: "2024-05-02" }, {}],
        searches: [{ customer: "Acme Security" }, {}],
      },
    });
  });

  it("deletion is fulfilled with a certificate stating each outcome separately", () => {
    n += 1;
    fileRequest(
      {
        vendor: ["facette"],
        jurisdiction: "US-CA",
        type: ["deletion"],
        fullName: "Omar Rossi",
        email: "omar@example.com",
        idempotencyKey: `actions-key-del-${n}-0123456789`,
      },
      { locale: "en", now: portal.now() },
    );
    confirmEmail(verifyPathFor(portal.handle, "omar@example.com").slice("/verify/".length), { now: portal.now() });
    const ref = (
      portal.handle.sqlite.prepare("SELECT reference FROM requests WHERE type = 'deletion'").get() as {
        reference: string;
      }
    ).reference;
    const missing = errorOf(() => forVendor(staff).act(ref, { intent: "fulfil", reason: "Deleted." }, portal.now()));
    expect(missing.status).toBe(400);
    forVendor(staff).act(
      ref,
      {
        intent: "fulfil",
        reason: "Deleted.",
        imagesDeleted: 14,
        templatesDeleted: 2,
        customersNotified: 3,
        suppressionActive: "on",
        suppressionUntil: "2031-03-05",
      },
      portal.now(),
    );
    const row = portal.handle.sqlite.prepare("SELECT kind, payload FROM response_packages").get() as {
      kind: string;
      payload: string;
    };
    expect(row.kind).toBe("deletion_certificate");
    expect(JSON.parse(row.payload)).toEqual({
      imagesDeleted: 14,
      templatesDeleted: 2,
      customersNotified: 3,
      suppressionActive: true,
      suppressionUntil: "2031-03-05",
    });
  });
});
