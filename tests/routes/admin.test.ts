import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as admin from "../../app/routes/admin._index";
import * as login from "../../app/routes/login";
import { enqueueEmail } from "../../app/server/mail/outbox.server";
import { inTransaction } from "../../app/server/core/db.server";
import {
  createTestPortal,
  formRequest,
  getRequest,
  insertUser,
  type TestPortal,
  loginAs,
} from "../helpers/test-portal";

let portal: TestPortal;
beforeEach(async () => {
  portal = createTestPortal();
  await insertUser(portal.handle, { email: "admin@portal.example", password: "correct horse battery", role: "admin" });
  await insertUser(portal.handle, {
    email: "cai@regulator.example",
    password: "correct horse battery",
    role: "regulator",
    jurisdictions: ["CA-QC"],
  });
});
afterEach(() => portal.close());

async function signIn(email: string) {
  return loginAs(portal.handle, email, "correct horse battery");
}

describe("portal admin: outbox", () => {
  it("shows failed emails and sends one again (audited); others get 404", async () => {
    inTransaction(() =>
      enqueueEmail({
        dedupeKey: "k1",
        to: "a@example.com",
        template: "request-acknowledged",
        locale: "en",
        at: portal.now(),
        data: {
          fullName: "A",
          reference: "BR-2026-000001",
          vendorName: "V",
          statusPath: "/r/abcdefghijklmnopqrstuvwxyz0123456789",
        },
      }),
    );
    portal.handle.sqlite
      .prepare("UPDATE email_outbox SET status = 'failed', attempts = 10, last_error = '550 no such user'")
      .run();
    const cookie = await signIn("admin@portal.example");
    const page = (await admin.loader({ request: getRequest("/admin", cookie), params: {}, context: {} })) as {
      failed: { id: number; lastError: string }[];
    };
    expect(page.failed).toHaveLength(1);
    expect(page.failed[0]!.lastError).toContain("550");
    const res = (await admin
      .action({
        request: formRequest("/admin", { intent: "retry", id: String(page.failed[0]!.id) }, cookie),
        params: {},
        context: {},
      })
      .catch((e: unknown) => e)) as Response;
    expect(res.status).toBe(302);
    expect(portal.handle.sqlite.prepare("SELECT status, attempts FROM email_outbox").get()).toEqual({
      status: "pending",
      attempts: 0,
    });
    expect(
      portal.handle.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'email.retried'").get(),
    ).toEqual({ n: 1 });
    const reg = await signIn("cai@regulator.example");
    const denied = (await admin
      .loader({ request: getRequest("/admin", reg), params: {}, context: {} })
      .catch((e: unknown) => e)) as Response;
    expect(denied.status).toBe(404);
  });
});
