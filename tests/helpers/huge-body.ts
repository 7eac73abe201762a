/**
 * A client that POSTs a body far larger than any server should read, without holding it: the
 * body is `head`, then one shared `fill` buffer written again and again up to `totalBytes`,
 * then `tail`, sent chunked (no Content-Length) at the pace the socket accepts. It stops
 * sending when the server answers (or, with `keepSendingMs`, that long after the answer, to
 * see whether the server goes on reading) or drops the connection, and reports how much the
 * socket took.
 */
import http from "node:http";

export interface HugeBodyResult {
  status: number | null;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Body bytes the socket accepted before the client stopped. */
  sentBytes: number;
  /** Of those, the bytes accepted after the answer arrived. */
  sentAfterAnswer: number;
  /** The connection error (ECONNRESET, EPIPE…), if any, whether before or after an answer. */
  error: string | null;
  ms: number;
}

export const MiB = 1024 * 1024;

export function postHugeBody(
  url: string,
  opts: {
    headers?: Record<string, string>;
    head?: string | Buffer;
    fill?: Buffer;
    tail?: string | Buffer;
    totalBytes: number;
    keepSendingMs?: number;
  },
): Promise<HugeBodyResult> {
  const head = Buffer.from(opts.head ?? "");
  const tail = Buffer.from(opts.tail ?? "");
  const fill = opts.fill ?? Buffer.alloc(MiB, "a");
  const keepSendingMs = opts.keepSendingMs ?? 0;
  const started = performance.now();
  return new Promise((resolve) => {
    // Keep-alive, as browsers ask: whether the server closes the connection is its own choice.
    const agent = new http.Agent({ keepAlive: true });
    const req = http.request(url, { method: "POST", headers: opts.headers, agent });
    let sentBytes = 0;
    let sentAtAnswer = 0;
    let answeredAt: number | null = null;
    let status: number | null = null;
    let headers: http.IncomingHttpHeaders = {};
    let body = "";
    let error: string | null = null;
    let responseOver = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      req.destroy();
      agent.destroy();
      const sentAfterAnswer = answeredAt === null ? 0 : sentBytes - sentAtAnswer;
      resolve({
        status,
        headers,
        body,
        sentBytes,
        sentAfterAnswer,
        error,
        ms: Math.round(performance.now() - started),
      });
    };
    // After an answer: done once the response is over and the extra sending time has passed.
    const settleAfterAnswer = () => {
      if (!responseOver || answeredAt === null) return;
      const left = keepSendingMs - (performance.now() - answeredAt);
      if (left <= 0) finish();
      else setTimeout(finish, left);
    };
    req.on("response", (res) => {
      answeredAt = performance.now();
      sentAtAnswer = sentBytes;
      status = res.statusCode ?? null;
      headers = res.headers;
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      const over = () => {
        responseOver = true;
        settleAfterAnswer();
      };
      res.on("end", over);
      res.on("error", over);
      res.on("close", over);
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      error ??= err.code ?? err.message;
      // Before any answer, a failed connection is the end; after one, the response settles it.
      if (status === null) finish();
    });
    const sending = () =>
      !done && !req.destroyed && (answeredAt === null || performance.now() - answeredAt < keepSendingMs);
    const pump = () => {
      while (sending()) {
        const remaining = opts.totalBytes - sentBytes;
        if (remaining <= 0) {
          req.end(tail);
          return;
        }
        const chunk =
          sentBytes === 0 && head.length ? head : remaining < fill.length ? fill.subarray(0, remaining) : fill;
        sentBytes += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
    };
    pump();
  });
}

/** A multipart body of `parts` one-character text fields (about 80 bytes each). */
export function manyPartsBody(
  parts: number,
  boundary = "----hostile-boundary-1234",
): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const one = `--${boundary}\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n`;
  return {
    body: new TextEncoder().encode(one.repeat(parts) + `--${boundary}--\r\n`),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
