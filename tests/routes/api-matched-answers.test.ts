/** Answers from a matching system through the API: images with similarity and thumbnail, a certificate with its search evidence. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as actions from "../../app/routes/api.v1.requests.$ref.actions";
import { createApiKey } from "../../app/server/api/api-keys.server";
import { countCertificateEvidence } from "../../app/server/regulator/certificate-evidence.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { createTestPortal, insertUser, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
let key = "";
let accessRef = "";
let deletionRef = "";

// A real 1x1 JPEG, as a connector would send.
const JPEG =
  "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==";

beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  const a = insertVendor(portal.handle, { slug: "vendor-a" });
  const adminA = await insertUser(portal.handle, {
    email: "admin@a.example",
    password: "x-x-x-x-x",
    role: "vendor_admin",
    vendorId: a.id,
  });
  key = createApiKey(
    {
      id: adminA,
      email: "x",
      name: "x",
      role: "vendor_admin",
      vendorId: a.id,
      organisation: null,
      jurisdictions: [],
      locale: "en",
    },
    "Matcher",
    portal.now(),
  ).key;
  for (const [type, email] of [
    ["access", "ra@example.com"],
    ["deletion", "rd@example.com"],
  ] as const) {
    fileRequest(
      {
        vendor: ["vendor-a"],
        jurisdiction: "CA-QC",
        type: [type],
        fullName: "R",
        email,
        idempotencyKey: `matched-${type}-0123456789`,
      },
      { locale: "en", now: portal.now() },
    );
    confirmEmail(verifyPathFor(portal.handle, email).slice("/verify/".length), { now: portal.now() });
  }
  const refOf = (type: string) =>
    (portal.handle.sqlite.prepare("SELECT reference FROM requests WHERE type = ?").get(type) as { reference: string })
      .reference;
  accessRef = refOf("access");
  deletionRef = refOf("deletion");
});
afterEach(() => portal.close());

const post = async (ref: string, body: unknown) =>
  (actions.action as (a: object) => Promise<Response>)({
    request: new Request(`http://localhost:3000/api/v1/requests/${ref}/actions`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    }),
    params: { ref },
    context: {},
  });

const image = (extra: object = {}) => ({
  sourceUrl: "https://example.test/p/1.jpg",
  collectedOn: "2026-01-02",
  ...extra,
});
const fulfilAccess = (matchedImages: unknown[], extra: object = {}) =>
  post(accessRef, { intent: "fulfil", reason: "Searched the gallery", matchedImages, ...extra });

describe("access package from a matching system", () => {
  it("keeps similarity and thumbnail with each image", async () => {
    const res = await fulfilAccess([image({ similarity: 0.82, thumbnail: JPEG })]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { responsePackage: { kind: string; payload: { images: unknown[] } } };
    expect(body.responsePackage.kind).toBe("access_package");
    expect(body.responsePackage.payload.images).toEqual([image({ similarity: 0.82, thumbnail: JPEG })]);
  });

  it("refuses a thumbnail that is not a JPEG data: URL, an oversized one, or too many", async () => {
    expect((await fulfilAccess([image({ thumbnail: "data:text/html;base64,PHNjcmlwdD4=" })])).status).toBe(400);
    expect((await fulfilAccess([image({ thumbnail: "https://tracker.example/pixel.jpg" })])).status).toBe(400);
    expect((await fulfilAccess([image({ thumbnail: `data:image/jpeg;base64,${"A".repeat(24_000)}` })])).status).toBe(
      400,
    );
    expect(
      (
        await fulfilAccess(
          Array.from({ length: 201 }, (_, i) => image({ sourceUrl: `https://example.test/${i}.jpg`, thumbnail: JPEG })),
        )
      ).status,
    ).toBe(400);
    expect((await fulfilAccess([image({ similarity: 1.5 })])).status).toBe(400);
    expect((await fulfilAccess([image({ sourceUrl: "javascript:alert(1)" })])).status).toBe(400);
  });

  it("refuses typed image lines and structured images together", async () => {
    expect((await fulfilAccess([image()], { images: "https://example.test/a.jpg | 2026-01-01" })).status).toBe(400);
  });
});

describe("deletion certificate with verification", () => {
  const verification = {
    matchesBefore: 4,
    matchesAfter: 0,
    threshold: 0.4,
    model: "face-api test",
    searchedAt: "2026-03-05T15:00:00.000Z",
  };
  const fulfilDeletion = (extra: object) =>
    post(deletionRef, {
      intent: "fulfil",
      reason: "Deleted",
      imagesDeleted: 4,
      templatesDeleted: 4,
      customersNotified: 0,
      suppressionActive: "true",
      ...extra,
    });

  it("stores the before/after search with the certificate", async () => {
    const res = await fulfilDeletion({ verification });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { responsePackage: { payload: { verification: unknown } } };
    expect(body.responsePackage.payload.verification).toEqual(verification);
  });

  it("still accepts a certificate without verification (typed in the workspace)", async () => {
    expect((await fulfilDeletion({})).status).toBe(200);
  });

  it("is counted for the regulator as a certificate with evidence, a typed one as without", async () => {
    expect((await fulfilDeletion({ verification })).status).toBe(200);
    const period = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") };
    expect(countCertificateEvidence({ jurisdictions: ["CA-QC"] }, period)).toEqual([
      { vendor: expect.any(String), withVerification: 1, withoutVerification: 0 },
    ]);
    // Another regulator's jurisdiction sees none of it.
    expect(countCertificateEvidence({ jurisdictions: ["US-CA"] }, period)).toEqual([]);
  });

  it("counts a certificate without verification as without evidence", async () => {
    expect((await fulfilDeletion({})).status).toBe(200);
    const period = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") };
    expect(countCertificateEvidence({ jurisdictions: ["CA-QC"] }, period)[0]).toMatchObject({
      withVerification: 0,
      withoutVerification: 1,
    });
  });

  it("refuses a malformed verification", async () => {
    expect((await fulfilDeletion({ verification: { ...verification, matchesAfter: -1 } })).status).toBe(400);
    expect((await fulfilDeletion({ verification: { ...verification, searchedAt: "yesterday" } })).status).toBe(400);
    expect((await fulfilDeletion({ verification: "x".repeat(10) })).status).toBe(400);
  });
});
