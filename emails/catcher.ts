/**
 * Embedded SMTP catcher for development (like Mailpit): a real SMTP server on 127.0.0.1 that
 * keeps the last messages in memory for /dev/mailbox. It runs only when SMTP_URL is unset.
 */
import { simpleParser } from "mailparser";
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  messageId: string | null;
  text: string;
  html: string | null;
}

export interface MailCatcher {
  port: number;
  list(): CaughtMail[];
  get(id: string): CaughtMail | undefined;
  close(): Promise<void>;
}

const MAX_MESSAGES = 500;

export async function startMailCatcher(opts: { port?: number; host?: string } = {}): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          messages.unshift({
            id: crypto.randomBytes(8).toString("hex"),
            receivedAt: new Date().toISOString(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to,
            subject: parsed.subject ?? "",
            messageId: parsed.messageId ?? null,
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : null,
          });
          if (messages.length > MAX_MESSAGES) messages.length = MAX_MESSAGES;
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    list: () => messages.slice(),
    get: (id) => messages.find((m) => m.id === id),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
