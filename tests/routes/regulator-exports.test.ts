import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as csv from "../../app/routes/regulator.export[.csv]";
import * as json from "../../app/routes/regulator.export[.json]";
import * as login from "../../app/routes/login";
import { csvCell, initials } from "../../app/server/exports.server";
import { confirmEmail, fileRequest } from "../../app/server/requests.server";
import { cookieFrom, createTestPortal, formRequest, getRequest, insertUser, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
let cookie = "";
beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  insertVendor(portal.handle, { slug: "evil", name: "=cmd|' /C calc'!A0" });
  await insertUser(portal.handle, { email: "cai@regulator.example", password: "correct horse battery", role: "regulator", jurisdictions: ["CA-QC"] });
  fileRequest({ vendor: ["evil"], jurisdiction: "CA-QC", type: ["access"], fullName: "Élodie Côté", email: "e@example.com", idempotencyKey: "export-key-0123456789" }, { locale: "fr-CA", now: portal.now() });
  confirmEmail(verifyPathFor(portal.handle, "e@example.com").slice("/verify/".length), { now: portal.now() });
  const res = (await (login.action as (a: object) => Promise<unknown>)({ request: formRequest("/login", { email: "cai@regulator.example", password: "correct horse battery" }), params: {}, context: {} }).catch((e: unknown) => e)) as Response;
  cookie = cookieFrom(res.headers.get("Set-Cookie"));
});
afterEach(() => portal.close());

const load = (mod: { loader: unknown }, url: string) => (mod.loader as (a: object) => Promise<Response>)({ request: getRequest(url, cookie), params: {}, context: {} });

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
    expect(portal.handle.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'data.exported'").get()).toEqual({ n: 1 });
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
