/**
 * The inbound SMTP listener: mail for request reply and bounce addresses, meant to sit behind
 * the operator's MX or relay (it speaks plain SMTP, no AUTH, no STARTTLS: the relay in front
 * terminates TLS). It refuses at RCPT TO — 550, before any data is read, so nothing is stored —
 * every recipient that is not a genuine token for an existing request.
 *
 * Limits: INBOUND_MAX_BYTES per message (announced with SIZE, 552 past it), 10 recipients per
 * message, and, per rolling hour, 30 messages per envelope sender (or per client address for a
 * null sender) and 20 per request token (451: a real sender retries later).
 */
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { parseReplyAddress } from "./reply-address.server";
import { type DNSResolver } from "./inbound-authentication.server";
import { INBOUND_MAX_BYTES, isKnownRequest, receiveInboundMail, type InboundOutcome } from "./inbound-store.server";

export const INBOUND_RATE = {
  perSenderPerHour: 30,
  perTokenPerHour: 20,
  windowMs: 60 * 60_000,
  maxRecipients: 10,
} as const;

export interface InboundListener {
  port: number;
  close(): Promise<void>;
  /** Resolves when every message accepted so far has been stored (tests, shutdown). */
  settled(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** A sliding-window counter in memory: the listener is one process, and its limits are abuse brakes. */
class HourlyCounter {
  private hits = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}
  /** Counts a hit unless the key is over its limit; false = refused. */
  take(key: string, now: number): boolean {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length >= this.limit) {
      this.hits.set(key, list);
      return false;
    }
    list.push(now);
    this.hits.set(key, list);
    if (this.hits.size > 50_000) this.prune(now);
    return true;
  }
  private prune(now: number): void {
    for (const [k, v] of this.hits) if (!v.some((t) => t > now - this.windowMs)) this.hits.delete(k);
  }
}

function readStream(stream: SMTPServerDataStream): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("error", reject);
    // smtp-server stops collecting past `size` and flags it; the message is refused whole.
    stream.on("end", () => resolve(stream.sizeExceeded ? null : Buffer.concat(chunks)));
  });
}

export async function startInboundSmtp(opts: {
  port: number;
  host: string;
  now: () => Date;
  resolver?: DNSResolver;
  maxBytes?: number;
  onStored?: (outcome: InboundOutcome) => void;
  log?: (line: string) => void;
}): Promise<InboundListener> {
  const maxBytes = opts.maxBytes ?? INBOUND_MAX_BYTES;
  const perSender = new HourlyCounter(INBOUND_RATE.perSenderPerHour, INBOUND_RATE.windowMs);
  const perToken = new HourlyCounter(INBOUND_RATE.perTokenPerHour, INBOUND_RATE.windowMs);
  const pending = new Set<Promise<unknown>>();
  const log = opts.log ?? (() => {});

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    size: maxBytes,
    banner: "Biometric Rights Portal inbound mail",
    maxClients: 50,
    socketTimeout: 60_000,
    onMailFrom(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const sender = address.address ? address.address.toLowerCase() : `<>@${session.remoteAddress}`;
      if (!perSender.take(sender, opts.now().getTime()))
        return callback(smtpError(451, "4.7.1 Too many messages from this sender, try again later"));
      callback();
    },
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      if (session.envelope.rcptTo.length >= INBOUND_RATE.maxRecipients)
        return callback(smtpError(452, "4.5.3 Too many recipients"));
      let parsed: ReturnType<typeof parseReplyAddress> = null;
      try {
        parsed = parseReplyAddress(address.address);
        if (parsed && !isKnownRequest(parsed.requestId)) parsed = null;
      } catch {
        return callback(smtpError(451, "4.3.0 Temporary failure, try again later"));
      }
      if (!parsed) return callback(smtpError(550, "5.1.1 No such recipient"));
      if (!perToken.take(`${parsed.purpose}:${parsed.requestId}`, opts.now().getTime()))
        return callback(smtpError(451, "4.7.1 Too many messages for this address, try again later"));
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const work = (async () => {
        const raw = await readStream(stream);
        if (!raw) throw smtpError(552, `5.3.4 Message too big (limit ${maxBytes} bytes)`);
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null,
          clientIp: session.remoteAddress,
          helo: session.hostNameAppearsAs || session.clientHostname || "",
        };
        for (const r of session.envelope.rcptTo) {
          const target = parseReplyAddress(r.address);
          if (!target) continue;
          const outcome = await receiveInboundMail({
            raw,
            requestId: target.requestId,
            purpose: target.purpose,
            envelope,
            resolver: opts.resolver,
            now: opts.now(),
          });
          opts.onStored?.(outcome);
        }
      })();
      pending.add(work);
      work
        .then(() => callback())
        .catch((err: unknown) => {
          const code = (err as { responseCode?: number }).responseCode;
          if (code) return callback(err as Error);
          // Ours, not the sender's: a temporary failure makes a real MTA retry.
          log(`inbound mail: storing failed: ${err instanceof Error ? err.message : String(err)}`);
          callback(smtpError(451, "4.3.0 Temporary failure, try again later"));
        })
        .finally(() => pending.delete(work));
    },
  });
  // A peer that resets its connection must not take the process down.
  server.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "ECONNRESET" && err.code !== "EPIPE") log(`inbound mail: ${String(err)}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    async settled() {
      await Promise.allSettled([...pending]);
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...pending]);
    },
  };
}
