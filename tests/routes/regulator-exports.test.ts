import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as csv from "../../app/routes/regulator.export[.csv]";
import * as json from "../../app/routes/regulator.export[.json]";
import * as login from "../../app/routes/login";
import { initials } from "../../app/server/regulator/case-exports.server";
import { csvCell } from "../../app/server/core/csv.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import {
  createTestPortal,
  formRequest,
  getRequest,
  insertUser,
  insertVendor,
  verifyPathFor,
  type TestPortal,
  loginAs,
} from "../helpers/test-portal";

let portal: TestPortal;
let cookie = "";
beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  insertVendor(portal.handle, { slug: "evil", name: "=cmd|' /C calc'!A0" });
  await insertUser(portal.handle, {
    email: "cai@regulator.example",
    password: "correct horse battery",
    role: "regulator",
    jurisdictions: ["CA-QC"],
  });
  fileRequest(
    {
      vendor: ["evil"],
      jurisdiction: "CA-QC",
      type: ["access"],
      fullName: "Élodie Côté",
      email: "e@example.com",
      idempotencyKey: "export-key-0123456789",
    },
    { locale: "fr-CA", now: portal.now() },
  );
  confirmEmail(verifyPathFor(portal.handle, "e@example.com").slice("/verify/".length), { now: portal.now() });
  cookie = await loginAs(portal.handle, "cai@regulator.example", "correct horse battery");
});
afterEach(() => portal.close());

const load = (mod: { loader: unknown }, url: string) =>
  (mod.loader as (a: object) => Promise<Response>)({ request: getRequest(url, cookie), params: {}, context: {} });

describe("regulator exports", () => {
  it("CSV: masked identity, formula cells neutralised, audited", async () => {
    const res = await load(csv, "/regulator/export.csv?from=2026-01-01&to=2026-12-31");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    const text = await res.text();
    const [header, row] = text.trim().split("\r\n");
    expect(header).toMatch(/^reference,vendor,jurisdiction/);
    expect(row).toContain(",'=cmd|' /C calc'!A0,");
    expect(row).toContain("É. C.");
    expect(text).not.toContain("Côté");
    expect(text).not.toContain("e@example.com");
    expect(
      portal.handle.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'data.exported'").get(),
    ).toEqual({ n: 1 });
  });

  it("refuses absurd or malformed ranges with a message", async () => {
    expect((await load(csv, "/regulator/export.csv?from=2010-01-01&to=2026-12-31")).status).toBe(400);
    expect((await load(csv, "/regulator/export.csv?from=nope&to=2026-12-31")).status).toBe(400);
    const bad = await load(json, "/regulator/export.json?from=2026-05-01&to=2026-01-01");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/on or after/);
  });

  it("JSON metrics carry no personal data", async () => {
    const res = await load(json, "/regulator/export.json?from=2026-01-01&to=2026-12-31");
    const text = await res.text();
    expect(JSON.parse(text).vendors[0].received).toBe(1);
    expect(text).not.toContain("Côté");
  });

  it("csvCell and initials", () => {
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell(null)).toBe("");
    expect(initials("amélie de la Tremblay")).toBe("A. D. L. T.");
  });
});

describe("regulator case drill-down", () => {
  it("lists and opens cases in scope with identity masked; reveal needs a reason and is audited; other jurisdictions are 404", async () => {
    const cases = await import("../../app/routes/regulator.cases._index");
    const kase = await import("../../app/routes/regulator.cases.$ref");
    const list = await (cases.loader as (a: object) => Promise<{ items: { reference: string }[] }>)({
      request: getRequest("/regulator/cases?outcome=open", cookie),
      params: {},
      context: {},
    });
    expect(list.items).toHaveLength(1);
    const ref = list.items[0]!.reference;
    const page = await (
      kase.loader as (a: object) => Promise<{ resident: { initials: string; email: string }; rule: string }>
    )({ request: getRequest(`/regulator/cases/${ref}`, cookie), params: { ref }, context: {} });
    expect(page.resident).toEqual({ initials: "É. C.", email: "e***@example.com" });
    expect(page.rule).toMatch(/^CA-QC\/access v\d+$/);
    const reveal = (fields: Record<string, string>) =>
      (
        kase.action as (a: object) => Promise<{
          init?: { status: number };
          data?: { errors: Record<string, string>; values: Record<string, string> };
          revealed?: { fullName: string };
        }>
      )({ request: formRequest(`/regulator/cases/${ref}`, fields, cookie), params: { ref }, context: {} });
    const noReason = await reveal({ purpose: "", fileNumber: "" });
    expect(noReason.init!.status).toBe(400);
    expect(noReason.data!.errors).toEqual({ purpose: "errors.revealPurpose", fileNumber: "errors.fileNumber" });
    // Free text (which might name the resident) is not a file number; what was typed comes back.
    const prose = await reveal({ purpose: "complaint", fileNumber: "Élodie called us on Monday about it" });
    expect(prose.init!.status).toBe(400);
    expect(prose.data!.values.fileNumber).toBe("Élodie called us on Monday about it");
    expect(
      portal.handle.sqlite.prepare("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'pii.revealed'").get(),
    ).toEqual({ n: 0 });
    const revealed = await reveal({ purpose: "complaint", fileNumber: " CAI-2026-0117 " });
    expect(revealed.revealed!.fullName).toBe("Élodie Côté");
    const audit = portal.handle.sqlite
      .prepare("SELECT details FROM audit_events WHERE action = 'pii.revealed'")
      .all() as { details: string }[];
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ purpose: "complaint", fileNumber: "CAI-2026-0117" }]);
    // A California case is outside the CAI's scope: 404, audited.
    fileRequest(
      {
        vendor: ["evil"],
        jurisdiction: "US-CA",
        type: ["access"],
        fullName: "Other",
        email: "o@example.com",
        idempotencyKey: "export-key-other-0123",
      },
      { locale: "en", now: portal.now() },
    );
    confirmEmail(verifyPathFor(portal.handle, "o@example.com").slice("/verify/".length), { now: portal.now() });
    const otherRef = (
      portal.handle.sqlite.prepare("SELECT reference FROM requests WHERE jurisdiction = 'US-CA'").get() as {
        reference: string;
      }
    ).reference;
    const denied = await (kase.loader as (a: object) => Promise<unknown>)({
      request: getRequest(`/regulator/cases/${otherRef}`, cookie),
      params: { ref: otherRef },
      context: {},
    }).catch((e: unknown) => e);
    expect((denied as Response).status).toBe(404);
    expect(
      portal.handle.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'auth.denied'").get(),
    ).toEqual({ n: 1 });
  });
});
