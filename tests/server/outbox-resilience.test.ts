/**
 * The outbox's delivery guarantees against a real SMTP server on 127.0.0.1: refused connections,
 * then 4xx, then acceptance → each email arrives exactly once; a crash between the SMTP "250"
 * and the database update re-sends once, with the SAME Message-ID (the documented
 * at-least-once window); 5xx is final.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMailTransport } from "../../emails/transport";
import { claimDueEmails, dispatchOutbox, enqueueEmail, LEASE_MS } from "../../app/server/mail/outbox.server";
import { inTransaction } from "../../app/server/core/db.server";
import { createTestPortal, type TestPortal } from "../helpers/test-portal";
import { startTestSmtp } from "../helpers/smtp";

let portal: TestPortal;
beforeEach(() => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
});
afterEach(() => portal.close());

function enqueue(n: number) {
  inTransaction(() => {
    for (let i = 1; i <= n; i++) {
      enqueueEmail({
        dedupeKey: `request-acknowledged:BR-2026-00000${i}`,
        to: `r${i}@example.com`,
        template: "request-acknowledged",
        locale: "en",
        at: portal.now(),
        data: {
          fullName: `Resident ${i}`,
          reference: `BR-2026-00000${i}`,
          vendorName: "Facette AI",
          statusPath: `/r/token${i}abcdefghijklmnopqrstuvwxyz012345`,
        },
      });
    }
  });
}
const status = () =>
  portal.handle.sqlite.prepare("SELECT status, count(*) AS n FROM email_outbox GROUP BY status").all();

describe("outbox through outages", () => {
  it("refused connections, then 4xx, then accepted: every email arrives exactly once", async () => {
    enqueue(3);
    // Learn a free port, then close the server so that connections are refused.
    const probe = await startTestSmtp();
    const port = probe.port;
    await probe.close();
    const transport = createMailTransport(`smtp://127.0.0.1:${port}`);
    const advance = (ms: number) => portal.setNow(new Date(portal.now().getTime() + ms));

    expect(await dispatchOutbox({ transport, now: portal.now })).toMatchObject({ sent: 0, retried: 3 });
    advance(60 * 60_000);
    const smtp = await startTestSmtp(port);
    smtp.mode = 421;
    expect(await dispatchOutbox({ transport, now: portal.now })).toMatchObject({ sent: 0, retried: 3 });
    advance(60 * 60_000);
    smtp.mode = "accept";
    expect(await dispatchOutbox({ transport, now: portal.now })).toMatchObject({ sent: 3, retried: 0 });
    advance(60 * 60_000);
    expect(await dispatchOutbox({ transport, now: portal.now })).toMatchObject({ sent: 0, retried: 0 });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["r1@example.com", "r2@example.com", "r3@example.com"]);
    expect(status()).toEqual([{ status: "sent", n: 3 }]);
    transport.close();
    await smtp.close();
  });

  it("a worker killed after sending but before recording: the lease expires and the row is re-sent with the same Message-ID", async () => {
    enqueue(1);
    const smtp = await startTestSmtp();
    const transport = createMailTransport(smtp.url);
    // Worker A claims and sends, then "dies" before marking the row sent.
    const [row] = claimDueEmails({ owner: "worker-A", now: portal.now() });
    await transport.sendMail({
      from: "a@portal.localhost",
      to: row!.to_address,
      subject: "x",
      text: "x",
      messageId: row!.message_id,
    });
    // Before the lease expires, another worker does not touch it.
    expect(await dispatchOutbox({ transport, now: portal.now, owner: "worker-B" })).toMatchObject({ sent: 0 });
    portal.setNow(new Date(portal.now().getTime() + LEASE_MS + 1));
    expect(await dispatchOutbox({ transport, now: portal.now, owner: "worker-B" })).toMatchObject({ sent: 1 });
    // At-least-once: two deliveries, one Message-ID — receivers (and this test) can de-duplicate.
    expect(smtp.received).toHaveLength(2);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(1);
    expect(status()).toEqual([{ status: "sent", n: 1 }]);
    transport.close();
    await smtp.close();
  });

  it("two workers at once never send the same row", async () => {
    enqueue(3);
    const smtp = await startTestSmtp();
    const t1 = createMailTransport(smtp.url);
    const t2 = createMailTransport(smtp.url);
    const [a, b] = await Promise.all([
      dispatchOutbox({ transport: t1, now: portal.now, owner: "w1" }),
      dispatchOutbox({ transport: t2, now: portal.now, owner: "w2" }),
    ]);
    expect(a.sent + b.sent).toBe(3);
    expect(smtp.received).toHaveLength(3);
    t1.close();
    t2.close();
    await smtp.close();
  });

  it("a 5xx answer is final: failed, never retried", async () => {
    enqueue(1);
    const smtp = await startTestSmtp();
    smtp.mode = 550;
    const transport = createMailTransport(smtp.url);
    expect(await dispatchOutbox({ transport, now: portal.now })).toMatchObject({ failed: 1 });
    smtp.mode = "accept";
    portal.setNow(new Date(portal.now().getTime() + 7 * 86_400_000));
    expect(await dispatchOutbox({ transport, now: portal.now })).toMatchObject({ sent: 0, failed: 0, retried: 0 });
    expect(smtp.received).toHaveLength(0);
    transport.close();
    await smtp.close();
  });
});
