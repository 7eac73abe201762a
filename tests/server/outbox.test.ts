import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMailTransport } from "../../emails/transport";
import { dispatchOutbox, enqueueEmail, retryDelayMs } from "../../app/server/mail/outbox.server";
import { inTransaction } from "../../app/server/core/db.server";
import { createTestPortal, type TestPortal } from "../helpers/test-portal";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";

let portal: TestPortal;
let smtp: TestSmtp;
beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  smtp = await startTestSmtp();
});
afterEach(async () => {
  await smtp.close();
  portal.close();
});

const data = {
  fullName: "Léa Roy",
  reference: "BR-2026-000001",
  vendorName: "Facette AI",
  statusPath: "/r/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};

function enqueue(key = "request-acknowledged:BR-2026-000001") {
  return inTransaction(() =>
    enqueueEmail({
      dedupeKey: key,
      to: "lea@example.com",
      template: "request-acknowledged",
      locale: "fr-CA",
      data,
      at: portal.now(),
    }),
  );
}
function rows() {
  return portal.handle.sqlite
    .prepare("SELECT status, attempts, next_attempt_at, last_error, message_id FROM email_outbox")
    .all() as {
    status: string;
    attempts: number;
    next_attempt_at: number;
    last_error: string | null;
    message_id: string;
  }[];
}

describe("outbox", () => {
  it("the same dedupe key yields one row", () => {
    expect(enqueue()).toBe(true);
    expect(enqueue()).toBe(false);
    expect(rows()).toHaveLength(1);
  });

  it("refuses a payload the template schema rejects, inside the transaction", () => {
    expect(() =>
      inTransaction(() =>
        enqueueEmail({
          dedupeKey: "k",
          to: "a@example.com",
          template: "request-acknowledged",
          locale: "en",
          data: { nope: 1 },
          at: portal.now(),
        }),
      ),
    ).toThrow();
    expect(rows()).toHaveLength(0);
  });

  it("sends through a real SMTP server with the row's stable Message-ID, once", async () => {
    enqueue();
    const transport = createMailTransport(smtp.url);
    const r1 = await dispatchOutbox({ transport, now: portal.now });
    const r2 = await dispatchOutbox({ transport, now: portal.now });
    expect(r1).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(r2).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.messageId).toBe(rows()[0]!.message_id);
    expect(smtp.received[0]!.to).toEqual(["lea@example.com"]);
    expect(smtp.received[0]!.text).toContain("http://localhost:3000/r/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    expect(rows()[0]!.status).toBe("sent");
    transport.close();
  });

  it("retries a 4xx answer later, and does not send before then", async () => {
    enqueue();
    const transport = createMailTransport(smtp.url);
    smtp.mode = 451;
    expect(await dispatchOutbox({ transport, now: portal.now })).toEqual({ sent: 0, retried: 1, failed: 0 });
    const [row] = rows();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.next_attempt_at).toBeGreaterThan(portal.now().getTime());
    smtp.mode = "accept";
    expect(await dispatchOutbox({ transport, now: portal.now })).toEqual({ sent: 0, retried: 0, failed: 0 });
    portal.setNow(new Date(row!.next_attempt_at));
    expect(await dispatchOutbox({ transport, now: portal.now })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    transport.close();
  });

  it("marks a 5xx answer failed and never retries it", async () => {
    enqueue();
    const transport = createMailTransport(smtp.url);
    smtp.mode = 550;
    expect(await dispatchOutbox({ transport, now: portal.now })).toEqual({ sent: 0, retried: 0, failed: 1 });
    portal.setNow("2026-03-10T00:00:00Z");
    smtp.mode = "accept";
    expect(await dispatchOutbox({ transport, now: portal.now })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(rows()[0]!.status).toBe("failed");
    expect(rows()[0]!.last_error).toMatch(/550/);
    transport.close();
  });

  it("keeps the row pending while the SMTP server is down", async () => {
    enqueue();
    await smtp.close();
    const transport = createMailTransport(smtp.url);
    expect(await dispatchOutbox({ transport, now: portal.now })).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(rows()[0]!.status).toBe("pending");
    transport.close();
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(2, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(20, () => 0.5)).toBe(3_600_000);
    expect(retryDelayMs(1, () => 0)).toBe(24_000);
  });
});
