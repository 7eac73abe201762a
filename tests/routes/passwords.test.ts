/**
 * Password rules through the real routes (invitation page to set it, login page to use it), on
 * a real database: length is the only rule (ASVS 6.2.5), the password is compared exactly as
 * typed (6.2.8), long passphrases work (6.2.9), it never expires (6.2.10), and it is stored
 * only as an argon2id hash with OWASP's minimum profile (11.4.2).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as invite from "../../app/routes/invite.$token";
import * as login from "../../app/routes/login";
import { inviteUser } from "../../app/server/accounts/staff-invitations.server";
import { openOutboxPayload } from "../../app/server/mail/outbox.server";
import { createTestPortal, formRequest, insertUser, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
let adminId = 0;
beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  adminId = await insertUser(portal.handle, {
    email: "admin@portal.example",
    password: "correct horse battery",
    role: "admin",
  });
});
afterEach(() => portal.close());

type Fn = (args: object) => Promise<unknown>;
let ipSeq = 0;
// Each attempt from its own address: the login limits are not what these tests are about.
const run = (fn: unknown, request: Request, params: Record<string, string> = {}) =>
  (fn as Fn)({ request, params, context: { clientIp: `198.51.100.${++ipSeq}` } }).catch((e: unknown) => e);
const statusOf = (r: unknown) =>
  r instanceof Response ? r.status : ((r as { init?: { status?: number } | null })?.init?.status ?? 200);
const errorOf = (r: unknown) => (r as { data?: { errors?: { password?: string } } }).data?.errors?.password ?? null;

let userSeq = 0;
/** A fresh regulator invitation; returns the invitee's address and the token of the emailed link. */
async function invitation(): Promise<{ email: string; token: string }> {
  const email = `person${++userSeq}@regulator.example`;
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
    { email, name: `Person ${userSeq}`, role: "regulator", organisation: "CAI", jurisdictions: ["CA-QC"] },
    portal.now(),
  );
  const row = portal.handle.sqlite
    .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = 'staff-invite' AND to_address = ?")
    .get(email) as { dedupe_key: string; payload: string };
  return { email, token: (openOutboxPayload(row) as { invitePath: string }).invitePath.slice("/invite/".length) };
}
const setPassword = (token: string, password: string) =>
  run(invite.action, formRequest(`/invite/${token}`, { password }), { token });
/** The password step of the login: 302 to the second factor when right, 401 when wrong. */
const passwordStep = async (email: string, password: string) =>
  statusOf(await run(login.action, formRequest("/login", { email, password })));

describe("passwords", () => {
  it("ASVS 6.2.5: no composition rule — 12 lower-case letters are enough; only length and the common list refuse", async () => {
    for (const password of ["lowercaseonly", "ééééééééééééé", "1234 5678 9012 x"]) {
      const { email, token } = await invitation();
      const res = await setPassword(token, password);
      expect(statusOf(res), JSON.stringify(password)).toBe(302);
      expect(await passwordStep(email, password), JSON.stringify(password)).toBe(302);
    }
    const { token } = await invitation();
    expect(errorOf(await setPassword(token, "elevenchars"))).toBe("errors.passwordShort");
  });

  it("ASVS 6.2.8: checked exactly as typed — no trimming, no case folding, no Unicode normalisation", async () => {
    const typed = "  Mon Mot de Passe Été  "; // leading and trailing spaces, capitals, é as one code point
    const { email, token } = await invitation();
    expect(statusOf(await setPassword(token, typed))).toBe(302);
    expect(await passwordStep(email, typed)).toBe(302);
    for (const variant of [
      typed.trim(),
      typed.toLowerCase(),
      typed.toUpperCase(),
      typed.normalize("NFD"),
      `${typed} `,
    ]) {
      expect(await passwordStep(email, variant), JSON.stringify(variant)).toBe(401);
    }
  });

  it("ASVS 6.2.9: passphrases of 64 and up to 1024 characters work; 1025 is refused with a message", async () => {
    for (const length of [64, 200, 1024]) {
      const password = "a long passphrase, ".repeat(60).slice(0, length);
      const { email, token } = await invitation();
      expect(statusOf(await setPassword(token, password)), String(length)).toBe(302);
      expect(await passwordStep(email, password), String(length)).toBe(302);
      expect(await passwordStep(email, password.slice(0, -1)), String(length)).toBe(401);
    }
    const { token } = await invitation();
    expect(errorOf(await setPassword(token, "x".repeat(1025)))).toBe("errors.tooLong");
  });

  it("ASVS 6.2.10: a password never expires — three years later it still opens the second-factor step, not a change form", async () => {
    const { email, token } = await invitation();
    await setPassword(token, "a passphrase kept for years");
    portal.setNow("2029-03-05T15:00:00Z");
    const res = (await run(
      login.action,
      formRequest("/login", { email, password: "a passphrase kept for years" }),
    )) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/(login|account)\/two-factor/);
  });

  it("ASVS 11.4.2: stored only as argon2id with 19 MiB, t=2, p=1 and a per-password salt", async () => {
    const hashes: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { email, token } = await invitation();
      await setPassword(token, "the very same passphrase");
      const { password_hash } = portal.handle.sqlite
        .prepare("SELECT password_hash FROM users WHERE email = ?")
        .get(email) as { password_hash: string };
      expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
      expect(password_hash).not.toContain("the very same passphrase");
      hashes.push(password_hash);
    }
    expect(hashes[0]).not.toBe(hashes[1]);
  });
});
