/**
 * Demo data for the inbound listener: right after the demo seed, the email-only company of the
 * seed (Lumen Index) "answers" a few of its open requests by email — an answer, a request for
 * ID, a refusal — a stranger writes to one reply address (kept aside for the portal admin), and
 * one letter bounces. Everything goes through the real listener over SMTP on loopback, so a
 * newcomer sees on `npm start` exactly what real mail produces. Development data only.
 */
import { createMailTransport } from "../../../emails/transport";
import { getSqlite, prepareCached } from "../core/db.server";
import { readAll, type RequestRow } from "../core/rows.server";
import { buildReplyAddress } from "./reply-address.server";

function demoReplies(ref: string): {
  from: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: string; contentType: string }[];
}[] {
  return [
    {
      from: "Lumen Index privacy <dpo@lumen-index.example>",
      subject: `Re: [${ref}] Your access request`,
      text: `Dear requester,\n\nFurther to your request ${ref}, we searched our index. We hold 2 facial images of you, collected from public web pages in 2025, and the face template derived from them. The list is attached.\n\nLumen Index privacy team`,
      html: `<p>Dear requester,</p><p>Further to your request <b>${ref}</b>, we searched our index. We hold <b>2 facial images</b> of you and the face template derived from them. The list is attached.</p><p>Lumen Index privacy team</p>`,
      attachments: [
        {
          filename: "lumen-export.csv",
          content:
            "image_id,source,collected_on\n9912,https://example.org/team,2025-02-11\n10477,https://example.net/event,2025-06-30\n",
          contentType: "text/csv",
        },
      ],
    },
    {
      from: "Lumen Index privacy <dpo@lumen-index.example>",
      subject: `Re: [${ref}] Identity verification`,
      text: `Hello,\n\nBefore we can act on request ${ref}, please send a copy of a government-issued photo ID, with the number hidden, so we can confirm the images are of you.\n\nLumen Index privacy team`,
    },
    {
      from: "Lumen Index legal <legal@lumen-index.example>",
      subject: `Re: [${ref}] Your request`,
      text: `Hello,\n\nWe decline request ${ref}: we consider that the images we index were publicly available and fall outside the law you cite.\n\nLumen Index legal department`,
    },
  ];
}

function bounceFor(to: string, ref: string): string {
  const boundary = "demo-dsn";
  return [
    "From: Mail Delivery System <MAILER-DAEMON@mx.lumen-index.example>",
    `To: ${to}`,
    "Subject: Undelivered Mail Returned to Sender",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain",
    "",
    "The mailbox dpo@lumen-index.example is full and no longer accepts mail.",
    `--${boundary}`,
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.lumen-index.example",
    "",
    "Final-Recipient: rfc822; dpo@lumen-index.example",
    "Action: failed",
    "Status: 5.2.2",
    `--${boundary}`,
    "Content-Type: text/rfc822-headers",
    "",
    `Subject: [${ref}] Request`,
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

/** Sends the demo mail to the listener on `port`. Returns how many messages it accepted. */
export async function sendDemoInboundMail(opts: { host: string; port: number }): Promise<number> {
  const open = readAll<Pick<RequestRow, "id" | "reference">>(
    prepareCached(
      getSqlite(),
      `SELECT r.id, r.reference FROM requests r JOIN vendors v ON v.id = r.vendor_id
       WHERE v.intake = 'email' AND r.status IN ('received', 'acknowledged') ORDER BY r.received_at DESC, r.id DESC LIMIT 5`,
    ),
  );
  if (open.length === 0) return 0;
  // Connect over loopback even when the listener binds every interface.
  const host = opts.host === "0.0.0.0" || opts.host === "::" ? "127.0.0.1" : opts.host;
  const transport = createMailTransport(`smtp://${host.includes(":") ? `[${host}]` : host}:${opts.port}`);
  let sent = 0;
  try {
    const replies = open.slice(0, 3).map((r, i) => ({ r, mail: demoReplies(r.reference)[i]! }));
    for (const { r, mail } of replies) {
      await transport.sendMail({ ...mail, to: buildReplyAddress("reply", r.id)! });
      sent += 1;
    }
    if (open[3]) {
      await transport.sendMail({
        from: "Someone <helpful.stranger@webmail.example>",
        to: buildReplyAddress("reply", open[3].id)!,
        subject: `Re: [${open[3].reference}]`,
        text: "I work at Lumen Index, you can send me the photos directly.",
      });
      sent += 1;
    }
    if (open[4]) {
      const bounceTo = buildReplyAddress("bounce", open[4].id)!;
      await transport.sendMail({ envelope: { from: "", to: [bounceTo] }, raw: bounceFor(bounceTo, open[4].reference) });
      sent += 1;
    }
  } finally {
    transport.close();
  }
  return sent;
}
