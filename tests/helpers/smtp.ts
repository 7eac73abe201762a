/** A real SMTP server on 127.0.0.1 for tests, whose answers the test controls. */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

export interface ReceivedMail {
  to: string[];
  subject: string;
  messageId: string | null;
  text: string;
  html: string | null;
  /** The Reply-To address, if any, and the envelope sender (MAIL FROM). */
  replyTo: string | null;
  envelopeFrom: string | null;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** 'accept' | a reply code to answer at RCPT time (e.g. 451, 550). */
  mode: "accept" | number;
  close(): Promise<void>;
}

export async function startTestSmtp(port = 0): Promise<TestSmtp> {
  const state: TestSmtp = { port: 0, url: "", received: [], mode: "accept", close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (state.mode === "accept") return callback();
      const err = new Error(state.mode >= 500 ? "Mailbox unavailable" : "Try again later") as Error & {
        responseCode: number;
      };
      err.responseCode = state.mode;
      return callback(err);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((p) => {
          state.received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: p.subject ?? "",
            messageId: p.messageId ?? null,
            text: p.text ?? "",
            html: typeof p.html === "string" ? p.html : null,
            replyTo: p.replyTo?.value?.[0]?.address ?? null,
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          });
          callback();
        })
        .catch(callback);
    },
  });
  // A client that dies mid-session (a portal stopped or killed by a test) resets its connection;
  // without a listener that 'error' event would crash the test process itself.
  server.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "ECONNRESET" && err.code !== "EPIPE") console.error(`test SMTP server: ${String(err)}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  state.port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
