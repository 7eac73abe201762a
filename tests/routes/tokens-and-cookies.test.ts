/**
 * What the portal hands a browser or a mailbox, read off the real routes of a portal whose
 * public address is https: the cookies' attributes (ASVS 3.3.1–3.3.4), the session id and the
 * e-mailed tokens' size (7.2.3, 6.4.1, 6.5.4, 11.5.1), and that a session id means something
 * only when the server finds its hash in the database (7.2.1).
 */
import { createCookie } from "@remix-run/node";
import crypto from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as login from "../../app/routes/login";
import * as newRequest from "../../app/routes/requests.new/route";
import * as vendorHome from "../../app/routes/vendor._index";
import * as verify from "../../app/routes/verify.$token";
import { inviteUser } from "../../app/server/accounts/staff-invitations.server";
import { requestPasswordReset } from "../../app/server/accounts/staff-passwords.server";
import { localeCookieFor } from "../../app/server/core/locale.server";
import { openOutboxPayload } from "../../app/server/mail/outbox.server";
import {
  createTestPortal,
  formRequest,
  getRequest,
  insertUser,
  insertVendor,
  passSecondFactor,
  statusTokenFor,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

const SECRET = "test-session-secret-test-session-secret";
let portal: TestPortal;
let adminId = 0;
beforeEach(async () => {
  portal = createTestPortal({
    now: "2026-03-05T15:00:00Z",
    env: { PUBLIC_URL: "https://portal.example.org", SESSION_SECRET: SECRET },
  });
  const vendor = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
  await insertUser(portal.handle, {
    email: "agent@facette.example",
    password: "correct horse battery",
    role: "vendor_agent",
    vendorId: vendor.id,
  });
  adminId = await insertUser(portal.handle, {
    email: "admin@portal.example",
    password: "correct horse battery",
    role: "admin",
  });
});
afterEach(() => portal.close());

type Fn = (args: object) => Promise<unknown>;
const run = (fn: unknown, request: Request, params: Record<string, string> = {}) =>
  (fn as Fn)({ request, params, context: { clientIp: "203.0.113.60" } }).catch((e: unknown) => e);
const statusOf = (r: unknown) =>
  r instanceof Response ? r.status : ((r as { init?: { status?: number } | null })?.init?.status ?? 200);
/** One Set-Cookie header's attributes, lower-cased names (the value and Expires left out). */
function attributesOf(setCookie: string): { name: string; attrs: Record<string, string | true> } {
  const [pair, ...rest] = setCookie.split(";").map((s) => s.trim());
  const attrs: Record<string, string | true> = {};
  for (const a of rest) {
    const i = a.indexOf("=");
    attrs[(i < 0 ? a : a.slice(0, i)).toLowerCase()] = i < 0 ? true : a.slice(i + 1);
  }
  return { name: pair!.slice(0, pair!.indexOf("=")), attrs };
}
/** The random id inside Remix's signed cookie value: base64(JSON) "." signature. */
function signedValueOf(setCookie: string): unknown {
  const raw = decodeURIComponent(setCookie.split(";")[0]!.split("=").slice(1).join("="));
  return JSON.parse(Buffer.from(raw.slice(0, raw.lastIndexOf(".")), "base64").toString("utf8")) as unknown;
}
const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
const BASE64URL_256_BITS = /^[A-Za-z0-9_-]{43}$/;

async function passwordLogin(): Promise<string> {
  const res = (await run(
    login.action,
    formRequest("/login", { email: "agent@facette.example", password: "correct horse battery" }),
  )) as Response;
  expect(res.status).toBe(302);
  return res.headers.get("Set-Cookie")!;
}

describe("cookies over https", () => {
  it("ASVS 3.3.1–3.3.4: the session cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", async () => {
    const { name, attrs } = attributesOf(await passwordLogin());
    expect(name).toBe("__Host-portal_session");
    expect(attrs).toMatchObject({ secure: true, httponly: true, samesite: "Lax", path: "/" });
    expect(attrs.domain).toBeUndefined();
  });

  it("ASVS 3.3.1–3.3.4: the resident's status-link cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", async () => {
    await run(
      newRequest.action,
      formRequest("/requests/new", {
        vendor: ["facette"],
        jurisdiction: "GB",
        type: ["access"],
        fullName: "Inès Haddad",
        email: "ines@example.com",
        idempotencyKey: "cookies-0123456789",
        step: "submit",
        consent: "yes",
      }),
    );
    const token = verifyPathFor(portal.handle, "ines@example.com").slice("/verify/".length);
    const confirmed = (await run(verify.action, formRequest(`/verify/${token}`, {}), { token })) as {
      init: ResponseInit | null;
    };
    const { name, attrs } = attributesOf(new Headers(confirmed.init?.headers).get("Set-Cookie")!);
    expect(name).toBe("__Host-resident_links");
    expect(attrs).toMatchObject({ secure: true, httponly: true, samesite: "Lax", path: "/" });
    expect(attrs.domain).toBeUndefined();
  });

  it("ASVS 3.3.2: the language cookie is SameSite=Lax and site-wide (it holds only 'en' or 'fr-CA')", () => {
    const { name, attrs } = attributesOf(localeCookieFor(new Request("https://portal.example.org/?lng=fr"))!);
    expect(name).toBe("lng");
    expect(attrs).toMatchObject({ samesite: "Lax", path: "/" });
    expect(localeCookieFor(new Request("https://portal.example.org/?lng=<script>"))).toBeNull();
  });
});

describe("session ids and e-mailed tokens", () => {
  it("ASVS 7.2.3, 7.2.1: the session id is 256 random bits; the database keeps only its SHA-256, looked up on every request", async () => {
    const first = await passwordLogin();
    const second = await passwordLogin();
    const ids = [signedValueOf(first), signedValueOf(second)] as string[];
    for (const id of ids) {
      expect(id).toMatch(BASE64URL_256_BITS);
      expect(
        portal.handle.sqlite.prepare("SELECT count(*) AS n FROM sessions WHERE id_hash = ?").get(sha256(id)),
      ).toEqual({ n: 1 });
      expect(portal.handle.sqlite.prepare("SELECT count(*) AS n FROM sessions WHERE id_hash = ?").get(id)).toEqual({
        n: 0,
      });
    }
    expect(ids[0]).not.toBe(ids[1]);
    const full = await passSecondFactor(portal.handle, "agent@facette.example", first.split(";")[0]!);
    expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", full)))).toBe(200);
    // The row decides: the same signed cookie stops working the moment its row is revoked.
    portal.handle.sqlite.prepare("UPDATE sessions SET revoked_at = ?").run(portal.now().getTime());
    expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", full)))).toBe(302);
  });

  it("ASVS 7.2.1: a cookie the server did not issue opens nothing — a guessed id correctly signed, a real id signed with another key, an unsigned one", async () => {
    const real = signedValueOf(
      await passSecondFactor(portal.handle, "agent@facette.example", (await passwordLogin()).split(";")[0]!),
    ) as string;
    const as = (secret: string, value: string) =>
      createCookie("__Host-portal_session", { secrets: [secret] }).serialize(value);
    const forged = [
      await as(SECRET, crypto.randomBytes(32).toString("base64url")),
      await as("another-secret-another-secret-another", real),
      `__Host-portal_session=${encodeURIComponent(Buffer.from(JSON.stringify(real)).toString("base64"))}`,
    ];
    for (const cookie of forged)
      expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", cookie.split(";")[0]!)))).toBe(302);
    expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", (await as(SECRET, real)).split(";")[0]!)))).toBe(
      200,
    );
  });

  it("ASVS 6.4.1, 6.5.4, 11.5.1: every e-mailed link carries 256 random bits (confirmation, status, invitation, reset)", async () => {
    await run(
      newRequest.action,
      formRequest("/requests/new", {
        vendor: ["facette"],
        jurisdiction: "GB",
        type: ["access"],
        fullName: "Inès Haddad",
        email: "ines@example.com",
        idempotencyKey: "tokens-0123456789",
        step: "submit",
        consent: "yes",
      }),
    );
    const verifyToken = verifyPathFor(portal.handle, "ines@example.com").slice("/verify/".length);
    await run(verify.action, formRequest(`/verify/${verifyToken}`, {}), { token: verifyToken });
    const reference = (portal.handle.sqlite.prepare("SELECT reference FROM requests").get() as { reference: string })
      .reference;
    const admin = {
      id: adminId,
      email: "admin@portal.example",
      name: "Admin",
      role: "admin" as const,
      vendorId: null,
      organisation: null,
      jurisdictions: [],
      locale: "en",
    };
    await inviteUser(
      admin,
      { email: "cai@regulator.example", name: "CAI", role: "regulator", organisation: "CAI", jurisdictions: ["CA-QC"] },
      portal.now(),
    );
    requestPasswordReset("agent@facette.example", portal.now());
    const mail = (template: string) => {
      const row = portal.handle.sqlite
        .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = ? ORDER BY id DESC")
        .get(template) as { dedupe_key: string; payload: string };
      return openOutboxPayload(row);
    };
    const tokens = {
      confirmation: verifyToken,
      status: statusTokenFor(portal.handle, reference),
      invitation: String(mail("staff-invite").invitePath).slice("/invite/".length),
      reset: String(mail("password-reset").resetPath).slice("/reset/".length),
    };
    for (const [kind, token] of Object.entries(tokens)) expect(token, kind).toMatch(BASE64URL_256_BITS);
    expect(new Set(Object.values(tokens)).size).toBe(4);
  });
});
