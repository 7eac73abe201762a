/**
 * No secret at rest: after a full journey — a filing with its confirmation, status links
 * (emailed and "find my requests"), a regulator invitation and its acceptance, a second-factor
 * enrolment with recovery codes, a password reset, a vendor API key, a webhook secret, staff
 * sessions — every cell of every table is read, before and after the worker sends the mail, and
 * none holds a live token or secret in any common encoding. ASVS 11.2.x, 14.2.4; the database
 * file alone must open nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as newRequest from "../../app/routes/requests.new/route";
import * as verify from "../../app/routes/verify.$token";
import * as find from "../../app/routes/requests.find";
import { acceptInvite, inviteUser } from "../../app/server/accounts/staff-invitations.server";
import { requestPasswordReset, resetPassword } from "../../app/server/accounts/staff-passwords.server";
import { createApiKey } from "../../app/server/api/api-keys.server";
import type { SessionUser } from "../../app/server/security/staff-sessions.server";
import {
  dispatchOutbox,
  isSealedPayload,
  openOutboxPayload,
  sealOutboxPayload,
} from "../../app/server/mail/outbox.server";
import { registerWebhook } from "../../app/server/webhooks/manage-webhooks.server";
import { createMailTransport } from "../../emails/transport";
import { encodingsOf, scanDatabase } from "../helpers/database-scan";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import {
  createTestPortal,
  enrolTotp,
  formRequest,
  insertUser,
  insertVendor,
  loginAs,
  loginPasswordOnly,
  statusTokenFor,
  totpSecretOf,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

let portal: TestPortal;
let smtp: TestSmtp;
beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  smtp = await startTestSmtp();
});
afterEach(async () => {
  portal.close();
  await smtp.close();
});

type AnyFn = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
async function call(fn: unknown, request: Request, params: Record<string, string> = {}): Promise<unknown> {
  try {
    return await (fn as AnyFn)({ request, params, context: { clientIp: "203.0.113.7" } });
  } catch (thrown) {
    return thrown;
  }
}

/** The newest outbox payload of a template for an address (the email as the recipient will get it). */
function mailData(template: string, to: string): Record<string, unknown> {
  const row = portal.handle.sqlite
    .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = ? AND to_address = ? ORDER BY id DESC")
    .get(template, to) as { dedupe_key: string; payload: string } | undefined;
  if (!row) throw new Error(`no ${template} email to ${to}`);
  return openOutboxPayload(row);
}
const after = (path: unknown, prefix: string) => String(path).slice(prefix.length);
/** The random session id inside a signed session cookie ("name=value"): Remix signs base64(JSON). */
function sessionIdOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
  return JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf(".")), "base64").toString("utf8")) as string;
}

/** Any one-time path or key pattern, whether or not this test knew the token. */
const GENERIC_SECRET =
  /\/(?:r|verify|invite|reset|two-factor\/unlock)\/[A-Za-z0-9_-]{20,}|brp_[A-Za-z0-9_-]{20,}|whsec_[A-Za-z0-9_-]{20,}/;

describe("no secret at rest", () => {
  it("after a full journey no table holds a usable token, key or secret — before the mail is sent and after", async () => {
    const secrets: Record<string, string> = {};
    const remember = (name: string, token: string) => Object.assign(secrets, encodingsOf(name, token));
    const { config } = portal.runtime;
    secrets["DATA_KEY"] = config.dataKey.toString("hex");
    secrets["SESSION_SECRET"] = config.sessionSecret;

    const vendor = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
    const adminId = await insertUser(portal.handle, {
      email: "root@portal.example",
      password: "correct horse battery",
      role: "admin",
    });
    const vendorAdminId = await insertUser(portal.handle, {
      email: "admin@facette.example",
      password: "correct horse battery",
      role: "vendor_admin",
      vendorId: vendor.id,
    });
    const asUser = (id: number, email: string, role: SessionUser["role"], vendorId: number | null): SessionUser => ({
      id,
      email,
      name: email,
      role,
      vendorId,
      organisation: null,
      jurisdictions: [],
      locale: "en",
    });

    // A resident files, confirms from the inbox, and asks for fresh links.
    await call(
      newRequest.action,
      formRequest("/requests/new", {
        vendor: ["facette"],
        jurisdiction: "GB",
        type: ["access"],
        fullName: "Inès Haddad",
        email: "ines@example.com",
        idempotencyKey: "secrets-key-0123456789",
        step: "submit",
        consent: "yes",
      }),
    );
    const verifyToken = after(verifyPathFor(portal.handle, "ines@example.com"), "/verify/");
    remember("verification token", verifyToken);
    await call(verify.action, formRequest(`/verify/${verifyToken}`, {}), { token: verifyToken });
    const reference = (portal.handle.sqlite.prepare("SELECT reference FROM requests").get() as { reference: string })
      .reference;
    remember("status link (delivered email)", statusTokenFor(portal.handle, reference));
    await call(find.action, formRequest("/requests/find", { email: "ines@example.com" }));
    remember("status link (find my requests)", statusTokenFor(portal.handle, reference));

    // The portal admin invites a regulator, who accepts, signs in and enrols an authenticator.
    await inviteUser(
      asUser(adminId, "root@portal.example", "admin", null),
      { email: "cai@regulator.example", name: "CAI", role: "regulator", organisation: "CAI", jurisdictions: ["CA-QC"] },
      portal.now(),
    );
    const inviteToken = after(mailData("staff-invite", "cai@regulator.example").invitePath, "/invite/");
    remember("invitation token", inviteToken);
    await acceptInvite(inviteToken, "a long regulator passphrase", portal.now());
    const pending = await loginPasswordOnly("cai@regulator.example", "a long regulator passphrase");
    const enrolled = await enrolTotp(pending.cookie);
    secrets["TOTP secret"] = enrolled.secret;
    enrolled.recoveryCodes.forEach((c, i) => (secrets[`recovery code ${i + 1}`] = c));
    secrets["regulator session id"] = sessionIdOf(enrolled.cookie);

    // A password reset is asked for and used.
    requestPasswordReset("admin@facette.example", portal.now());
    const resetToken = after(mailData("password-reset", "admin@facette.example").resetPath, "/reset/");
    remember("reset token", resetToken);
    await resetPassword(resetToken, "another long passphrase", portal.now());
    portal.setNow("2026-03-05T15:01:00Z");
    const vendorSession = await loginAs(portal.handle, "admin@facette.example", "another long passphrase");
    secrets["vendor admin session id"] = sessionIdOf(vendorSession);
    secrets["vendor admin TOTP secret"] = totpSecretOf(portal.handle, "admin@facette.example");

    // The vendor admin creates an API key and a webhook.
    const vendorAdmin = asUser(vendorAdminId, "admin@facette.example", "vendor_admin", vendor.id);
    remember("API key", createApiKey({ ...vendorAdmin, vendorId: vendor.id }, "CRM", portal.now()).key);
    const hook = await registerWebhook(vendorAdmin, "https://hooks.facette.example/portal", portal.now(), {
      lookup: async () => [{ address: "93.184.216.34", family: 4 }],
    });
    remember("webhook secret", hook.secret);

    const check = () => {
      const { hits, coverage } = scanDatabase(portal.handle, secrets);
      expect(hits, `secrets found: ${JSON.stringify(hits)}`).toEqual([]);
      // Nothing shaped like a one-time path or key, whether or not this test knew it.
      for (const table of Object.keys(coverage.layout)) {
        const quoted = portal.handle.engine === "postgres" ? `"${table}"` : `\`${table}\``;
        for (const row of portal.handle.sqlite.prepare(`SELECT * FROM ${quoted}`).all() as Record<string, unknown>[]) {
          for (const [column, value] of Object.entries(row))
            expect(GENERIC_SECRET.test(String(value)), `${table}.${column}`).toBe(false);
        }
      }
      return coverage;
    };

    // Before sending: every payload is sealed; no table holds any of the secrets.
    const outbox = portal.handle.sqlite.prepare("SELECT payload FROM email_outbox").all() as { payload: string }[];
    expect(outbox.length).toBeGreaterThanOrEqual(6);
    expect(outbox.every((r) => isSealedPayload(r.payload))).toBe(true);
    const coverage = check();
    expect(coverage.tables).toBeGreaterThanOrEqual(25);

    // After the worker sends everything through a real SMTP server: payloads are gone.
    const transport = createMailTransport(smtp.url);
    try {
      const sent = await dispatchOutbox({ transport, now: () => portal.now(), limit: 100 });
      expect(sent.failed).toBe(0);
    } finally {
      transport.close();
    }
    expect(smtp.received.some((m) => m.text.includes(`/invite/${inviteToken}`))).toBe(true);
    const left = portal.handle.sqlite.prepare("SELECT status, payload FROM email_outbox").all() as {
      status: string;
      payload: string;
    }[];
    expect(left.every((r) => r.status === "sent" && r.payload === '{"cleared":true}')).toBe(true);
    check();
    console.log(
      `secrets at rest: ${Object.keys(secrets).length} secrets and encodings; ${coverage.tables} tables, ${coverage.columns} columns, ${coverage.cells} cells read: ${Object.keys(coverage.layout).join(", ")}`,
    );
  });

  it("a sealed payload opens only for its own row and under the portal's DATA_KEY", () => {
    const payload = sealOutboxPayload("verify-email:1", { verifyPath: "/verify/abc" });
    expect(payload).not.toContain("verify");
    expect(openOutboxPayload({ dedupe_key: "verify-email:1", payload })).toEqual({ verifyPath: "/verify/abc" });
    // Moved to another row, or read with another key, it fails authentication.
    expect(() => openOutboxPayload({ dedupe_key: "verify-email:2", payload })).toThrow(/authentication/);
    expect(() => openOutboxPayload({ dedupe_key: "verify-email:1", payload }, Buffer.alloc(32, 7))).toThrow(
      /authentication/,
    );
  });
});
