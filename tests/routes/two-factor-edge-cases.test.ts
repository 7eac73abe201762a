/**
 * Second-factor edge cases that must end in a clean 4xx, never a 500: a server clock that
 * stepped back after a code was spent (NTP correction), and an enrolment form submitted twice
 * (double click) so both posts pass the guard before either commits.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as enrolPage from "../../app/routes/account.two-factor";
import * as codePage from "../../app/routes/login_.two-factor";
import { TOTP_PERIOD_SECONDS } from "../../app/server/security/totp.server";
import {
  createTestPortal,
  formRequest,
  freshTotpCode,
  getRequest,
  insertUser,
  insertVendor,
  loginPasswordOnly,
  passSecondFactor,
  totpCodeAt,
  totpSecretOf,
  type TestPortal,
} from "../helpers/test-portal";

const PW = "correct horse battery";
let portal: TestPortal;

beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:10Z" });
  const vendor = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" }).id;
  await insertUser(portal.handle, {
    email: "agent@facette.example",
    password: PW,
    role: "vendor_agent",
    vendorId: vendor,
  });
  await insertUser(portal.handle, {
    email: "new@facette.example",
    password: PW,
    role: "vendor_agent",
    vendorId: vendor,
    twoFactor: false,
  });
});
afterEach(() => portal.close());

type Fn = (a: object) => Promise<unknown>;
const run = async (fn: unknown, request: Request) =>
  (fn as Fn)({ request, params: {}, context: { clientIp: "198.51.100.7" } }).catch((e: unknown) => e);
const statusOf = (r: unknown) =>
  r instanceof Response ? r.status : ((r as { init?: { status?: number } | null })?.init?.status ?? 200);
const audits = (action: string) =>
  portal.handle.sqlite.prepare("SELECT details FROM audit_events WHERE action = ? ORDER BY seq").all(action) as {
    details: string;
  }[];

describe("second factor never answers 500", () => {
  it("after the server clock steps back past the last spent code, a code is refused with 401 (audited), not a crash", async () => {
    const email = "agent@facette.example";
    const { cookie: first } = await loginPasswordOnly(email, PW);
    await passSecondFactor(portal.handle, email, first, { code: freshTotpCode(portal.handle, email) });
    // The clock is corrected backwards by two minutes (four steps): the stored step is now "in the future".
    portal.setNow(new Date(portal.now().getTime() - 4 * TOTP_PERIOD_SECONDS * 1000));
    const { cookie } = await loginPasswordOnly(email, PW);
    const code = totpCodeAt(totpSecretOf(portal.handle, email), portal.now());
    const res = await run(codePage.action, formRequest("/login/two-factor", { code }, cookie));
    expect(res).not.toBeInstanceOf(Error);
    expect(statusOf(res)).toBe(401);
    expect(audits("auth.second_factor_failed").map((a) => JSON.parse(a.details))).toEqual([
      { method: "totp", purpose: "login" },
    ]);
  });

  it("an enrolment posted twice: the first enrols, the second is a 409 (not a thrown error)", async () => {
    const { cookie } = await loginPasswordOnly("new@facette.example", PW);
    const page = (await run(enrolPage.loader, getRequest("/account/two-factor", cookie))) as {
      secret: string;
      pending: string;
    };
    const code = totpCodeAt(page.secret, portal.now());
    const post = () =>
      run(
        enrolPage.action,
        formRequest("/account/two-factor", { intent: "enrol", pending: page.pending, code }, cookie),
      );
    const [a, b] = await Promise.all([post(), post()]);
    const results = [a, b];
    expect(
      results.filter((r) => statusOf(r) === 200 && (r as { data?: { ok?: boolean } }).data?.ok === true),
    ).toHaveLength(1);
    const other = results.find((r) => !(statusOf(r) === 200 && (r as { data?: { ok?: boolean } }).data?.ok === true));
    expect(other).toBeInstanceOf(Response);
    expect(statusOf(other)).toBe(409);
  });
});
