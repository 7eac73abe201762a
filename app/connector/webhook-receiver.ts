// The connector's webhook endpoint: checks the portal's signature before believing anything in
// the body, then only uses the reference to re-read the request through the API (the payload is
// a hint, the API is the truth).
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";

/** How old a signed timestamp may be: a captured delivery cannot be replayed later. */
const TOLERANCE_SECONDS = 300;
const MAX_BODY_BYTES = 64 * 1024;

/** Checks `Portal-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function verifyPortalSignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  const v1 = parts.v1 ?? "";
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > TOLERANCE_SECONDS || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, "hex"));
}

export type WebhookReceiverOptions = {
  secret: string | null;
  host: string;
  port: number;
  now: () => Date;
  onRequestEvent: (reference: string) => void;
  log: (line: string) => void;
};

export function startWebhookReceiver(options: WebhookReceiverOptions): Promise<http.Server> {
  const seen = new Set<string>();
  const server = http.createServer((req, res) => {
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (res.writableEnded) return;
      const body = Buffer.concat(chunks).toString("utf8");
      const header = req.headers["portal-signature"];
      const nowSeconds = Math.floor(options.now().getTime() / 1000);
      if (
        !options.secret ||
        !verifyPortalSignature(options.secret, typeof header === "string" ? header : undefined, body, nowSeconds)
      ) {
        options.log("webhook refused: bad or missing signature");
        res.writeHead(401).end();
        return;
      }
      // Deliveries are at-least-once: the same event id twice is acknowledged and ignored.
      const eventId = String(req.headers["portal-event-id"] ?? "");
      res.writeHead(204).end();
      if (eventId && seen.has(eventId)) return;
      if (eventId) seen.add(eventId);
      try {
        const event = JSON.parse(body) as { type?: string; data?: { reference?: string } };
        const reference = event.data?.reference;
        if (typeof reference === "string" && /^BR-\d{4}-\d{6,}$/.test(reference)) options.onRequestEvent(reference);
      } catch {
        options.log("webhook body was not JSON; ignored");
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
